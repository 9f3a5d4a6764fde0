"""Panels in bulk: every panel of a stage in one step, one per event × component × rater
group (× heat, when asked for one panel per heat), named by a pattern, optionally with the
same judges and chief judge on each. All-or-nothing; a combination that already has a
panel is skipped and reported.

"Already has a panel": a panel of the stage for the same event, component and rater group
whose heat is the same, or covers every heat (no heat). Planning one panel for all heats
skips a combination that has a panel in any heat."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Panel, PanelJudge, User
from ..refusals import Invalid, TooLarge
from ..scoring.consistency import DEFAULT_FLAG_PERCENT
from . import audit
from .transaction import all_or_nothing, begin_writing, flush_or_refuse

PLACEHOLDERS = ("stage", "event", "component", "group", "heat")
DEFAULT_PATTERN = "{event}·{component}·{group}·{heat}"
MAX_PANELS = 500
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SEPARATORS = "·-—_/ "


@dataclass(frozen=True)
class Planned:
    name: str
    event: object
    component: object
    group: object
    heat: object | None
    existing: Panel | None  # the panel that already marks this combination


def braced() -> list[str]:
    """The placeholders as written in a pattern: {event} …"""
    return ["{" + name + "}" for name in PLACEHOLDERS]


def check_pattern(pattern: str) -> None:
    unknown = sorted({name for name in _PLACEHOLDER.findall(pattern) if name not in PLACEHOLDERS})
    if unknown:
        raise Invalid(_("The name pattern has an unknown part {%(name)s}; use %(known)s.",
                        name=unknown[0], known=", ".join(braced())),
                      code="pattern")


def panel_name(pattern: str, **parts: str) -> str:
    """The pattern with its parts filled in; separators left by an empty part (no heat)
    are dropped."""
    name = _PLACEHOLDER.sub(lambda m: parts.get(m.group(1), ""), pattern)
    name = re.sub(r"([·\-—_/ ])[·\-—_/ ]+", r"\1", name)
    return name.strip(_SEPARATORS)


def plan(stage, *, events, components, per_heat: bool, pattern: str) -> list[Planned]:
    """The panels the choice asks for, in stage order, each with the panel that already
    marks its combination (if any)."""
    check_pattern(pattern)
    heats = list(stage.heats) if per_heat and stage.heats else [None]
    existing = db.session.scalars(select(Panel).where(Panel.stage_id == stage.id)).all()
    planned = []
    for event in events:
        for component in components:
            for group in component.rater_groups:
                for heat in heats:
                    found = next((p for p in existing if p.event_id == event.id
                                  and p.component_id == component.id
                                  and p.rater_group_id == group.id
                                  and (heat is None or p.heat_id in (None, heat.id))), None)
                    name = panel_name(pattern, stage=stage.name, event=event.name,
                                      component=component.name, group=group.name,
                                      heat=heat.name if heat else "")
                    planned.append(Planned(name, event, component, group, heat, found))
    if len(planned) > MAX_PANELS:
        raise TooLarge(_("That would be %(n)d panels; at most %(max)d at once.",
                         n=len(planned), max=MAX_PANELS))
    return planned


def problems(stage, planned: list[Planned]) -> list[str]:
    """Why the new panels cannot be created as named (nothing is created then)."""
    new = [p for p in planned if p.existing is None]
    taken = set(db.session.scalars(select(Panel.name).where(Panel.stage_id == stage.id)))
    found = []
    names = [p.name for p in new]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(_("The pattern gives two panels the same name “%(name)s”: add "
                       "{event}, {component}, {group} or {heat} to it.", name=name))
    for name in sorted({n for n in names if n in taken}):
        found.append(_("This stage already has another panel named “%(name)s”.", name=name))
    for name in sorted({n for n in names if not n or len(n) > 200}):
        found.append(_("A panel name must have 1 to 200 characters: “%(name)s”.",
                       name=name[:60]))
    return found


def create(stage, planned: list[Planned], *, judge_ids: list[int], chief_id: int | None,
           contest_id: int, reveal_names: bool = False,
           flag_percent: Decimal | None = None) -> tuple[list[Panel], list[Planned]]:
    """Create the planned panels that do not exist yet, each with the judges (and chief
    judge), in one transaction. Returns (created, skipped)."""
    with all_or_nothing():
        begin_writing()
        broken = problems(stage, planned)
        if broken:
            raise Invalid(broken[0], code="panel_names", problems=broken)
        people = sorted(set(judge_ids) | ({chief_id} if chief_id else set()))
        judges = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(people)))}
        if any(uid not in judges or judges[uid].role not in ("judge", "chief_judge")
               for uid in people):
            raise Invalid(_("Choose judges from the list."), code="judges")
        created = []
        for item in planned:
            if item.existing is not None:
                continue
            panel = Panel(name=item.name, stage_id=stage.id, event_id=item.event.id,
                          heat_id=item.heat.id if item.heat else None,
                          component_id=item.component.id, rater_group_id=item.group.id,
                          reveal_names=reveal_names,
                          flag_percent=DEFAULT_FLAG_PERCENT if flag_percent is None
                          else flag_percent)
            db.session.add(panel)
            flush_or_refuse()
            audit.record("create", panel, contest_id=contest_id, new=audit.snapshot(panel))
            for uid in people:
                seat = PanelJudge(panel_id=panel.id, user_id=uid, is_chief=uid == chief_id)
                db.session.add(seat)
                flush_or_refuse()
                audit.record("create", seat, contest_id=contest_id, new=audit.snapshot(seat))
            created.append(panel)
    return created, [p for p in planned if p.existing is not None]


__all__ = ["DEFAULT_PATTERN", "PLACEHOLDERS", "Planned", "braced", "check_pattern", "create",
           "panel_name", "plan", "problems"]
