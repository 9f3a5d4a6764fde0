"""score_stage: raw judge sheets in, one explained EntryResult per entry out.

Flow for each entry and component: each rater group's judges are
aggregated (per criterion or per sheet total) -> the rubric totals the
group (parents bounded, bonus capped) -> rater groups are weighted ->
component score (gate checked) -> components weighted -> stage total ->
carry-over of earlier stages -> final total, rounded once at the point the
contest states. A refusal (missing group under "refuse", too few judges
under a "refuse" fallback, missing carried total) leaves that entry
``incomplete`` with the reason instead of failing the whole stage; bad input
(unknown keys, marks out of range, floats) raises ValueError/TypeError.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType

from .aggregation import AGGREGATION_LEVELS, AggregationRule
from .components import Component, check_components, check_gates, weighted_total
from .explain import TraceLine, note
from .group_scoring import score_component
from .normalisation import PanelScale, panel_scale
from .rater_groups import MISSING_GROUP_POLICIES, RaterGroup, check_groups
from .results import CriterionScores, EntryResult, VetoFinding, exclusion_notes
from .rounding import RoundingRule
from .sheets import DEFAULT_RATER_GROUP, EntryMarks, Sheet
from .stages import CarryOver, compose, own_share
from .values import (
    HUNDRED,
    NoValue,
    check_choice,
    check_unique,
    cyclic_gc_paused,
    scoring_context,
    to_decimal,
)


@dataclass(frozen=True)
class StageConfig:
    """Everything the organizer configured for scoring one stage."""

    components: tuple[Component, ...]
    rater_groups: tuple[RaterGroup, ...] = (RaterGroup(DEFAULT_RATER_GROUP, HUNDRED),)
    aggregation: AggregationRule = field(default_factory=AggregationRule)
    aggregation_level: str = "criterion"
    missing_group_policy: str = "refuse"
    rounding: RoundingRule = field(default_factory=RoundingRule)
    carry_over: tuple[CarryOver, ...] = ()
    stage: str = "this stage"

    def __post_init__(self) -> None:
        object.__setattr__(self, "components", tuple(self.components))
        object.__setattr__(self, "rater_groups", tuple(self.rater_groups))
        object.__setattr__(self, "carry_over", tuple(self.carry_over))
        check_components(self.components)
        check_groups(self.rater_groups)
        check_choice(self.aggregation_level, AGGREGATION_LEVELS, "aggregation level")
        check_choice(self.missing_group_policy, MISSING_GROUP_POLICIES, "missing group policy")
        own_share(self.carry_over)
        # Criterion keys name tie-break metrics, so they must be unique per stage.
        check_unique((k for c in self.components for k in c.rubric.node_keys), "criterion key")


class _Run:
    """Per-call lookups shared by every entry of one score_stage call."""

    def __init__(self, config: StageConfig):
        self.config = config
        self.components = frozenset(c.key for c in config.components)
        self.groups = {c.key: frozenset(g.key for g in (c.rater_groups or config.rater_groups))
                       for c in config.components}
        self.rubrics = {c.key: c.rubric for c in config.components}
        self.weights: dict = {}
        # (component, rater group) pairs whose judges are normalised to their panel.
        self.normalised = frozenset(
            (c.key, g.key) for c in config.components
            for g in (c.rater_groups or config.rater_groups) if g.normalisation != "none")
        # (event, heat) -> {(component, rater group): PanelScale}; see panel_scales.
        self.scales: dict[tuple[str, str], dict[tuple[str, str], PanelScale]] = {}


def panel_scales(run: _Run, entries: Iterable[EntryMarks]) -> dict:
    """Every normalised panel's scale: the raw sheet totals of each (component, rater
    group) within one event and heat, as each judge gave them (normalisation.py)."""
    totals: dict[tuple, list] = {}
    for entry in entries:
        for sheet in entry.sheets:
            pair = (sheet.component, sheet.rater_group)
            if not sheet.marks or pair not in run.normalised:
                continue
            rubric = run.rubrics[sheet.component]
            row = rubric.leaf_row(sheet.marks, f"entry {entry.entry_id} judge {sheet.judge}")
            total, _ = rubric.total_fast(row)
            totals.setdefault((entry.event, entry.heat, pair), []).append((sheet.judge, total))
    scales: dict = {}
    for (event, heat, pair), found in totals.items():
        scales.setdefault((event, heat), {})[pair] = panel_scale(found)
    return scales


def _buckets(run: _Run, entry: EntryMarks) -> tuple[dict[tuple[str, str], list[Sheet]], bool]:
    """Sheets by (component, rater group), and whether any sheet has a veto."""
    buckets: dict[tuple[str, str], list[Sheet]] = {}
    any_veto = False
    for sheet in entry.sheets:
        if sheet.vetoes:
            any_veto = True
        if not sheet.marks:  # a judge may file only a veto; it carries no marks
            if not sheet.vetoes:
                raise ValueError(f"entry {entry.entry_id} judge {sheet.judge}: empty sheet")
            continue
        key = (sheet.component, sheet.rater_group)
        if key in buckets:
            buckets[key].append(sheet)
        else:
            buckets[key] = [sheet]
    for component, group in buckets:
        if component not in run.components or group not in run.groups[component]:
            raise ValueError(f"entry {entry.entry_id}: unknown component {component!r} "
                             f"or rater group {group!r}")
    return buckets, any_veto


def _vetoes(run: _Run, entry: EntryMarks, trace: list[TraceLine]) -> tuple[VetoFinding, ...]:
    found = []
    for sheet in entry.sheets:
        if sheet.vetoes:
            run.rubrics[sheet.component].check_vetoes(
                sheet.vetoes, f"entry {entry.entry_id} judge {sheet.judge}")
            found.extend(VetoFinding(sheet.judge, sheet.rater_group, sheet.component, key, reason)
                         for key, reason in sheet.vetoes.items())
    found.sort(key=attrgetter("judge", "criterion"))
    trace.extend(note("veto.marked", judge=v.judge, group=v.rater_group, criterion=v.criterion,
                      reason=v.reason) for v in found)
    return tuple(found)


def _score_entry(run: _Run, entry: EntryMarks) -> EntryResult:
    config = run.config
    trace: list[TraceLine] = [r.line() for r in entry.resolutions]
    buckets, any_veto = _buckets(run, entry)
    vetoes = _vetoes(run, entry, trace) if any_veto else ()
    problems: list[TraceLine] = []
    scores, criteria = {}, []
    for component in config.components:
        try:
            value, part = score_component(config, component, buckets, entry.entry_id, trace,
                                          run.weights,
                                          run.scales.get((entry.event, entry.heat)))
        except NoValue as refusal:
            problems.append(refusal.line)
            continue
        scores[component.key] = config.rounding.at("component", value,
                                                   f"{component.key} score", trace)
        criteria.append(part)
    total = stage_total = None
    failed: tuple[str, ...] = ()
    if not problems:
        try:
            total, stage_total = _total(config, entry, scores, trace)
            failed, lines = check_gates(config.components, scores)
            trace.extend(lines)
        except NoValue as refusal:
            problems.append(refusal.line)
    trace.extend(exclusion_notes(tuple(problems), vetoes, entry.disqualified))
    return EntryResult(
        entry.entry_id, "incomplete" if problems else "scored", total, stage_total,
        MappingProxyType({k: to_decimal(v) for k, v in scores.items()}),
        CriterionScores(tuple(criteria)), vetoes, failed, tuple(problems), tuple(trace),
        entry.event, entry.heat, entry.delegation, entry.unit, entry.time_taken,
        entry.disqualified, bool(entry.guest))


def _total(config: StageConfig, entry: EntryMarks, scores: dict, trace: list[TraceLine]):
    """Components weighted, carry-over applied, final rounding: (total, stage total)."""
    rounding = config.rounding
    stage_value, line = weighted_total(config.components, scores)
    if line is not None:
        trace.append(line)
    if config.carry_over:
        stage_value = rounding.at("stage", stage_value, "stage total", trace)
        value, line = compose(stage_value, entry.carried, config.carry_over, config.stage)
        trace.append(line)
    else:
        value = stage_value
    total = rounding.at("final", value, "total", trace)  # always rounded, always noted
    return total, (to_decimal(stage_value) if config.carry_over else total)


def score_entry(config: StageConfig, entry: EntryMarks) -> EntryResult:
    """Score one entry under ``config``; see the module docstring for the flow."""
    with scoring_context():
        run = _Run(config)
        if run.normalised:  # a panel of one entry: every judge has one sheet, x' = m
            run.scales = panel_scales(run, (entry,))
        return _score_entry(run, entry)


def score_stage(config: StageConfig, entries: Iterable[EntryMarks]) -> tuple[EntryResult, ...]:
    """Score every entry of a stage. Returns results sorted by entry id, so
    the outcome never depends on input order. Raises ValueError on bad input
    (naming entry, judge and criterion) and on duplicate entry ids."""
    run = _Run(config)
    with scoring_context(), cyclic_gc_paused():
        if run.normalised:  # normalising needs every sheet of a panel first
            entries = tuple(entries)
            run.scales = panel_scales(run, entries)
        results = [_score_entry(run, entry) for entry in entries]
    check_unique((r.entry_id for r in results), "entry id")
    results.sort(key=attrgetter("entry_id"))
    return tuple(results)
