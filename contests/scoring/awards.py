"""Awards: prize tiers by quota, by proportion, or by score band.

Tiers are filled in rank order from *eligible* entries only (not vetoed, not
disqualified, every gate passed), so an ineligible entry among the leaders is
skipped and the quota filled from the next eligible one. A tier's minimum
score may leave it part-filled or empty, the unused places are not passed
down, and each tier keeps its own quota. Ties at a quota boundary follow the
stated policy (BOUNDARY_TIE_POLICIES); anyone awarded beyond the quota is
marked. Tiers may carry a benefit such as a monthly allowance paid yearly.

Guests (不参与评奖) are ranked and shown but never eligible: a quota skips
them and a proportion's base does not count them. The base of every quota
and share -- how many eligible entrants, and how many were left out for which
reason (withdrawn, disqualified, vetoed, not finalized, below a pass mark,
guest) -- is written into each holder's explanation with the rounding.

A single-item prize (单项奖) ranks on one component or criterion instead of
the total (``AwardRule.basis``): the eligible entries are ranked on that
value first, then by the stage's own ranking order, so "best practical" may
go to someone other than the overall winner.

The vocabularies of a rule's parts and its Benefit and Tier are in award_tiers.py; every
name is importable from here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .award_tiers import (
    AWARD_BASES,
    AWARD_BASIS_VOCABULARY,
    BENEFIT_PERIOD_VOCABULARY,
    BENEFIT_PERIODS,
    BOUNDARY_TIE_POLICIES,
    LEFT_OUT_REASONS,
    PROPORTION_ROUNDING_VOCABULARY,
    PROPORTION_ROUNDINGS,
    Benefit,
    Tier,
)
from .explain import TraceLine, note
from .ranking import METRICS, Metric, Placing, Ranking, rank, tied
from .rounding import quantize
from .values import check_choice, check_unique
from .vocabulary import N_, Vocabulary

__all__ = ["AWARD_BASES", "AWARD_BASIS_VOCABULARY", "AWARD_METHODS", "AWARD_METHOD_VOCABULARY",
           "BENEFIT_PERIODS", "BENEFIT_PERIOD_VOCABULARY", "BOUNDARY_TIE_POLICIES",
           "LEFT_OUT_REASONS", "PROPORTION_ROUNDINGS", "PROPORTION_ROUNDING_VOCABULARY", "Award",
           "AwardOutcome", "AwardRule", "Benefit", "Tier", "TierSummary", "award",
           "award_metrics", "left_out_reason"]


@dataclass(frozen=True, slots=True)
class AwardRule:
    """``method`` (AWARD_METHODS key), tiers best first, ``rounding``
    (PROPORTION_ROUNDINGS key, proportion method), ``ties`` policy, and what
    it ranks on: ``basis`` "total", or "component"/"criterion" with the
    ``basis_key`` it names (a single-item prize)."""

    method: str
    tiers: tuple[Tier, ...]
    rounding: str = "floor"
    ties: str = "all_tied"
    basis: str = "total"
    basis_key: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
        check_choice(self.basis, AWARD_BASES, "award basis")
        if self.basis == "total":
            object.__setattr__(self, "basis_key", "")
        elif not self.basis_key:
            raise ValueError(f"a single-item prize on a {self.basis} needs its key")
        check_choice(self.method, AWARD_METHODS, "award method")
        check_choice(self.rounding, PROPORTION_ROUNDINGS, "proportion rounding")
        check_choice(self.ties, BOUNDARY_TIE_POLICIES, "boundary tie policy")
        check_unique((t.key for t in self.tiers), "tier")
        need = {"quota": "count", "proportion": "percent", "score_band": "min_score"}[self.method]
        for tier in self.tiers:
            if getattr(tier, need) is None:
                raise ValueError(f"tier {tier.key}: the {self.method} method needs {need}")
        if self.method == "score_band":
            floors = [t.min_score for t in self.tiers]
            if floors != sorted(floors, reverse=True) or len(set(floors)) != len(floors):
                raise ValueError("score bands must be listed from the highest floor down")

    @property
    def metric(self) -> Metric:
        """The ranking metric the rule ranks on (the total for overall prizes)."""
        return Metric(self.basis, self.basis_key)

    def score(self, item) -> Decimal | None:
        """The value the rule ranks on and compares with a tier's minimum."""
        return METRICS[self.basis].read(item, self.basis_key)


@dataclass(frozen=True, slots=True)
class Award:
    """One entry's tier, with the rule that placed it there."""

    key: str
    tier: str
    rank: int
    beyond_quota: bool
    benefit: Benefit | None
    trace: tuple[TraceLine, ...]


@dataclass(frozen=True)
class TierSummary:
    """How a tier was filled: its quota (None for bands), how many received
    it, how many of those beyond the quota, and notes (quota, shortfall)."""

    tier: str
    quota: int | None
    awarded: int
    beyond_quota: int
    trace: tuple[TraceLine, ...]


@dataclass(frozen=True, slots=True)
class AwardOutcome:
    """Awards (tier order, then rank order), eligible entries with no tier,
    ineligible entries skipped (with reasons), and one summary per tier."""

    awards: tuple[Award, ...]
    no_award: tuple[tuple[str, tuple[TraceLine, ...]], ...]
    skipped: tuple[tuple[str, tuple[TraceLine, ...]], ...]
    tiers: tuple[TierSummary, ...]
    _by_key: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {a.key: a for a in self.awards})

    def tier_of(self, key: str) -> str | None:
        """The tier ``key`` received, or None."""
        found = self._by_key.get(key)
        return found.tier if found else None

    def holders(self, tier: str) -> tuple[str, ...]:
        """Keys holding ``tier``, in rank order."""
        return tuple(a.key for a in self.awards if a.tier == tier)

    def payout(self, key: str) -> Decimal:
        """The benefit payment ``key`` receives (0 if none)."""
        found = self._by_key.get(key)
        return found.benefit.payout_amount if found and found.benefit else Decimal(0)


def _award(p: Placing, tier: Tier, lines: list[TraceLine], beyond: bool,
           rule: AwardRule) -> Award:
    if rule.basis != "total":
        lines.insert(0, note("award.ranked_on", tier=tier.key, metric=rule.metric.label,
                             value=rule.score(p.item)))
    if tier.benefit:
        b = tier.benefit
        lines.append(note("award.benefit", tier=tier.key, amount=b.amount, period=b.period,
                          payout=b.payout_amount, payout_period=b.payout))
    return Award(p.key, tier.key, p.rank, beyond, tier.benefit, tuple(lines))


def _fill(eligible: list[Placing], rule: AwardRule, quotas: Sequence[int],
          quota_notes: Sequence[tuple], depth: int, labels: tuple):
    """Fill tiers in order from the eligible placings (quota and proportion); each
    holder's explanation starts with its tier's base (``quota_notes``)."""
    remaining = eligible
    notes: dict[str, list[TraceLine]] = {p.key: [] for p in eligible}
    awards, summaries = [], []
    for tier, quota, qnotes in zip(rule.tiers, quotas, quota_notes):
        taken: list[Placing] = []
        beyond: list[Placing] = []
        keep: list[Placing] = []
        open_tie = True
        for p in remaining:
            meets = tier.min_score is None or rule.score(p.item) >= tier.min_score
            if len(taken) < quota:
                if meets:
                    taken.append(p)
                    continue
                notes[p.key].append(note("award.below_minimum", tier=tier.key,
                                         total=rule.score(p.item), min_score=tier.min_score))
            elif open_tie and taken and meets and tied(p, taken[-1], depth):
                beyond.append(p)
                continue
            else:
                open_tie = False
            keep.append(p)
        for i, p in enumerate(taken):
            line = note("award.quota", tier=tier.key, position=i + 1, quota=quota, rank=p.rank,
                        method=rule.method)
            awards.append(_award(p, tier, [*qnotes, *notes[p.key], line], False, rule))
        for p in beyond:
            line = note("award.tie_at_quota", tier=tier.key, quota=quota, other=taken[-1].key,
                        metrics=labels[:depth], policy=rule.ties)
            awards.append(_award(p, tier, [*qnotes, *notes[p.key], line], True, rule))
        short = (note("award.tier_short", tier=tier.key, filled=len(taken), quota=quota),)
        summaries.append(TierSummary(tier.key, quota, len(taken) + len(beyond), len(beyond),
                                     tuple(qnotes) + (short if len(taken) < quota else ())))
        remaining = keep
    no_award = [(p.key, tuple(notes[p.key]) + (note("award.quotas_full"),)) for p in remaining]
    return awards, no_award, summaries


def _quota(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple,
           left_out: tuple):
    """Fixed places per tier (e.g. special 1, first 3, second 6, third 12), filled from
    the eligible entrants only."""
    quotas = [t.count for t in rule.tiers]
    bases = [(note("award.base", tier=t.key, quota=t.count, eligible=len(eligible),
                   left_out=left_out),) for t in rule.tiers]
    return _fill(eligible, rule, quotas, bases, depth, labels)


def _proportion(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple,
                left_out: tuple):
    """Places per tier as a share of the eligible entrants, rounded as stated."""
    quotas, quota_notes = [], []
    for tier in rule.tiers:
        raw = Fraction(tier.percent) * len(eligible) / 100
        quota = PROPORTION_ROUNDINGS[rule.rounding](raw)
        quotas.append(quota)
        quota_notes.append((note("award.proportion", tier=tier.key, percent=tier.percent,
                                 eligible=len(eligible), raw=quantize(raw, 4),
                                 rounding=rule.rounding, quota=quota, left_out=left_out),))
    return _fill(eligible, rule, quotas, quota_notes, depth, labels)


def _score_band(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple,
                left_out: tuple):
    """Highest band whose floor the value reaches; below every band: none."""
    awards, no_award = [], []
    counts = {t.key: 0 for t in rule.tiers}
    for p in eligible:
        value = rule.score(p.item)
        tier = next((t for t in rule.tiers if value >= t.min_score), None)
        if tier is None:
            no_award.append((p.key, (note("award.ungraded", total=value),)))
            continue
        counts[tier.key] += 1
        line = note("award.band", tier=tier.key, total=value, min_score=tier.min_score)
        awards.append(_award(p, tier, [line], False, rule))
    summaries = [TierSummary(t.key, None, counts[t.key], 0,
                             () if counts[t.key] else (note("award.band_empty", tier=t.key,
                                                            min_score=t.min_score),))
                 for t in rule.tiers]
    order = {t.key: i for i, t in enumerate(rule.tiers)}
    awards.sort(key=lambda a: order[a.tier])  # stable: rank order within a band
    return awards, no_award, summaries


#: Award method (configuration string) -> fn(eligible placings, rule, depth, labels,
#: left_out: ((reason, count), ...) of the entrants not counted in the base).
AWARD_METHODS: dict[str, Callable] = {
    "quota": _quota,
    "proportion": _proportion,
    "score_band": _score_band,
}

AWARD_METHOD_VOCABULARY = Vocabulary.of("method", AWARD_METHODS, {
    "quota": N_("Fixed number per tier"),
    "proportion": N_("Share of eligible entrants"),
    "score_band": N_("Score bands"),
})


def award_metrics(rule: AwardRule, metrics: Sequence[Metric]) -> tuple[Metric, ...]:
    """What a rule's ranking is ordered by: the stage's ranking order for an overall
    prize; for a single-item prize its component or criterion first, then the stage's
    order (less that item) to break ties."""
    metrics = tuple(metrics)
    if rule.basis == "total":
        return metrics
    return (rule.metric,) + tuple(m for m in metrics if m != rule.metric)


def left_out_reason(item) -> str:
    """Why an ineligible entry (or team) is not counted in a prize's base: one of
    LEFT_OUT_REASONS, the first that applies."""
    if getattr(item, "disqualified", ""):
        return "disqualified"
    if getattr(item, "vetoed", False):
        return "vetoed"
    if not item.rankable:
        return "incomplete"
    if getattr(item, "failed_gates", ()):
        return "failed_gate"
    if getattr(item, "guest", False):
        return "guest"
    return "no_value"


def _left_out(reasons: Sequence[str], withdrawn: int) -> tuple[tuple[str, int], ...]:
    counts = {"withdrawn": withdrawn}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    return tuple((r, counts[r]) for r in LEFT_OUT_REASONS if counts.get(r))


def award(ranking: Ranking, rule: AwardRule, withdrawn: int = 0) -> AwardOutcome:
    """Assign tiers to the entries of one ranking (one event, heat, or team
    standing) by ``rule``. Ineligible and unranked entries are skipped with
    their reasons and left out of the base; ``withdrawn`` counts the entrants of
    this group who withdrew (they are not in the ranking) for the base's
    explanation. A single-item rule re-ranks the entries on its item first
    unless ``ranking`` already is (see award_metrics)."""
    wanted = award_metrics(rule, ranking.metrics)
    if ranking.metrics != wanted:
        items = [p.item for p in ranking.placings] + [u.item for u in ranking.unranked]
        ranking = rank(items, wanted, ranking.scope, ranking.scope_key)
    eligible, skipped, reasons = [], [], []
    for p in ranking.placings:
        if not p.item.eligible:
            skipped.append((p.key, p.item.exclusions))
            reasons.append(left_out_reason(p.item))
        elif rule.score(p.item) is None:
            skipped.append((p.key, (note("award.no_value", tier=rule.tiers[0].key if rule.tiers
                                         else "", metric=rule.metric.label),)))
            reasons.append("no_value")
        else:
            eligible.append(p)
    skipped += [(u.key, u.reasons) for u in ranking.unranked]
    reasons += [left_out_reason(u.item) for u in ranking.unranked]
    depth = BOUNDARY_TIE_POLICIES[rule.ties](ranking.metrics)
    labels = tuple(m.label for m in ranking.metrics)
    awards, no_award, summaries = AWARD_METHODS[rule.method](
        eligible, rule, depth, labels, _left_out(reasons, withdrawn))
    return AwardOutcome(tuple(awards), tuple(no_award), tuple(skipped), tuple(summaries))
