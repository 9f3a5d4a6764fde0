"""Awards: prize tiers by quota, by proportion, or by score band.

Tiers are filled in rank order from *eligible* entries only (not vetoed, not
disqualified, every gate passed), so an ineligible entry among the leaders is
skipped and the quota filled from the next eligible one. A tier's minimum
score may leave it part-filled or empty, the unused places are not passed
down, and each tier keeps its own quota. Ties at a quota boundary follow the
stated policy (BOUNDARY_TIE_POLICIES); anyone awarded beyond the quota is
marked. Tiers may carry a benefit such as a monthly allowance paid yearly.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .explain import TraceLine, note
from .ranking import TIE_POLICIES, Placing, Ranking, tied
from .rounding import quantize
from .values import (
    as_count,
    as_decimal,
    as_optional_decimal,
    as_percent,
    check_choice,
    check_unique,
)
from .vocabulary import N_, Vocabulary

#: Policy for ties at a quota boundary: "all_tied" or "tie_break" (see ranking.TIE_POLICIES).
BOUNDARY_TIE_POLICIES = TIE_POLICIES

#: How a proportion of entrants becomes a whole quota (exact arithmetic).
PROPORTION_ROUNDINGS: dict[str, Callable[[Fraction], int]] = {
    "floor": lambda q: q.numerator // q.denominator,
    "ceil": lambda q: -(-q.numerator // q.denominator),
    "half_up": lambda q: (2 * q.numerator + q.denominator) // (2 * q.denominator),
}

PROPORTION_ROUNDING_VOCABULARY = Vocabulary.of("proportion_rounding", PROPORTION_ROUNDINGS, {
    "floor": N_("Round down"),
    "ceil": N_("Round up"),
    "half_up": N_("Round half up"),
})

#: Benefit periods -> how many fall in a year ("once": a one-off payment).
BENEFIT_PERIODS: dict[str, int | None] = {"month": 12, "quarter": 4, "year": 1, "once": None}

#: A tier's benefit (AwardTier.benefit_period; none when the tier carries no benefit).
BENEFIT_PERIOD_VOCABULARY = Vocabulary.of("benefit_period", BENEFIT_PERIODS, {
    "month": N_("per month"),
    "quarter": N_("per quarter"),
    "year": N_("per year"),
    "once": N_("once"),
}, nullable=True)


@dataclass(frozen=True)
class Benefit:
    """An amount per ``period`` paid once per ``payout`` period (e.g. a
    monthly allowance of 300 paid once a year: payout_amount 3600)."""

    amount: Decimal
    period: str = "month"
    payout: str = "year"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", as_decimal(self.amount, "benefit amount"))
        check_choice(self.period, BENEFIT_PERIODS, "benefit period")
        check_choice(self.payout, BENEFIT_PERIODS, "benefit payout period")

    @property
    def payout_amount(self) -> Decimal:
        """What each payment comes to, to the cent (half up)."""
        per, paid = BENEFIT_PERIODS[self.period], BENEFIT_PERIODS[self.payout]
        if per is None or paid is None:  # a one-off amount is paid as it stands
            return quantize(self.amount, 2)
        return quantize(Fraction(self.amount) * Fraction(per, paid), 2)


@dataclass(frozen=True)
class Tier:
    """A prize tier or grade band: ``count`` (quota method), ``percent``
    (proportion method), ``min_score`` (band floor, or a minimum for any
    method), optional ``benefit``."""

    key: str
    label: str = ""
    count: int | None = None
    percent: Decimal | None = None
    min_score: Decimal | None = None
    benefit: Benefit | None = None

    def __post_init__(self) -> None:
        if self.count is not None:
            as_count(self.count, f"tier {self.key} count")
        if self.percent is not None:
            object.__setattr__(self, "percent", as_percent(self.percent, f"tier {self.key} percent"))
        object.__setattr__(self, "min_score",
                           as_optional_decimal(self.min_score, f"tier {self.key} min_score"))


@dataclass(frozen=True, slots=True)
class AwardRule:
    """``method`` (AWARD_METHODS key), tiers best first, ``rounding``
    (PROPORTION_ROUNDINGS key, proportion method) and ``ties`` policy."""

    method: str
    tiers: tuple[Tier, ...]
    rounding: str = "floor"
    ties: str = "all_tied"

    def __post_init__(self) -> None:
        object.__setattr__(self, "tiers", tuple(self.tiers))
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


def _award(p: Placing, tier: Tier, lines: list[TraceLine], beyond: bool) -> Award:
    if tier.benefit:
        b = tier.benefit
        lines.append(note("award.benefit", tier=tier.key, amount=b.amount, period=b.period,
                          payout=b.payout_amount, payout_period=b.payout))
    return Award(p.key, tier.key, p.rank, beyond, tier.benefit, tuple(lines))


def _fill(eligible: list[Placing], rule: AwardRule, quotas: Sequence[int],
          quota_notes: Sequence[tuple], depth: int, labels: tuple):
    """Fill tiers in order from the eligible placings (quota and proportion)."""
    remaining = eligible
    notes: dict[str, list[TraceLine]] = {p.key: [] for p in eligible}
    awards, summaries = [], []
    for tier, quota, qnotes in zip(rule.tiers, quotas, quota_notes):
        taken: list[Placing] = []
        beyond: list[Placing] = []
        keep: list[Placing] = []
        open_tie = True
        for p in remaining:
            meets = tier.min_score is None or p.item.total >= tier.min_score
            if len(taken) < quota:
                if meets:
                    taken.append(p)
                    continue
                notes[p.key].append(note("award.below_minimum", tier=tier.key,
                                         total=p.item.total, min_score=tier.min_score))
            elif open_tie and taken and meets and tied(p, taken[-1], depth):
                beyond.append(p)
                continue
            else:
                open_tie = False
            keep.append(p)
        for i, p in enumerate(taken):
            line = note("award.quota", tier=tier.key, position=i + 1, quota=quota, rank=p.rank,
                        method=rule.method)
            awards.append(_award(p, tier, notes[p.key] + [line], False))
        for p in beyond:
            line = note("award.tie_at_quota", tier=tier.key, quota=quota, other=taken[-1].key,
                        metrics=labels[:depth], policy=rule.ties)
            awards.append(_award(p, tier, notes[p.key] + [line], True))
        short = (note("award.tier_short", tier=tier.key, filled=len(taken), quota=quota),)
        summaries.append(TierSummary(tier.key, quota, len(taken) + len(beyond), len(beyond),
                                     tuple(qnotes) + (short if len(taken) < quota else ())))
        remaining = keep
    no_award = [(p.key, tuple(notes[p.key]) + (note("award.quotas_full"),)) for p in remaining]
    return awards, no_award, summaries


def _quota(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple):
    """Fixed places per tier (e.g. special 1, first 3, second 6, third 12)."""
    quotas = [t.count for t in rule.tiers]
    return _fill(eligible, rule, quotas, [()] * len(quotas), depth, labels)


def _proportion(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple):
    """Places per tier as a share of the eligible entrants, rounded as stated."""
    quotas, quota_notes = [], []
    for tier in rule.tiers:
        raw = Fraction(tier.percent) * len(eligible) / 100
        quota = PROPORTION_ROUNDINGS[rule.rounding](raw)
        quotas.append(quota)
        quota_notes.append((note("award.proportion", tier=tier.key, percent=tier.percent,
                                 eligible=len(eligible), raw=quantize(raw, 4),
                                 rounding=rule.rounding, quota=quota),))
    return _fill(eligible, rule, quotas, quota_notes, depth, labels)


def _score_band(eligible: list[Placing], rule: AwardRule, depth: int, labels: tuple):
    """Highest band whose floor the total reaches; below every band: none."""
    awards, no_award = [], []
    counts = {t.key: 0 for t in rule.tiers}
    for p in eligible:
        tier = next((t for t in rule.tiers if p.item.total >= t.min_score), None)
        if tier is None:
            no_award.append((p.key, (note("award.ungraded", total=p.item.total),)))
            continue
        counts[tier.key] += 1
        line = note("award.band", tier=tier.key, total=p.item.total, min_score=tier.min_score)
        awards.append(_award(p, tier, [line], False))
    summaries = [TierSummary(t.key, None, counts[t.key], 0,
                             () if counts[t.key] else (note("award.band_empty", tier=t.key,
                                                            min_score=t.min_score),))
                 for t in rule.tiers]
    order = {t.key: i for i, t in enumerate(rule.tiers)}
    awards.sort(key=lambda a: order[a.tier])  # stable: rank order within a band
    return awards, no_award, summaries


#: Award method (configuration string) -> fn(eligible placings, rule, depth, labels).
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


def award(ranking: Ranking, rule: AwardRule) -> AwardOutcome:
    """Assign tiers to the entries of one ranking (one event, heat, or team
    standing) by ``rule``. Ineligible and unranked entries are skipped with
    their reasons."""
    eligible = [p for p in ranking.placings if p.item.eligible]
    skipped = [(p.key, p.item.exclusions) for p in ranking.placings if not p.item.eligible]
    skipped += [(u.key, u.reasons) for u in ranking.unranked]
    depth = BOUNDARY_TIE_POLICIES[rule.ties](ranking.metrics)
    labels = tuple(m.label for m in ranking.metrics)
    awards, no_award, summaries = AWARD_METHODS[rule.method](eligible, rule, depth, labels)
    return AwardOutcome(tuple(awards), tuple(no_award), tuple(skipped), tuple(summaries))
