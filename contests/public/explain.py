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

The sentences (code -> msgid) are in explain_sentences.py; the codes whose sentence needs
more than its parameters filled in are rendered by explain_codes.py.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from .. import display
from ..scoring.explain import TraceLine, fmt
from ..vocabularies import label
from .explain_codes import SPECIAL, place_of
from .explain_sentences import LEFT_OUT, WORDS, T, clauses, judge, separator

__all__ = ["LEFT_OUT", "SPECIAL", "T", "WORDS", "benefit_text", "exclusion_text", "judge",
           "line_text", "lines_text", "metric_label", "normalised_text", "why_text"]

SCORES = {"total", "score", "value", "other_value", "threshold", "mean", "min_score",
          "pass_mark"}
PLAIN = {"raw", "max", "cap", "percent"}
MONEY = {"amount", "payout"}
LISTS = {"reasons", "components", "others", "missing", "basis", "members"}


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
        return separator().join(each(v) for v in self.items(value))

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
            return clauses().join(line_text(x, self.places) for x in nested)
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



def metric_label(text: str) -> str:
    """A ranking metric as the core names it ("total", "component 实操技能") for a reader:
    the component or criterion's own name, or the metric's label."""
    kind, _space, key = text.partition(" ")
    if key and kind in ("component", "criterion"):
        return key
    return str(label(kind, "ranking_metric")) if kind in ("total", "time") else text



def normalised_text(trace, places: int | None = None) -> str:
    """Raw beside normalised, one clause per normalised rater group of an entry (the
    organizer's provisional standings); empty when nothing was normalised."""
    found = []
    for line in trace or ():
        code, params, _english = _parts(line)
        if code == "normalise.sheets" and "raw_value" in params:
            x = _Line(params, places)
            found.append(str(T["normalise.short"]) % {
                "where": place_of(x), "raw": x.score(x.raw("raw_value")),
                "value": x.score(x.raw("value"))})
    return clauses().join(found)



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
    return (clauses() if sep is None else sep).join(line_text(x, places) for x in lines)


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
