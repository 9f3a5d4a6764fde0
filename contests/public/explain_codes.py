"""Codes whose sentence needs more than its parameters filled in: judges' marks per
criterion, weighted sums, normalisation, advancement and award bases, benefits, vetoes,
teams, nominations. Each renderer takes a line's formatted parameters (explain._Line) and
returns the sentence, or None for a snapshot of an older shape (its English text is shown).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ..vocabularies import label
from .explain_sentences import LEFT_OUT, T, clauses, judge, separator

if TYPE_CHECKING:
    from .explain import _Line


def place_of(x: _Line) -> str:
    component, group = x.text(x.raw("component", "")), x.text(x.raw("group", ""))
    return f"{component} / {group}" if group else component


def _aggregate_rows(x: _Line) -> str | None:
    judges, marks = x.items(x.raw("judges")), x.raw("marks")
    if not isinstance(marks, (list, tuple)) or not all(isinstance(m, Mapping) for m in marks):
        return None  # a snapshot of the first format: its English text is shown
    denominator = x.decimal(x.raw("denominator")) or Decimal(1)
    numerators, dropped = x.items(x.raw("numerators")), x.items(x.raw("dropped"))
    parts = []
    for i, key in enumerate(x.items(x.raw("criteria"))):
        shown = separator().join(f"{judge(str(j))} {x.mark(m.get(key))}"
                                  for j, m in zip(judges, marks))
        numerator = x.decimal(numerators[i]) if i < len(numerators) else None
        value = x.score(numerator / denominator) if numerator is not None else "—"
        out = x.items(dropped[i]) if i < len(dropped) else []
        values = {"criterion": x.word(key), "marks": shown, "value": value}
        if out:
            half = len(out) // 2
            names = [judge(str(judges[int(j)])) for j in out]
            values.update(lowest=separator().join(names[:half]),
                          highest=separator().join(names[half:]))
            parts.append(str(T["aggregate.part_dropped"]) % values)
        else:
            parts.append(str(T["aggregate.part"]) % values)
    return str(T["aggregate.rows"]) % {
        "where": place_of(x), "count": len(judges),
        "method": label(x.raw("method"), "aggregation"),
        "level": label(x.raw("level"), "aggregation_level"), "parts": clauses().join(parts)}


def _normalised(x: _Line) -> str:
    judges, raw, values = x.items(x.raw("judges")), x.items(x.raw("raw")), \
        x.items(x.raw("normalised"))
    means, sds = x.items(x.raw("judge_means")), x.items(x.raw("judge_deviations"))
    parts = clauses().join(
        str(T["normalise.part"]) % {"judge": judge(str(j)), "raw": x.mark(r),
                                    "judge_mean": x.exact(m), "judge_sd": x.exact(d),
                                    "value": x.exact(v)}
        for j, r, m, d, v in zip(judges, raw, means, sds, values))
    return str(T["normalise.sheets"]) % x.all(
        where=place_of(x), mean=x.exact(x.raw("mean")), deviation=x.exact(x.raw("deviation")),
        parts=parts, value=x.exact(x.raw("value")))




def _nomination(x: _Line) -> str:
    kind = x.raw("kind", "entry")
    code = f"nomination.created.{kind}" if kind in ("unit", "delegation") else \
        "nomination.created"
    return str(T[code]) % x.all(subject=x.text(x.raw("subject", "")))


def _weighted(x: _Line) -> str | None:
    parts = x.raw("parts")
    if not isinstance(parts, (list, tuple)):
        return None
    terms = " + ".join(f"{x.word(name)} {x.score(value)} × {x.plain(weight)}%"
                       for name, value, weight in parts)
    return str(T["weighted"]) % {"what": x.word(x.raw("what", "")), "terms": terms,
                                 "value": x.score(x.raw("value"))}


def _renormalized(x: _Line) -> str:
    present = x.raw("present")
    if isinstance(present, (list, tuple)) and all(isinstance(p, (list, tuple)) for p in present):
        shown = separator().join(f"{x.text(n)} {x.plain(w)}%" for n, w in present)
    else:
        shown = x.text(present)
    return str(T["groups.renormalized"]) % x.all(present=shown)


def _advance(x: _Line, code: str) -> str:
    per, group = x.raw("per", ""), x.raw("group", "")
    where = re.fullmatch(r" of (heat|delegation) (.+)", x.raw("where", "") or "")
    if where:  # snapshots of the first format
        per, group = where.groups()
    values = x.all(group=x.text(group), metrics=x.join(x.raw("metrics"), x.metric),
                   policy=label(x.raw("policy"), "cut_tie_policy"))
    if code == "advance.top_n":
        return str(T[f"advance.top_n.{per}" if per in ("heat", "delegation") else code]) % values
    return str(T["advance.tie_at_cut.group" if per else code]) % values


def _benefit(x: _Line) -> str:
    if x.raw("period") == "once":
        return str(T["award.benefit.once"]) % x.all()
    return str(T["award.benefit"]) % x.all(
        period=label(x.raw("period"), "benefit_period"),
        payout_period=label(x.raw("payout_period"), "benefit_period"))


def _left_out(x: _Line) -> str:
    """" (not counting withdrawn 1, guests 2)" of a prize's base; "" when nobody was left
    out (or a snapshot published before the base was stated)."""
    parts = []
    for item in x.items(x.raw("left_out")):
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] in LEFT_OUT:
            parts.append(str(LEFT_OUT[item[0]]) % {"n": item[1]})
    return str(T["award.left_out"]) % {"parts": separator().join(parts)} if parts else ""


def _vetoed(x: _Line) -> str:
    vetoes = x.raw("vetoes")
    if vetoes:
        reasons = separator().join(str(T["veto.reason"]) % {"criterion": x.text(c),
                                                            "reason": x.text(r)}
                                    for c, r in vetoes)
    else:  # the first format: "criterion: reason" already joined
        reasons = x.join(x.raw("reasons"))
    return str(T["entry.vetoed"]) % x.all(reasons=reasons)


def _team(x: _Line) -> str:
    method = str(label(x.raw("method"), "team_aggregation"))
    if x.raw("method") == "best_n":
        method += f" (N = {x.raw('n')})"
    elif x.raw("method") not in ("sum", "mean", None):  # the first format: "best 3"
        method = x.text(x.raw("method"))
    return str(T["team.total"]) % x.all(method=method)


SPECIAL: dict[str, Callable[[_Line], str | None]] = {
    "aggregate.rows": _aggregate_rows,
    "aggregate.fallback_mean": lambda x: str(T["aggregate.fallback_mean"]) % x.all(
        where=place_of(x)),
    "aggregate.refused": lambda x: str(T["aggregate.refused"]) % x.all(where=place_of(x)),
    "groups.combined": _weighted,
    "components.weighted": _weighted,
    "carry.composed": _weighted,
    "groups.renormalized": _renormalized,
    "rounding.applied": lambda x: str(T["rounding.applied"]) % x.all(
        step=x.word(x.raw("step")), exact=x.exact(x.raw("exact"))),
    "entry.vetoed": _vetoed,
    "entry.incomplete": lambda x: str(T["entry.incomplete"]) % x.all(
        reasons=x.lines("lines", "reasons")),
    "rank.placed": lambda x: str(T["rank.placed"]) % x.all(
        metrics=x.join(x.raw("metrics"), x.metric),
        values=x.join(x.raw("values"), x.score)),
    "rank.separated": lambda x: str(T["rank.separated"]) % x.all(
        equal=x.join(x.raw("equal"), x.metric), metric=x.metric(x.raw("metric"))),
    "advance.top_n": lambda x: _advance(x, "advance.top_n"),
    "advance.tie_at_cut": lambda x: _advance(x, "advance.tie_at_cut"),
    "award.quota": lambda x: str(T["award.quota.proportion" if x.raw("method") == "proportion"
                                   else "award.quota"]) % x.all(),
    "award.tie_at_quota": lambda x: str(T["award.tie_at_quota"]) % x.all(
        metrics=x.join(x.raw("metrics"), x.metric),
        policy=label(x.raw("policy"), "tie_policy")),
    "award.proportion": lambda x: str(T["award.proportion"]) % x.all(
        rounding=label(x.raw("rounding"), "proportion_rounding"), left_out=_left_out(x)),
    "award.base": lambda x: str(T["award.base"]) % x.all(left_out=_left_out(x)),
    "award.ranked_on": lambda x: str(T["award.ranked_on"]) % x.all(
        metric=x.metric(x.raw("metric"))),
    "award.no_value": lambda x: str(T["award.no_value"]) % x.all(
        metric=x.metric(x.raw("metric"))),
    "award.benefit": _benefit,
    "team.total": _team,
    "team.member_excluded": lambda x: str(T["team.member_excluded"]) % x.all(
        reason=x.lines("lines", "reason")),
    "title.ineligible": lambda x: str(T["title.ineligible"]) % x.all(
        reason=x.lines("lines", "reason") if x.raw("lines") else x.word(x.raw("reason"))),
    "normalise.sheets": _normalised,
    "nomination.created": _nomination,
    "nomination.settled": lambda x: str(T["nomination.settled"]) % x.all(
        state=label(x.raw("state"), "nomination_decision")),
}
