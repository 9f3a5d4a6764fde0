"""score_stage end to end: levels, refusals, bad input, traces."""
from decimal import Decimal as D

import pytest

from contests.scoring import (
    AggregationRule,
    Component,
    Criterion,
    EntryMarks,
    RaterGroup,
    RoundingRule,
    Rubric,
    Sheet,
    StageConfig,
    render,
    score_entry,
    score_stage,
)
from contests.scoring.explain import MESSAGES, TraceLine, note

RUBRIC = Rubric((Criterion("knowledge", D(40)), Criterion("service", D(60))))


def _config(level="criterion", **kw):
    kw.setdefault("aggregation", AggregationRule("trimmed_mean", trim=1))
    return StageConfig((Component("main", RUBRIC),), aggregation_level=level, **kw)


def _entry(name, rows, **kw):
    # rows: (knowledge, service) per judge J1..Jn
    return EntryMarks(name, tuple(Sheet(f"J{i + 1}", {"knowledge": D(k), "service": D(s)})
                                  for i, (k, s) in enumerate(rows)), **kw)


ROWS = [("30", "50"), ("40", "20"), ("20", "55"), ("35", "45"), ("25", "60")]


def test_criterion_level_and_sheet_level_differ_as_the_organizer_chose():
    # Criterion by criterion: knowledge 30 40 20 35 25 -> drop 20, 40 -> 90/3 = 30;
    # service 50 20 55 45 60 -> drop 20, 60 -> 150/3 = 50; total 80.
    (by_criterion,) = score_stage(_config("criterion"), [_entry("A", ROWS)])
    assert by_criterion.total == D("80.00")
    assert by_criterion.criterion_scores["service"] == D(50)
    # Sheet totals 80 60 75 80 85 -> drop J2's 60 and J5's 85 -> (80 + 75 + 80)/3 = 78.333...
    (by_sheet,) = score_stage(_config("sheet"), [_entry("A", ROWS)])
    assert by_sheet.total == D("78.33")
    assert "sheet total: J1 80, J2 60, J3 75, J4 80, J5 85 (dropped lowest J2, highest J5)" \
        in render(by_sheet.trace)


def test_each_step_rounding_rounds_every_aggregate_once():
    rows = [("30", "50"), ("31", "51"), ("30", "51"), ("10", "10"), ("40", "60")]
    # knowledge: drop 10 and 40 -> 91/3 = 30.333 -> 30.33; service: drop 10 and 60 ->
    # 152/3 = 50.666... -> 50.67; total 81.00 (exactly 243/3 = 81 unrounded too).
    (result,) = score_stage(_config(rounding=RoundingRule(2, "each_step")), [_entry("A", rows)])
    assert result.criterion_scores["knowledge"] == D("30.33")
    assert result.criterion_scores["service"] == D("50.67")
    assert result.total == D("81.00")


def test_refuse_fallback_and_disqualification_and_missing_marks():
    config = _config(aggregation=AggregationRule("trimmed_mean", trim=1, fallback="refuse"))
    short, dq, empty = score_stage(config, [
        _entry("A", ROWS[:2]), _entry("B", ROWS, disqualified="impersonation"), EntryMarks("C")])
    assert short.status == "incomplete" and short.problems[0].code == "aggregate.refused"
    assert dq.status == "scored" and dq.total == D("80.00") and not dq.rankable
    assert dq.exclusions[0].text == "disqualified: impersonation"
    assert empty.status == "incomplete"
    assert empty.problems[0].code == "groups.missing_refused"


def test_bad_input_is_refused_with_entry_judge_and_criterion():
    with pytest.raises(ValueError, match="entry A main/panel judge J2: criterion service mark 61"):
        score_stage(_config(), [_entry("A", [("30", "50"), ("30", "61"), ("30", "50")])])
    with pytest.raises(ValueError, match="a judge has more than one sheet"):
        score_stage(_config(), [EntryMarks(
            "A", (Sheet("J1", {"knowledge": D(1), "service": D(1)}),) * 2)])
    with pytest.raises(ValueError, match="unknown component 'theory'"):
        score_stage(_config(), [EntryMarks("A", (Sheet("J1", {"x": D(1)}, "theory"),))])
    with pytest.raises(ValueError, match="entry id: 'A' appears more than once"):
        score_stage(_config(), [_entry("A", ROWS), _entry("A", ROWS)])
    with pytest.raises(ValueError, match="weights sum to 90"):
        StageConfig((Component("main", RUBRIC),), rater_groups=(RaterGroup("a", 90),))
    with pytest.raises(ValueError, match="criterion key"):
        StageConfig((Component("t", RUBRIC, 50), Component("p", RUBRIC, 50)))


def test_score_entry_matches_score_stage_and_traces_are_structured():
    one = score_entry(_config(), _entry("A", ROWS))
    (same,) = score_stage(_config(), [_entry("A", ROWS)])
    assert one == same
    for line in one.trace:
        assert isinstance(line, TraceLine) and line.code in MESSAGES and line.text
        assert line.args == dict(line.params)
    first = one.trace[0]
    assert first.code == "aggregate.rows" and first.args["method"] == "trimmed_mean"
    assert first.args["dropped"] == ((2, 1), (1, 4))  # knowledge J3 low, J2 high; service J2, J5
    with pytest.raises(KeyError):
        note("no.such.code")


def test_a_judge_may_file_only_a_veto_but_not_an_empty_sheet():
    rubric = Rubric((Criterion("service", D(60)), Criterion("veto", kind="veto")))
    config = StageConfig((Component("main", rubric),))
    marks = tuple(Sheet(f"J{i}", {"service": D(50)}) for i in range(3))
    chief = Sheet("chief", {}, vetoes={"veto": "brought notes into the exam"})
    (result,) = score_stage(config, [EntryMarks("A", marks + (chief,))])
    assert result.total == D("50.00") and result.vetoed and not result.rankable
    assert result.vetoes[0].judge == "chief"
    assert "veto by judge chief (panel) on veto: brought notes into the exam" in render(result.trace)
    with pytest.raises(ValueError, match="empty sheet"):
        score_stage(config, [EntryMarks("B", marks + (Sheet("J9", {}),))])
