"""Ranking: an ordered list of metrics, competition ranks (1, 2, 2, 4), scopes.

Entries are sorted by the first metric, ties broken by the next, and so on
(total, then a component, then a criterion, then time taken ...). Entries
equal on every metric share a rank and the next rank skips (1, 2, 2, 4);
among them the display order is by key, so input order never matters.
Vetoed, disqualified or unfinished entries are not ranked; they are listed
apart with their reasons. Items may be entries (EntryResult) or teams
(TeamResult): anything with key, total, component_scores,
criterion_scores, time_taken, rankable, eligible and exclusions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .explain import TraceLine, note
from .values import check_choice
from .vocabulary import N_, Vocabulary

#: Where one ranking runs: within each event, within each heat, or over the whole stage.
RANKING_SCOPE_VOCABULARY = Vocabulary("ranking_scope", {
    "event": N_("Per event"),
    "heat": N_("Per heat"),
    "overall": N_("Overall"),
})
RANKING_SCOPES = RANKING_SCOPE_VOCABULARY.names


@dataclass(frozen=True)
class MetricKind:
    """How to read one kind of metric from an item, and its direction."""

    read: Callable[[Any, str], Decimal | None]
    higher_is_better: bool
    needs_key: bool


#: Metric kind (configuration string) -> how to read it. "component" and
#: "criterion" take the component or criterion key; "time" is lower-better.
METRICS: dict[str, MetricKind] = {
    "total": MetricKind(lambda item, key: item.total, True, False),
    "component": MetricKind(lambda item, key: item.component_scores.get(key), True, True),
    "criterion": MetricKind(lambda item, key: item.criterion_scores.get(key), True, True),
    "time": MetricKind(lambda item, key: item.time_taken, False, False),
}

#: The ranking items an organizer chooses from, in order: a ranking order is a list of
#: these (a component or criterion item names one of the stage's own; see
#: services/results/ranking_order.py). Stored in Stage.ranking_metrics.
RANKING_METRIC = Vocabulary.of("ranking_metric", METRICS, {
    "total": N_("Total"),
    "component": N_("Component"),
    "criterion": N_("Criterion"),
    "time": N_("Time taken (less is better)"),
})

#: How far ties at a cut (advancement, award quota) are looked at: "all_tied"
#: = equal on the first metric (usually the total) all go through;
#: "tie_break" = the whole metric list decides, and only entries equal on
#: every metric all go through. Value: fn(metrics) -> number of metrics compared.
TIE_POLICIES: dict[str, Callable[[Sequence], int]] = {
    "all_tied": lambda metrics: 1,
    "tie_break": lambda metrics: len(metrics),
}

#: Ties at an advancement cut (Stage.cut_tie_policy) and at an award tier boundary
#: (AwardRule.tie_policy) follow the same policies, each with its own wording.
TIE_POLICY_VOCABULARY = Vocabulary.of("cut_tie_policy", TIE_POLICIES, {
    "all_tied": N_("Everyone tied at the cut"),
    "tie_break": N_("Decide by the tie-break list"),
})
AWARD_TIE_POLICY_VOCABULARY = Vocabulary.of("tie_policy", TIE_POLICIES, {
    "all_tied": N_("Everyone tied at a tier's last place receives it"),
    "tie_break": N_("Decide ties at a tier's last place by the tie-break list"),
})


@dataclass(frozen=True)
class Metric:
    """One ranking metric: a METRICS kind plus a component/criterion key."""

    kind: str
    key: str = ""

    def __post_init__(self) -> None:
        check_choice(self.kind, METRICS, "ranking metric")
        if METRICS[self.kind].needs_key and not self.key:
            raise ValueError(f"ranking metric {self.kind} needs a key")

    @property
    def label(self) -> str:
        """Short English name, e.g. "component practical"."""
        return f"{self.kind} {self.key}" if self.key else self.kind

    def value(self, item: Any) -> Decimal | None:
        """The item's value for this metric (None if it has none)."""
        return METRICS[self.kind].read(item, self.key)


def _sort_keys(metrics: Sequence[Metric]) -> Callable[[Any], tuple[tuple, tuple]]:
    """Build fn(item) -> (values, sort key). The key holds two parts per
    metric, (missing?, value negated if higher is better), so missing values
    sort after present ones and one tuple comparison orders items."""
    readers = [(METRICS[m.kind].read, m.key, METRICS[m.kind].higher_is_better) for m in metrics]

    def key_of(item: Any) -> tuple[tuple, tuple]:
        """(metric values, sort key) of one item."""
        values, parts = [], []
        for read, key, higher in readers:
            value = read(item, key)
            values.append(value)
            if value is None:
                parts += (1, 0)
            else:
                parts += (0, value.copy_negate() if higher else value)  # exact, any context
        return tuple(values), tuple(parts)

    return key_of


@dataclass(frozen=True, slots=True)
class Placing:
    """A ranked item: its rank of ``count``, its metric values (in the order
    of ``labels``), the keys sharing its rank (itself included) and, when
    the first metric tied with the entry above, which metric separated them."""

    item: Any
    rank: int
    values: tuple[Decimal | None, ...]
    count: int
    labels: tuple[str, ...]
    tied_keys: tuple[str, ...] = ()
    separation: tuple[TraceLine, ...] = ()

    @property
    def key(self) -> str:
        """The ranked item's key."""
        return self.item.key

    @property
    def shared(self) -> bool:
        """Whether another item has the same rank (equal on every metric)."""
        return len(self.tied_keys) > 1

    @property
    def trace(self) -> tuple[TraceLine, ...]:
        """Why this rank: built when read from the recorded values (a national
        ranking has tens of thousands of placings; few are ever explained)."""
        lines = (note("rank.placed", rank=self.rank, count=self.count, metrics=self.labels,
                      values=self.values),)
        if self.shared:
            key = self.key
            lines += (note("rank.shared", rank=self.rank,
                           others=tuple(k for k in self.tied_keys if k != key)),)
        return lines + self.separation


@dataclass(frozen=True, slots=True)
class Unranked:
    """An item left out of the ranking, with the reasons."""

    item: Any
    reasons: tuple[TraceLine, ...]

    @property
    def key(self) -> str:
        """The item's key."""
        return self.item.key


@dataclass(frozen=True)
class Ranking:
    """Placings in rank order plus the unranked items, for one scope group."""

    metrics: tuple[Metric, ...]
    placings: tuple[Placing, ...]
    unranked: tuple[Unranked, ...] = ()
    scope: str = "overall"
    scope_key: tuple = ()
    _by_key: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {p.key: p for p in self.placings})

    def placing(self, key: str) -> Placing | None:
        """The placing of ``key``, or None if it is not ranked here."""
        return self._by_key.get(key)


def tied(a: Placing, b: Placing, depth: int) -> bool:
    """Whether two placings are equal on their first ``depth`` metrics."""
    return a.values[:depth] == b.values[:depth]


def rank(items: Iterable[Any], metrics: Sequence[Metric], scope: str = "overall",
         scope_key: tuple = ()) -> Ranking:
    """Rank items by ``metrics`` with competition ranks; non-rankable items
    are returned in ``unranked``. Raises ValueError on duplicate keys."""
    metrics = tuple(metrics)
    if not metrics:
        raise ValueError("ranking needs at least one metric")
    items = list(items)
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("ranking: an item key appears more than once")
    rows = []
    unranked = []
    key_of = _sort_keys(metrics)
    for item, key in zip(items, keys):
        if not item.rankable:
            unranked.append(Unranked(item, item.exclusions))
            continue
        values, sort_key = key_of(item)
        rows.append((sort_key, key, values, item))
    rows.sort(key=_row_order)  # keys are unique, so items are never compared
    labels = tuple(m.label for m in metrics)
    placings: list[Placing] = []
    count, start = len(rows), 0
    while start < count:
        end = start + 1  # rows[start:end] are equal on every metric: one shared rank
        while end < count and rows[end][0] == rows[start][0]:
            end += 1
        tied = tuple(row[1] for row in rows[start:end]) if end - start > 1 else ()
        separated = _separation(rows[start - 1], rows[start], labels) if start else ()
        placings.extend(Placing(item, start + 1, values, count, labels, tied, separated)
                        for _, _, values, item in rows[start:end])
        start = end
    unranked.sort(key=lambda u: u.key)
    return Ranking(metrics, tuple(placings), tuple(unranked), scope, scope_key)


def _row_order(row: tuple) -> tuple:
    return row[0], row[1]


def _separation(above: tuple, row: tuple, labels: tuple) -> tuple[TraceLine, ...]:
    # When the first metric ties with the entry above, say which metric decided.
    if above[0][:2] != row[0][:2]:
        return ()  # the first metric decided: nothing more to say
    depth = next(d for d in range(len(labels)) if above[0][2 * d:2 * d + 2] != row[0][2 * d:2 * d + 2])
    return (note("rank.separated", other=above[1], equal=labels[:depth], metric=labels[depth],
                 value=row[2][depth], other_value=above[2][depth]),)


_SCOPE_KEYS: dict[str, Callable[[Any], tuple]] = {
    "overall": lambda item: (),
    "event": lambda item: (item.event,),
    "heat": lambda item: (item.event, item.heat),
}


def scope_key(item: Any, scope: str) -> tuple:
    """The group an item is ranked in: () overall, (event,) per event,
    (event, heat) per heat (a heat is ranked within its event)."""
    return _SCOPE_KEYS[check_choice(scope, RANKING_SCOPES, "ranking scope")](item)


def group_by_scope(items: Iterable[Any], scope: str) -> dict[tuple, list]:
    """Items grouped by :func:`scope_key`, groups in sorted key order."""
    key_of = _SCOPE_KEYS[check_choice(scope, RANKING_SCOPES, "ranking scope")]
    groups: dict[tuple, list] = {}
    for item in items:
        key = key_of(item)
        if key in groups:
            groups[key].append(item)
        else:
            groups[key] = [item]
    return dict(sorted(groups.items()))


def rank_by_scope(items: Iterable[Any], metrics: Sequence[Metric],
                  scope: str) -> dict[tuple, Ranking]:
    """One Ranking per scope group (per event, per heat, or one overall)."""
    return {key: rank(group, metrics, scope, key)
            for key, group in group_by_scope(items, scope).items()}


def take_top(placings: Sequence[Placing], n: int, depth: int) -> tuple[list, list]:
    """Split the first ``n`` placings from the rest and return (within,
    beyond): ``beyond`` are the next placings tied with the n-th on the first
    ``depth`` metrics, who go through with it under the stated tie policy."""
    within = list(placings[:n])
    beyond = []
    if within:
        last = within[-1]
        for placing in placings[n:]:
            if not tied(placing, last, depth):
                break
            beyond.append(placing)
    return within, beyond
