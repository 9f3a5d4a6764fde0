"""Explanations in the reader's language.

The scoring core writes each line of a trace as a code with parameters (and an English
text of its own, kept in snapshots and exports). Here every code is turned into a
translated sentence: numbers are shown through contests/display.py at the contest's
precision, the core's names (aggregation 'trimmed_mean', tie policy 'all_tied', metric
'total', 'stage total' ...) through their Vocabulary labels or a translated word, and the
judges' anonymous labels ("裁判2") as "judge 2" in the reader's language.

A line is either a live `TraceLine` (organizer previews: parameters are Decimals, tuples)
or a published `Explanation` (parameters as stored in the snapshot JSON: text, lists,
mappings; snapshots published before this module knew a code keep its English text).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from .. import display
from ..scoring.explain import TraceLine, fmt
from ..vocabularies import label

T = {
    "sheet.parent_capped": _l("%(criterion)s: sub-items sum to %(raw)s, capped at its full "
                              "mark %(max)s"),
    "sheet.bonus_capped": _l("bonus items sum to %(raw)s, capped at %(cap)s"),
    "sheet.total_capped": _l("sheet total %(raw)s capped at the full mark %(max)s "
                             "(exceeding it is not allowed)"),
    "veto.marked": _l("veto by %(judge)s (%(group)s) on %(criterion)s: %(reason)s"),
    "aggregate.rows": _l("%(where)s: judges counted: %(count)s; method: %(method)s "
                         "(%(level)s); %(parts)s"),
    "aggregate.part": _l("%(criterion)s: %(marks)s → %(value)s"),
    "aggregate.part_dropped": _l("%(criterion)s: %(marks)s (dropped: lowest %(lowest)s, "
                                 "highest %(highest)s) → %(value)s"),
    "aggregate.fallback_mean": _l("%(where)s: judges who marked: only %(count)s, fewer than the "
                                  "%(needed)s needed to drop the %(k)s highest and %(k)s "
                                  "lowest marks; the plain mean is used instead"),
    "aggregate.refused": _l("%(where)s: judges who marked: only %(count)s, fewer than the "
                            "%(needed)s needed for a trimmed mean; the contest's rule is to "
                            "refuse, so the entry cannot be finalized"),
    "weighted": _l("%(what)s: %(terms)s = %(value)s"),
    "groups.missing_refused": _l("%(component)s: rater group %(group)s has no marks; the "
                                 "contest's rule is to refuse, so the entry cannot be "
                                 "finalized"),
    "groups.renormalized": _l("%(component)s: rater groups %(missing)s have no marks; the "
                              "weights of the others (%(present)s) are scaled to sum to "
                              "100%%"),
    "component.missing": _l("no marks for component %(component)s; the entry cannot be "
                            "finalized"),
    "gate.failed": _l("%(component)s score %(score)s is below its pass mark %(pass_mark)s: "
                      "not eligible for awards"),
    "gate.passed": _l("%(component)s score %(score)s meets its pass mark %(pass_mark)s"),
    "carry.missing": _l("no total from stage %(stage)s to carry over; the entry cannot be "
                        "finalized"),
    "rounding.applied": _l("%(step)s %(exact)s rounded half up to %(value)s (%(places)s "
                           "decimal places)"),
    "rounding.aggregates": _l("each judge aggregate is rounded half up to %(places)s "
                              "decimal places"),
    "entry.vetoed": _l("vetoed (%(reasons)s): shown with its reason, never ranked or "
                       "awarded"),
    "veto.reason": _l("%(criterion)s: %(reason)s"),
    "entry.disqualified": _l("disqualified: %(reason)s"),
    "entry.incomplete": _l("not finalized: %(reasons)s"),
    "entry.failed_gates": _l("did not reach the pass mark of %(components)s: not eligible "
                             "for awards"),
    "rank.placed": _l("rank %(rank)s of %(count)s by %(metrics)s: %(values)s"),
    "rank.shared": _l("shares rank %(rank)s with %(others)s: equal on every ranking metric"),
    "rank.separated": _l("placed after %(other)s: equal on %(equal)s, separated by "
                         "%(metric)s (%(value)s against %(other_value)s)"),
    "advance.top_n": _l("advances: rank %(rank)s is within the top %(n)s"),
    "advance.top_n.heat": _l("advances: rank %(rank)s in heat %(group)s is within its top "
                             "%(n)s"),
    "advance.top_n.delegation": _l("advances: rank %(rank)s in delegation %(group)s is "
                                   "within its top %(n)s"),
    "advance.tie_at_cut": _l("advances beyond the %(n)s places: tied at the cut with "
                             "%(other)s on %(metrics)s (tie rule: %(policy)s)"),
    "advance.tie_at_cut.group": _l("advances beyond the %(n)s places of %(group)s: tied at "
                                   "the cut with %(other)s on %(metrics)s (tie rule: "
                                   "%(policy)s)"),
    "advance.min_score": _l("advances: total %(total)s is at least %(threshold)s"),
    "advance.share_of_mean": _l("advances: total %(total)s is at least %(threshold)s "
                                "(%(percent)s%% of the mean %(mean)s)"),
    "advance.manual": _l("added by hand by the organizer: %(reason)s"),
    "advance.already": _l("%(key)s is listed as a manual addition but already advances by "
                          "the rule"),
    "award.quota": _l("%(tier)s: place %(position)s of the tier's %(quota)s places "
                      "(rank %(rank)s)"),
    "award.quota.proportion": _l("%(tier)s: place %(position)s of the %(quota)s places its "
                                 "share gives (rank %(rank)s)"),
    "award.tie_at_quota": _l("%(tier)s: beyond the %(quota)s places, tied with %(other)s on "
                             "%(metrics)s (tie rule: %(policy)s)"),
    "award.proportion": _l("%(tier)s: %(percent)s%% of %(eligible)s eligible entrants = "
                           "%(raw)s, %(rounding)s: %(quota)s places"),
    "award.band": _l("%(tier)s: total %(total)s is at least the band minimum %(min_score)s"),
    "award.below_minimum": _l("%(tier)s: total %(total)s is below the tier minimum "
                              "%(min_score)s"),
    "award.tier_short": _l("%(tier)s: %(filled)s of %(quota)s places filled; the rest stay "
                           "empty"),
    "award.ungraded": _l("no tier: total %(total)s is below every band"),
    "award.band_empty": _l("%(tier)s: nobody reached the band minimum %(min_score)s; the "
                           "band stays empty"),
    "award.quotas_full": _l("no tier: every quota is filled"),
    "award.benefit.once": _l("%(tier)s: a one-off bonus of %(amount)s yuan"),
    "award.benefit": _l("%(tier)s: %(amount)s yuan %(period)s, paid as %(payout)s yuan "
                        "%(payout_period)s"),
    "team.total": _l("%(method)s: %(count)s members counted (%(members)s) = %(value)s"),
    "team.member_excluded": _l("%(member)s is not counted: %(reason)s"),
    "team.too_few": _l("%(count)s members counted, fewer than the minimum %(minimum)s: "
                       "not ranked"),
    "title.stage_finalist": _l("%(title)s: took part in stage %(stage)s"),
    "title.top_n": _l("%(title)s: rank %(rank)s is within the top %(n)s"),
    "title.tier_holder": _l("%(title)s: holds %(tier)s"),
    "title.ineligible": _l("%(title)s: not granted, not eligible (%(reason)s)"),
    "nomination.created": _l("nominated for %(honour)s because of %(basis)s; eligibility to "
                             "confirm"),
    "nomination.settled": _l("nomination for %(honour)s %(state)s by %(by)s: %(note)s"),
}

#: Words the core uses as names of its own steps (not configuration: no vocabulary).
WORDS = {
    "total": _l("total"),
    "stage total": _l("stage total"),
    "sheet total": _l("sheet total"),
    "rater groups": _l("rater groups"),
    "this stage": _l("this stage"),
    "no result": _l("no result"),
}

SCORES = {"total", "score", "value", "other_value", "threshold", "mean", "min_score",
          "pass_mark"}
PLAIN = {"raw", "max", "cap", "percent"}
MONEY = {"amount", "payout"}
LISTS = {"reasons", "components", "others", "missing", "basis", "members"}
_JUDGE = re.compile(r"裁判(#?\d+)")


def _separator() -> str:
    return pgettext("list separator", ", ")


def _clauses() -> str:
    return pgettext("clause separator", "; ")


class _Line:
    """One line's parameters, formatted for the reader."""

    def __init__(self, params: Mapping, places: int | None):
        self.p, self.places = params, places

    def raw(self, key: str, default=None):
        return self.p.get(key, default)

    @staticmethod
    def decimal(value) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, bool) or value is None:
            return None
        try:
            return Decimal(str(value).rstrip("…"))
        except InvalidOperation:
            return None

    def score(self, value) -> str:
        number = self.decimal(value)
        return display.score(number, self.places) if number is not None else self.text(value)

    def plain(self, value) -> str:
        number = self.decimal(value)
        return display.plain(number) if number is not None else self.text(value)

    def money(self, value) -> str:
        number = self.decimal(value)
        return display.money(number) if number is not None else self.text(value)

    def mark(self, value) -> str:
        """A judge's mark: at the contest's precision, or more places if it has them."""
        number = self.decimal(value)
        if number is None:
            return self.text(value)
        return format(display.at_least(number, self.places or 0), "f")

    def exact(self, value) -> str:
        text = fmt(value) if isinstance(value, Decimal) else str(value)
        return text if text.endswith("…") else self.plain(text)

    def items(self, value) -> list:
        if isinstance(value, (list, tuple)):
            return list(value)
        if value in (None, ""):
            return []
        return str(value).split(", ")  # snapshots of the first format joined lists

    def join(self, value, each: Callable = None) -> str:
        each = each or self.text
        return _separator().join(each(v) for v in self.items(value))

    def text(self, value) -> str:
        if isinstance(value, (TraceLine, Mapping)) and _code(value):
            return line_text(value, self.places)
        if isinstance(value, (list, tuple)):
            return self.join(value)
        if value is None:
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, Decimal):
            return self.plain(value)
        return judge(str(value))

    def word(self, value) -> str:
        return str(WORDS[value]) if value in WORDS else self.text(value)

    def metric(self, value) -> str:
        return metric_label(str(value))

    def lines(self, key: str, fallback: str) -> str:
        """Nested lines (an exclusion's reasons) in the reader's language, else the core's
        English text of them."""
        nested = self.raw(key)
        if nested:
            return _clauses().join(line_text(x, self.places) for x in nested)
        return self.text(self.raw(fallback, ""))

    def default(self, key: str, value) -> str:
        if key in SCORES:
            return self.join(value, self.score) if isinstance(value, (list, tuple)) \
                else self.score(value)
        if key in PLAIN:
            return self.plain(value)
        if key in MONEY:
            return self.money(value)
        return self.text(value)

    def all(self, **override) -> dict:
        values = {k: self.default(k, v) for k, v in self.p.items()}
        values.update(override)
        return values


def judge(text: str) -> str:
    """A judge's anonymous label ("裁判2", written by services/results/loading.py) in the
    reader's language; any other text as it is."""
    return _JUDGE.sub(lambda m: _("judge %(n)s", n=m.group(1)), text)


def metric_label(text: str) -> str:
    """A ranking metric as the core names it ("total", "component 实操技能") for a reader:
    the component or criterion's own name, or the metric's label."""
    kind, _space, key = text.partition(" ")
    if key and kind in ("component", "criterion"):
        return key
    return str(label(kind, "ranking_metric")) if kind in ("total", "time") else text


def _where(x: _Line) -> str:
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
        shown = _separator().join(f"{judge(str(j))} {x.mark(m.get(key))}"
                                  for j, m in zip(judges, marks))
        numerator = x.decimal(numerators[i]) if i < len(numerators) else None
        value = x.score(numerator / denominator) if numerator is not None else "—"
        out = x.items(dropped[i]) if i < len(dropped) else []
        values = {"criterion": x.word(key), "marks": shown, "value": value}
        if out:
            half = len(out) // 2
            names = [judge(str(judges[int(j)])) for j in out]
            values.update(lowest=_separator().join(names[:half]),
                          highest=_separator().join(names[half:]))
            parts.append(str(T["aggregate.part_dropped"]) % values)
        else:
            parts.append(str(T["aggregate.part"]) % values)
    return str(T["aggregate.rows"]) % {
        "where": _where(x), "count": len(judges),
        "method": label(x.raw("method"), "aggregation"),
        "level": label(x.raw("level"), "aggregation_level"), "parts": _clauses().join(parts)}


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
        shown = _separator().join(f"{x.text(n)} {x.plain(w)}%" for n, w in present)
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


def _vetoed(x: _Line) -> str:
    vetoes = x.raw("vetoes")
    if vetoes:
        reasons = _separator().join(str(T["veto.reason"]) % {"criterion": x.text(c),
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
        where=_where(x)),
    "aggregate.refused": lambda x: str(T["aggregate.refused"]) % x.all(where=_where(x)),
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
        rounding=label(x.raw("rounding"), "proportion_rounding")),
    "award.benefit": _benefit,
    "team.total": _team,
    "team.member_excluded": lambda x: str(T["team.member_excluded"]) % x.all(
        reason=x.lines("lines", "reason")),
    "title.ineligible": lambda x: str(T["title.ineligible"]) % x.all(
        reason=x.lines("lines", "reason") if x.raw("lines") else x.word(x.raw("reason"))),
    "nomination.settled": lambda x: str(T["nomination.settled"]) % x.all(
        state=label(x.raw("state"), "nomination_decision")),
}


def _code(line) -> str:
    return line.get("code", "") if isinstance(line, Mapping) else line.code


def _parts(line) -> tuple[str, Mapping, str]:
    if isinstance(line, TraceLine):
        return line.code, line.args, line.text
    if isinstance(line, Mapping):  # a nested line as stored in a snapshot
        return line.get("code", ""), line.get("params", {}) or {}, line.get("text", "")
    return line.code, line.params, line.text


def line_text(line, places: int | None = None) -> str:
    """One line of an explanation in the current language (`places`: the contest's decimal
    places, for scores)."""
    code, params, english = _parts(line)
    x = _Line(params, places)
    try:
        if code in SPECIAL:
            text = SPECIAL[code](x)
            return english if text is None else text
        if code in T:
            return str(T[code]) % x.all()
    except (KeyError, TypeError, ValueError, IndexError):
        pass  # parameters not of the shape this code has now: the core's own text
    return english


def lines_text(lines: Iterable, places: int | None = None, sep: str | None = None) -> str:
    """Several lines as one paragraph (an award's or a title's why)."""
    return (_clauses() if sep is None else sep).join(line_text(x, places) for x in lines)


def exclusion_text(row, places: int | None = None) -> str:
    """Why a standings row is not ranked or not eligible, in the reader's language (rows
    published before the reasons were kept as lines show the core's English notes)."""
    if getattr(row, "exclusions", ()):
        return lines_text(row.exclusions, places)
    return row.exclusion


def why_text(item, places: int | None = None) -> str:
    """Why an award or a title was granted, in the reader's language."""
    if getattr(item, "why_lines", ()):
        return lines_text(item.why_lines, places)
    return item.why


def benefit_text(benefit) -> str:
    """A published award's allowance or bonus: a one-off amount is never "per year"."""
    if benefit is None:
        return "—"
    if benefit.period == "once":
        return _("one-off bonus of %(amount)s yuan", amount=display.money(benefit.amount))
    return _("allowance %(y)s yuan per year", y=display.money(benefit.yearly))
