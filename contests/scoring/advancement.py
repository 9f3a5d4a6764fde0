"""Advancement: who goes on to the next stage, by a named rule.

Rules work on one Ranking (usually one event of a stage): top N overall, top
N per heat, top N per delegation, everyone at or above a score, everyone at
or above a share of the mean, or none. Guests (不参与评奖) are ranked but take
no place and count in no mean: the rule is applied to the other entries (the
organizer may still add a guest by hand). Ties at a cut follow a stated policy
(CUT_TIE_POLICIES) and anyone let through beyond N is marked. Manual
additions by the organizer are kept apart and marked as such.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .ranking import TIE_POLICIES, Placing, Ranking, take_top
from .values import as_count, as_optional_decimal, check_choice, exact, frozen_mapping, to_decimal
from .vocabulary import N_, Vocabulary

#: Policy for ties at the cut: "all_tied" or "tie_break" (see ranking.TIE_POLICIES).
CUT_TIE_POLICIES = TIE_POLICIES


@dataclass(frozen=True)
class AdvancementRule:
    """``method`` (ADVANCEMENT_RULES key) with its parameter: ``n`` for the
    top-N rules, ``threshold`` for min_score, ``percent`` for share_of_mean."""

    method: str = "none"
    n: int | None = None
    threshold: Decimal | None = None
    percent: Decimal | None = None
    ties: str = "all_tied"

    def __post_init__(self) -> None:
        check_choice(self.method, ADVANCEMENT_RULES, "advancement rule")
        check_choice(self.ties, CUT_TIE_POLICIES, "cut tie policy")
        if self.method.startswith("top_n"):
            as_count(self.n, f"{self.method} n")
        object.__setattr__(self, "threshold", as_optional_decimal(self.threshold, "threshold"))
        object.__setattr__(self, "percent", as_optional_decimal(self.percent, "percent"))
        if self.method == "min_score" and self.threshold is None:
            raise ValueError("min_score needs a threshold")
        if self.method == "share_of_mean" and self.percent is None:
            raise ValueError("share_of_mean needs a percent")


@dataclass(frozen=True)
class Advance:
    """One entry going through, and why; ``beyond_cut`` marks one let through
    past N by a tie at the cut, ``manual`` one added by hand."""

    key: str
    reason: TraceLine
    beyond_cut: bool = False
    manual: bool = False


@dataclass(frozen=True)
class AdvancementOutcome:
    """Who advances by the rule (rank order), who was added by hand (kept
    apart), and who does not advance."""

    advancing: tuple[Advance, ...]
    manual: tuple[Advance, ...]
    not_advancing: tuple[str, ...]
    trace: tuple[TraceLine, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Everyone going through: by the rule, then the manual additions."""
        return tuple(a.key for a in self.advancing + self.manual)


Picked = list[tuple[Placing, TraceLine, bool]]


def _group_ranks(placings: tuple) -> list[int]:
    # Competition ranks within a group (a heat, a delegation): 1, 2, 2, 4.
    ranks: list[int] = []
    for i, p in enumerate(placings):
        ranks.append(ranks[-1] if i and p.values == placings[i - 1].values else i + 1)
    return ranks


def _top(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple,
         per: str = "", group: str = "") -> Picked:
    # ``per``: the attribute a top N is taken within ("heat", "delegation"), ``group``: its value
    within, beyond = take_top(placings, rule.n, depth)
    ranks = _group_ranks(placings)
    picked = [(p, note("advance.top_n", rank=ranks[i], n=rule.n, per=per, group=group), False)
              for i, p in enumerate(within)]
    for p in beyond:
        picked.append((p, note("advance.tie_at_cut", n=rule.n, per=per, group=group,
                               other=within[-1].key, metrics=labels[:depth], policy=rule.ties),
                       True))
    return picked


def _per(attribute: str) -> Callable[..., Picked]:
    def rule_fn(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple) -> Picked:
        groups: dict[str, list[Placing]] = {}
        for p in placings:
            groups.setdefault(getattr(p.item, attribute), []).append(p)
        picked: Picked = []
        for name in sorted(groups):
            picked += _top(tuple(groups[name]), rule, depth, labels, attribute, name)
        return picked
    rule_fn.__doc__ = f"Top N within each {attribute}, in rank order within it."
    return rule_fn


def _top_n(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple) -> Picked:
    """Top N of the ranking."""
    return _top(placings, rule, depth, labels)


def _min_score(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple) -> Picked:
    """Everyone whose total is at least the threshold."""
    return [(p, note("advance.min_score", total=p.item.total, threshold=rule.threshold), False)
            for p in placings if p.item.total >= rule.threshold]


def _share_of_mean(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple) -> Picked:
    """Everyone at or above ``percent``% of the mean total of the ranked entries."""
    if not placings:
        return []
    mean = sum((exact(p.item.total) for p in placings), Fraction(0)) / len(placings)
    threshold = exact(rule.percent) * mean / 100  # exact: no rounding decides who goes
    return [(p, note("advance.share_of_mean", total=p.item.total, percent=rule.percent,
                     mean=to_decimal(mean), threshold=to_decimal(threshold)), False)
            for p in placings if exact(p.item.total) >= threshold]


def _none(placings: tuple, rule: AdvancementRule, depth: int, labels: tuple) -> Picked:
    """Nobody advances by rule (a final stage); manual additions still apply."""
    return []


#: Advancement rule (configuration string) -> fn(placings, rule, depth, labels).
ADVANCEMENT_RULES: dict[str, Callable[..., Picked]] = {
    "top_n": _top_n,
    "top_n_per_heat": _per("heat"),
    "top_n_per_delegation": _per("delegation"),
    "min_score": _min_score,
    "share_of_mean": _share_of_mean,
    "none": _none,
}

ADVANCEMENT_RULE_VOCABULARY = Vocabulary.of("advancement_rule", ADVANCEMENT_RULES, {
    "top_n": N_("Top N"),
    "top_n_per_heat": N_("Top N of each heat"),
    "top_n_per_delegation": N_("Top N of each delegation"),
    "min_score": N_("Everyone at or above a score"),
    "share_of_mean": N_("Everyone at or above a share of the mean (%)"),
    "none": N_("Nobody advances (last stage)"),
})


def advance(ranking: Ranking, rule: AdvancementRule,
            manual: Mapping[str, str] | None = None) -> AdvancementOutcome:
    """Apply ``rule`` to ``ranking``; ``manual`` maps entry key -> the
    organizer's reason for adding it by hand (any ranked or unranked entry)."""
    depth = CUT_TIE_POLICIES[rule.ties](ranking.metrics)
    labels = tuple(m.label for m in ranking.metrics)
    # Guests (不参与评奖) are ranked but take no place: the rule sees the others only.
    competing = tuple(p for p in ranking.placings if not getattr(p.item, "guest", False))
    picked = ADVANCEMENT_RULES[rule.method](competing, rule, depth, labels)
    order = {p.key: i for i, p in enumerate(ranking.placings)}
    picked.sort(key=lambda item: order[item[0].key])
    advancing = tuple(Advance(p.key, line, beyond) for p, line, beyond in picked)
    chosen = {a.key for a in advancing}
    known = set(order) | {u.key for u in ranking.unranked}
    trace, added = [], []
    for key, reason in sorted(frozen_mapping(manual).items()):
        if key not in known:
            raise ValueError(f"manual addition {key!r} is not an entry of this ranking")
        if key in chosen:
            trace.append(note("advance.already", key=key))
            continue
        added.append(Advance(key, note("advance.manual", reason=reason), manual=True))
    going = chosen | {a.key for a in added}
    rest = tuple(k for k in sorted(known) if k not in going)
    return AdvancementOutcome(advancing, tuple(added), rest, tuple(trace))
