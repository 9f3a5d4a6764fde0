"""Advancement rules, ties at the cut, manual additions."""
from decimal import Decimal as D
from types import MappingProxyType

import pytest

from contests.scoring import AdvancementRule, Metric, advance, rank
from contests.scoring.advancement import ADVANCEMENT_RULES, CUT_TIE_POLICIES
from contests.scoring.results import EntryResult


def _e(key, total, practical="0", heat="", delegation="", disqualified=""):
    return EntryResult(key, total=D(total), heat=heat, delegation=delegation,
                       component_scores=MappingProxyType({"practical": D(practical)}),
                       disqualified=disqualified)


BY_TOTAL_THEN_PRACTICAL = [Metric("total"), Metric("component", "practical")]


def _field():
    # a 95; b 90 (practical 70); c 90 (practical 60); d 85; e 80 (disqualified).
    return rank([_e("a", "95"), _e("b", "90", "70"), _e("c", "90", "60"), _e("d", "85"),
                 _e("e", "80", disqualified="doping")], BY_TOTAL_THEN_PRACTICAL)


def test_registries_hold_the_configuration_names():
    assert set(ADVANCEMENT_RULES) == {"top_n", "top_n_per_heat", "top_n_per_delegation",
                                      "min_score", "share_of_mean", "none"}
    assert set(CUT_TIE_POLICIES) == {"all_tied", "tie_break"}


def test_top_two_with_all_tied_lets_the_tied_entry_through_visibly():
    # Cut after 2: a, b. c has the same total as b; "all_tied" looks at the total only.
    outcome = advance(_field(), AdvancementRule("top_n", n=2, ties="all_tied"))
    assert outcome.keys == ("a", "b", "c")
    assert [x.beyond_cut for x in outcome.advancing] == [False, False, True]
    assert "tied at the cut with b on total (policy all_tied)" in outcome.advancing[2].reason.text
    assert outcome.not_advancing == ("d", "e")


def test_top_two_with_tie_break_uses_the_list():
    outcome = advance(_field(), AdvancementRule("top_n", n=2, ties="tie_break"))
    assert outcome.keys == ("a", "b")
    assert not any(x.beyond_cut for x in outcome.advancing)


def test_a_tie_on_every_metric_goes_through_even_under_tie_break():
    ranking = rank([_e("a", "95"), _e("b", "90"), _e("c", "90")], [Metric("total")])
    outcome = advance(ranking, AdvancementRule("top_n", n=2, ties="tie_break"))
    assert outcome.keys == ("a", "b", "c") and outcome.advancing[2].beyond_cut


def test_top_n_per_heat_and_per_delegation():
    items = [_e("h1-a", "90", heat="H1", delegation="X"), _e("h1-b", "80", heat="H1", delegation="X"),
             _e("h1-c", "70", heat="H1", delegation="Y"), _e("h2-a", "60", heat="H2", delegation="Y"),
             _e("h2-b", "50", heat="H2", delegation="Y")]
    ranking = rank(items, [Metric("total")])
    per_heat = advance(ranking, AdvancementRule("top_n_per_heat", n=1))
    assert per_heat.keys == ("h1-a", "h2-a")  # the winner of H2 goes through with 60
    assert per_heat.advancing[1].reason.text == "advances: rank 1 is within the top 1 of heat H2"
    per_delegation = advance(ranking, AdvancementRule("top_n_per_delegation", n=2))
    assert per_delegation.keys == ("h1-a", "h1-b", "h1-c", "h2-a")


def test_min_score_and_share_of_mean():
    ranking = rank([_e(k, t) for k, t in zip("abcde", ("100", "90", "40", "30", "20"))],
                   [Metric("total")])
    assert advance(ranking, AdvancementRule("min_score", threshold=40)).keys == ("a", "b", "c")
    # Mean (100 + 90 + 40 + 30 + 20) / 5 = 56; 70% of 56 = 39.2: a, b, c (40) advance.
    outcome = advance(ranking, AdvancementRule("share_of_mean", percent=70))
    assert outcome.keys == ("a", "b", "c")
    assert outcome.advancing[2].reason.text == ("advances: total 40 is at least 70% of the mean 56, "
                                                "i.e. 39.2")


def test_manual_additions_are_kept_apart_and_marked():
    outcome = advance(_field(), AdvancementRule("top_n", n=1),
                      manual={"d": "wild card: host province", "a": "double listed"})
    assert [x.key for x in outcome.advancing] == ["a"]
    assert [(x.key, x.manual) for x in outcome.manual] == [("d", True)]
    assert outcome.manual[0].reason.text == "added by hand by the organizer: wild card: host province"
    assert outcome.trace[0].code == "advance.already"
    assert outcome.keys == ("a", "d")
    assert advance(_field(), AdvancementRule("none")).keys == ()
    with pytest.raises(ValueError, match="not an entry"):
        advance(_field(), AdvancementRule("none"), manual={"zz": "typo"})
    with pytest.raises(ValueError):
        AdvancementRule("min_score")
