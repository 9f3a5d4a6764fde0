"""Judge normalisation (normalisation.py): z-scores rescaled to the panel, worked by hand."""
from decimal import Decimal as D

import pytest

from contests.scoring import (
    Component,
    Criterion,
    EntryMarks,
    RaterGroup,
    Rubric,
    Sheet,
    StageConfig,
    render,
    score_stage,
)
from contests.scoring.normalisation import mean_and_deviation, panel_scale

RUBRIC = Rubric((Criterion("practice", D(100)),))


def _config(normalisation="z_score"):
    group = RaterGroup("panel", D(100), normalisation=normalisation)
    return StageConfig((Component("main", RUBRIC),), rater_groups=(group,),
                       aggregation_level="sheet")


def _entry(name, marks, **kw):
    return EntryMarks(name, tuple(Sheet(judge, {"practice": D(mark)})
                                  for judge, mark in marks.items()), **kw)


# Three judges over four entries; judge C marked only E1 and E3.
#            E1   E2   E3   E4     own mean m_j   own population sd s_j
#   A        91   85   83   77     336/4 = 84     sqrt((49+1+1+49)/4) = sqrt(25) = 5
#   B        79   83   67   79     308/4 = 77     sqrt((4+36+100+4)/4) = sqrt(36) = 6
#   C        80    –   76    –     156/2 = 78     sqrt((4+4)/2) = sqrt(4) = 2
# Panel, all 10 raw sheet totals: m = 800/10 = 80;
#   squared deviations from 80: A 121+25+9+9 = 164, B 1+9+169+1 = 180, C 0+16 = 16;
#   s = sqrt(360/10) = sqrt(36) = 6.
# x' = m + s·(x − m_j)/s_j = 80 + 6·(x − m_j)/s_j:
#   A (factor 6/5 = 1.2): 91 → 80 + 1.2·7 = 88.4; 85 → 81.2; 83 → 78.8; 77 → 71.6
#   B (factor 6/6 = 1):   79 → 82; 83 → 86; 67 → 70
#   C (factor 6/2 = 3):   80 → 86; 76 → 74
# Entry score = mean of its x':
#   E1 (88.4 + 82 + 86)/3 = 256.4/3 = 85.4666… → 85.47   (raw mean 250/3 = 83.33)
#   E2 (81.2 + 86)/2      = 83.6               → 83.60   (raw mean 84)
#   E3 (78.8 + 70 + 74)/3 = 222.8/3 = 74.2666… → 74.27   (raw mean 226/3 = 75.33)
#   E4 (71.6 + 82)/2      = 76.8               → 76.80   (raw mean 78)
MARKS = {
    "E1": {"A": "91", "B": "79", "C": "80"},
    "E2": {"A": "85", "B": "83"},
    "E3": {"A": "83", "B": "67", "C": "76"},
    "E4": {"A": "77", "B": "79"},
}


def test_three_judges_over_four_entries_are_rescaled_to_the_panel():
    scale = panel_scale((judge, D(mark)) for marks in MARKS.values()
                        for judge, mark in marks.items())
    assert (scale.mean, scale.deviation, scale.count) == (D(80), D(6), 10)
    assert {j: (s.mean, s.deviation) for j, s in scale.judges.items()} == {
        "A": (D(84), D(5)), "B": (D(77), D(6)), "C": (D(78), D(2))}
    assert [scale.normalise("A", D(m)) for m in ("91", "85", "83", "77")] == [
        D("88.4000"), D("81.2000"), D("78.8000"), D("71.6000")]
    assert scale.normalise("B", D(67)) == D("70.0000")
    assert scale.normalise("C", D(76)) == D("74.0000")

    results = {r.entry_id: r for r in score_stage(_config(), [_entry(k, v) for k, v in MARKS.items()])}
    assert {k: r.total for k, r in results.items()} == {
        "E1": D("85.47"), "E2": D("83.60"), "E3": D("74.27"), "E4": D("76.80")}
    # Raw, the order of E1 and E2 is the other way round (83.33 against 84).
    raw = {r.entry_id: r.total for r in score_stage(_config("none"),
                                                    [_entry(k, v) for k, v in MARKS.items()])}
    assert raw == {"E1": D("83.33"), "E2": D("84.00"), "E3": D("75.33"), "E4": D("78.00")}


def test_the_explanation_shows_raw_totals_beside_the_normalised_ones():
    results = {r.entry_id: r for r in score_stage(_config(), [_entry(k, v) for k, v in MARKS.items()])}
    text = render(results["E1"].trace)
    assert "mean m 80, sd s 6 over 10 sheets" in text
    assert "A 91 (own mean 84, sd 5) → 88.4000" in text
    assert "C 80 (own mean 78, sd 2) → 86.0000" in text
    # The raw marks themselves are not changed: the criterion value is the raw mean.
    assert results["E1"].criterion_scores["practice"] == D(250) / D(3)


def test_a_judge_with_one_sheet_or_no_spread_is_put_at_the_panel_mean():
    # D marked only E1 (one sheet: s_D = 0); A gave 80 to both entries (s_A = 0);
    # B gave 70 and 90 (m_B = 80, s_B = 10).
    # Panel totals 80, 70, 90, 80, 90: m = 410/5 = 82, variance (4+144+64+4+64)/5 = 56,
    # s = sqrt(56) = 7.483314773547882771167497465 (28 digits, half up).
    # A's and D's x' are m = 82.0000; B's 90 → 82 + s·(90 − 80)/10 = 89.48331… → 89.4833,
    # B's 70 → 82 − s = 74.51668… → 74.5167 (4 places, half up).
    marks = {"E1": {"A": "80", "B": "70", "D": "90"}, "E2": {"A": "80", "B": "90"}}
    scale = panel_scale((j, D(m)) for v in marks.values() for j, m in v.items())
    assert scale.judges["A"].deviation == 0 and scale.judges["D"].deviation == 0
    assert scale.mean == D(82)
    assert scale.deviation == D("7.483314773547882771167497465")
    assert scale.normalise("A", D(80)) == D("82.0000")
    assert scale.normalise("D", D(90)) == D("82.0000")
    assert scale.normalise("B", D(90)) == D("89.4833")
    assert scale.normalise("B", D(70)) == D("74.5167")
    # E1: (82 + 74.5167 + 82)/3 = 238.5167/3 = 79.50556… → 79.51; E2: (82 + 89.4833)/2
    # = 85.74165 → 85.74.
    totals = {r.entry_id: r.total for r in score_stage(
        _config(), [_entry(k, v) for k, v in marks.items()])}
    assert totals == {"E1": D("79.51"), "E2": D("85.74")}


def test_panels_are_separate_per_heat():
    # The same judge label in two heats is two panels: each heat normalised on its own.
    entries = [_entry("H1a", {"A": "90"}, heat="1"), _entry("H1b", {"A": "70"}, heat="1"),
               _entry("H2a", {"A": "60"}, heat="2"), _entry("H2b", {"A": "40"}, heat="2")]
    # One judge per panel: m = m_j and s = s_j, so x' = x (the judge is the panel).
    totals = {r.entry_id: r.total for r in score_stage(_config(), entries)}
    assert totals == {"H1a": D("90.00"), "H1b": D("70.00"), "H2a": D("60.00"),
                      "H2b": D("40.00")}


def test_standard_deviation_is_the_population_one():
    assert mean_and_deviation([D(2), D(4), D(4), D(4), D(5), D(5), D(7), D(9)]) == (
        D(5), D(2), 8)
    with pytest.raises(ValueError):
        mean_and_deviation([])


def test_an_unknown_normalisation_is_refused():
    with pytest.raises(ValueError, match="normalisation"):
        RaterGroup("panel", D(100), normalisation="rank")
