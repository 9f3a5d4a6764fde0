"""Explanations: every computed result carries a trace a person can read.

A :class:`TraceLine` is a message ``code`` plus named ``params`` (strings,
ints, Decimals, bools, None, and tuples or read-only mappings of these). The web app translates a
line by looking its code up in its own catalogue (e.g. zh_CN) and filling in
the params; ``.text`` is the default English rendering from ``MESSAGES``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_SHORT = Decimal("0.000001")


def fmt(value: Any) -> str:
    """Render one parameter for English text. Long unrounded Decimals are
    shortened to 6 places and marked with "…" (the param keeps every digit)."""
    if type(value) is Decimal:  # the common case first: one C-level format, no tuple
        text = format(value, "f")
        point = text.find(".")
        if point < 0 or len(text) - point <= 7:  # at most 6 places (NaN, Infinity: none)
            return text
        short = value.quantize(_SHORT, rounding=ROUND_HALF_UP)
        return format(short, "f").rstrip("0").rstrip(".") + "…"
    if isinstance(value, Decimal):
        if value.is_finite() and value.as_tuple().exponent < -6:
            short = value.quantize(_SHORT, rounding=ROUND_HALF_UP)
            return format(short, "f").rstrip("0").rstrip(".") + "…"
        return format(value, "f")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return ", ".join(map(fmt, value))
    if isinstance(value, TraceLine):
        return value.text
    return str(value)


def _judges(judges: tuple, idx: tuple) -> str:
    return ", ".join(str(judges[i]) for i in idx)


def _render_rows(p: dict) -> str:
    # One line per rater group. ``marks`` holds one mapping per judge
    # (criterion -> mark); ``dropped`` one tuple of judge positions per
    # criterion (lowest half, then highest half); the result of criterion i is
    # numerators[i] / denominator.
    judges, denominator = p["judges"], p["denominator"]
    parts = []
    for i, key in enumerate(p["criteria"]):
        text = f"{key}: " + ", ".join(f"{j} {fmt(m[key])}" for j, m in zip(judges, p["marks"]))
        dropped = p["dropped"][i]
        if dropped:
            half = len(dropped) // 2
            text += (f" (dropped lowest {_judges(judges, dropped[:half])}, "
                     f"highest {_judges(judges, dropped[half:])})")
        parts.append(text + f" → {fmt(p['numerators'][i] / denominator)}")
    head = f"{p['component']} / {p['group']}: {p['method']} of {len(judges)} judges"
    return f"{head}, {p['level']} by {p['level']}: " + "; ".join(parts)


def _where(p: dict) -> str:
    # Top N within each heat or delegation: ``per`` names the attribute, ``group`` its value.
    return f" of {p['per']} {p['group']}" if p.get("per") else ""


def _render_renormalized(p: dict) -> str:
    present = ", ".join(f"{name} {fmt(weight)}%" for name, weight in p["present"])
    return (f"{p['component']}: rater group(s) {fmt(p['missing'])} have no marks; the "
            f"remaining weights {present} are scaled to sum to 100%")


def _render_team(p: dict) -> str:
    method = f"best {p['n']}" if p["method"] == "best_n" else p["method"]
    return f"{method} of {p['count']} member(s) ({fmt(p['members'])}) = {fmt(p['value'])}"


def _render_benefit(p: dict) -> str:
    if p["period"] == "once":
        return f"{p['tier']}: a one-off bonus of {fmt(p['amount'])}"
    return (f"{p['tier']}: {fmt(p['amount'])} per {p['period']}, "
            f"paid {fmt(p['payout'])} per {p['payout_period']}")


def _render_normalised(p: dict) -> str:
    # normalisation.py: each judge's raw sheet total x → x' = m + s · (x − m_j) / s_j.
    parts = "; ".join(
        f"{j} {fmt(x)} (own mean {fmt(mj)}, sd {fmt(sj)}) → {fmt(v)}"
        for j, x, mj, sj, v in zip(p["judges"], p["raw"], p["judge_means"],
                                   p["judge_deviations"], p["normalised"]))
    return (f"{p['component']} / {p['group']}: sheet totals normalised to the panel "
            f"(mean m {fmt(p['mean'])}, sd s {fmt(p['deviation'])} over {p['count']} sheets; "
            f"x' = m + s × (x − own mean) / own sd, {p['places']} places half up; "
            f"x' = m when a judge's sd is 0): {parts}; mean of x' = {fmt(p['value'])}")


def _render_nomination(p: dict) -> str:
    # titles.py: a person, or their team (unit) or delegation named once for all winners.
    kind = p.get("kind", "entry")
    if kind in ("unit", "delegation"):
        whose = "team" if kind == "unit" else "delegation"
        return (f"the {whose} {p['subject']} is nominated for {p['honour']} because its "
                f"member(s) {fmt(p['basis'])} qualify; named once; eligibility to confirm")
    return f"nominated for {p['honour']} because of {fmt(p['basis'])}; eligibility to confirm"


def _with_where(template: str) -> Callable[[dict], str]:
    def render_line(p: dict) -> str:
        return template.format_map({**{k: fmt(v) for k, v in p.items()}, "where": _where(p)})
    return render_line


def _render_parts(p: dict) -> str:
    # Weighted sums: ((name, value, percent), ...) → "a 90 × 5% + b 80 × 95%".
    terms = " + ".join(f"{n} {fmt(v)} × {fmt(w)}%" for n, v, w in p["parts"])
    return f"{p['what']}: {terms} = {fmt(p['value'])}"


def _left_out(p: dict) -> str:
    # ((reason, count), ...) -> " (not counting withdrawn 1, guest 2)"; empty when none.
    parts = ", ".join(f"{reason} {count}" for reason, count in p.get("left_out") or ())
    return f" (not counting {parts})" if parts else ""


def _render_proportion(p: dict) -> str:
    return (f"{p['tier']}: {fmt(p['percent'])}% of the eligible entrants: {p['eligible']} "
            f"eligible{_left_out(p)}; {p['eligible']} × {fmt(p['percent'])}% = {fmt(p['raw'])}, "
            f"rounded {p['rounding']} to a quota of {p['quota']}")


def _render_base(p: dict) -> str:
    return (f"{p['tier']}: a quota of {p['quota']} among {p['eligible']} eligible "
            f"entrants{_left_out(p)}")


MESSAGES: dict[str, str | Callable[[dict], str]] = {
    # rubric.py
    "sheet.parent_capped": "{criterion}: sub-items sum to {raw}, bounded by its maximum {max}",
    "sheet.bonus_capped": "bonus items sum to {raw}, capped at {cap}",
    "sheet.total_capped": "total {raw} bounded by the maximum {max} (exceeding it is not allowed)",
    "sheet.deduction_floored": ("deductions of {deduction} exceed the total {before}: the "
                                "total is 0 (it never goes below zero)"),
    # consistency.py
    "spread.resolved": ("{component} / {criterion}: the judges' marks {lowest} to {highest} "
                        "differ more than the tolerance {tolerance}; the chief judge let them "
                        "stand ({at}): {reason}"),
    "veto.marked": "veto by judge {judge} ({group}) on {criterion}: {reason}",
    # aggregation.py
    "aggregate.rows": _render_rows,
    "aggregate.fallback_mean": ("{component} / {group}: only {count} judge(s) marked, fewer "
                                "than {needed} needed to drop {k} highest and {k} lowest; "
                                "the plain mean is used instead (fallback)"),
    "aggregate.refused": ("{component} / {group}: only {count} judge(s) marked, fewer than "
                          "{needed} needed for the trimmed mean; fallback is refuse"),
    # normalisation.py (via group_scoring.py)
    "normalise.sheets": _render_normalised,
    # rater_groups.py
    "groups.combined": _render_parts,
    "groups.missing_refused": ("{component}: rater group {group} has no marks; the policy "
                               "is to refuse, so the entry cannot be finalized"),
    "groups.renormalized": _render_renormalized,
    # components.py
    "component.missing": "no marks for component {component}; the entry cannot be finalized",
    "components.weighted": _render_parts,
    "gate.failed": ("{component} score {score} is below its pass mark {pass_mark}: "
                    "not eligible for awards"),
    "gate.passed": "{component} score {score} meets its pass mark {pass_mark}",
    # stages.py
    "carry.composed": _render_parts,
    "carry.missing": "no total from stage {stage} to carry over; the entry cannot be finalized",
    # rounding.py
    "rounding.applied": "{step} {exact} rounded to {value} ({places} places, half up)",
    "rounding.aggregates": "each judge aggregate is rounded to {places} places (half up)",
    # pipeline.py
    "entry.vetoed": "vetoed ({reasons}): shown with its reason, never ranked or awarded",
    "entry.disqualified": "disqualified: {reason}",
    "entry.incomplete": "not finalized: {reasons}",
    "entry.failed_gates": "did not pass the pass mark of {components}: not eligible for awards",
    "entry.guest": ("guest (not competing for awards): ranked and shown, never awarded, "
                    "not counted in any prize's quota or share, takes no advancement place"),
    # ranking.py
    "rank.placed": "rank {rank} of {count} by {metrics}: {values}",
    "rank.shared": "shares rank {rank} with {others}: equal on every ranking metric",
    "rank.separated": ("placed after {other}: equal on {equal}, separated by {metric} "
                       "({value} against {other_value})"),
    # advancement.py
    "advance.top_n": _with_where("advances: rank {rank} is within the top {n}{where}"),
    "advance.tie_at_cut": _with_where("advances beyond the {n} places{where}: tied at the cut "
                                      "with {other} on {metrics} (policy {policy})"),
    "advance.min_score": "advances: total {total} is at least {threshold}",
    "advance.share_of_mean": ("advances: total {total} is at least {percent}% of the mean "
                              "{mean}, i.e. {threshold}"),
    "advance.manual": "added by hand by the organizer: {reason}",
    "advance.already": "{key} is listed as a manual addition but already advances by the rule",
    # awards.py
    "award.quota": "{tier}: place {position} of the quota of {quota} (rank {rank})",
    "award.tie_at_quota": ("{tier}: beyond the quota of {quota}, tied with {other} on "
                           "{metrics} (policy {policy})"),
    "award.proportion": _render_proportion,
    "award.base": _render_base,
    "award.ranked_on": "{tier}: a single-item prize, ranked on {metric} ({value}), not the total",
    "award.no_value": "{tier}: no score for {metric}, so not ranked for this prize",
    "award.band": "{tier}: total {total} is at least the band minimum {min_score}",
    "award.below_minimum": "{tier}: total {total} is below the tier minimum {min_score}",
    "award.tier_short": "{tier}: {filled} of {quota} places filled; the rest stay empty",
    "award.ungraded": "no tier: total {total} is below every band",
    "award.band_empty": "{tier}: nobody reached the band minimum {min_score}; the band stays empty",
    "award.quotas_full": "no tier: every quota is filled",
    "award.benefit": _render_benefit,
    # teams.py
    "team.total": _render_team,
    "team.member_excluded": "{member} is not counted: {reason}",
    "team.too_few": "{count} member(s) counted, fewer than the minimum {minimum}: not ranked",
    # titles.py
    "title.stage_finalist": "{title}: took part in stage {stage}",
    "title.top_n": "{title}: rank {rank} is within the top {n}",
    "title.tier_holder": "{title}: holds tier {tier}",
    "title.ineligible": "{title}: not granted, not eligible ({reason})",
    "nomination.created": _render_nomination,
    "nomination.settled": "nomination for {honour} {state} by {by}: {note}",
}


class _Shown(dict):
    """A line's parameters as its template reads them: each one formatted (fmt) only when
    the template names it (a line may carry marks and judges its sentence leaves out)."""

    def __getitem__(self, key: str) -> str:
        return fmt(dict.__getitem__(self, key))


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One structured explanation: ``code`` (a key of MESSAGES) and ``params``."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def args(self) -> dict[str, Any]:
        """The params as a dict, for a translation catalogue."""
        return dict(self.params)

    @property
    def text(self) -> str:
        """Default English rendering."""
        template = MESSAGES[self.code]
        if callable(template):
            return template(self.args)
        return template.format_map(_Shown(self.params))

    def __str__(self) -> str:
        return self.text


def note(code: str, **params: Any) -> TraceLine:
    """Build a trace line; ``code`` must be in MESSAGES (checked so no line is
    ever untranslatable)."""
    if code not in MESSAGES:
        raise KeyError(f"unknown trace code {code!r}")
    return TraceLine(code, tuple(params.items()))


def render(trace: Iterable[TraceLine]) -> str:
    """English text of a whole trace, one line per record."""
    return "\n".join(line.text for line in trace)
