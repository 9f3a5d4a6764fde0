"""What can be downloaded from a contest, as a registry: name → builder of sheets.

The people exports use the import columns, so a downloaded list can be edited and
imported again. Other features add their kinds with `register` (the results service
will add standings, award and title lists, grades with yearly benefits)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import AuditEntry, Contestant, Delegation, Entry, Event, Heat, Stage, User
from ..vocabularies import label
from .fields import KINDS
from .writers import Column, Sheet


@dataclass(frozen=True)
class ExportKind:
    name: str
    title: object
    build: Callable  # contest -> list[Sheet]; CSV takes the first sheet
    importable: bool = False  # the same columns as the import of the same name


EXPORTS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    EXPORTS[kind.name] = kind
    return kind


def _columns(kind_name: str, skip=()) -> list[Column]:
    return [Column(f.label, "integer" if f.name == "draw_number" else "text",
                   width=24 if f.name in ("unit", "delegation", "name") else 14)
            for f in KINDS[kind_name].fields if f.name not in skip]


def delegations(contest) -> list[Sheet]:
    rows = db.session.execute(select(Delegation.name, Delegation.code, Delegation.region).where(
        Delegation.contest_id == contest.id).order_by(Delegation.code, Delegation.name))
    return [Sheet(_l("Delegations"), _columns("delegations"), [list(r) for r in rows])]


def contestants(contest) -> list[Sheet]:
    """One row per entry (a contestant in two events has two rows), and one row for a
    contestant without entries; ID numbers only in their masked form."""
    heat = aliased(Heat)
    query = (
        select(Contestant.bib, Contestant.name, Contestant.gender, Contestant.unit,
               Delegation.name, Contestant.id_number_masked, Contestant.draw_number,
               Event.name, Stage.name, heat.name, Entry.id, Entry.guest)
        .outerjoin(Delegation, Contestant.delegation_id == Delegation.id)
        .outerjoin(Entry, Entry.contestant_id == Contestant.id)
        .outerjoin(Event, Entry.event_id == Event.id)
        .outerjoin(Stage, Entry.stage_id == Stage.id)
        .outerjoin(heat, Entry.heat_id == heat.id)
        .where(Contestant.contest_id == contest.id)
        .order_by(Contestant.bib, Stage.position, Event.position))
    yes, no = _("yes"), _("no")
    rows = [list(r[:-2]) + ["" if r[-2] is None else (yes if r[-1] else no)]
            for r in db.session.execute(query)]
    return [Sheet(_l("Contestants"), _columns("contestants"), rows)]


def judges(contest) -> list[Sheet]:
    """Every judge's account (accounts are not tied to one contest); no passwords."""
    query = select(User.username, User.display_name, User.unit, User.role).where(
        User.role.in_(("judge", "chief_judge"))).order_by(User.username)
    rows = [[u, n, unit, str(label(role, "role"))]
            for u, n, unit, role in db.session.execute(query)]
    return [Sheet(_l("Judges"), _columns("judges", skip=("password",)), rows)]


AUDIT_COLUMNS = [
    Column(_l("Time"), "datetime", width=20), Column(_l("Account")), Column(_l("Action")),
    Column(_l("Record kind")), Column(_l("Record"), "integer"),
    Column(_l("Old value"), width=40), Column(_l("New value"), width=40),
    Column(_l("Reason"), width=30), Column(_l("Device"), width=30)]


def audit_log(contest) -> list[Sheet]:
    """Every audit row of the contest, oldest first, times in the contest's time zone."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    query = (select(AuditEntry, User.username).outerjoin(User, AuditEntry.user_id == User.id)
             .where(AuditEntry.contest_id == contest.id)
             .order_by(AuditEntry.at, AuditEntry.id))

    def rows():
        for entry, username in db.session.execute(query):
            at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
            yield [at.astimezone(zone).replace(tzinfo=None), username, entry.action,
                   entry.entity, entry.entity_id, entry.old, entry.new, entry.reason,
                   entry.device]

    return [Sheet(_l("Audit log"), AUDIT_COLUMNS, rows())]


register(ExportKind("delegations", _l("Delegations"), delegations, importable=True))
register(ExportKind("contestants", _l("Contestants and entries"), contestants,
                    importable=True))
register(ExportKind("judges", _l("Judges"), judges, importable=True))
register(ExportKind("audit", _l("Audit log"), audit_log))
from . import (  # noqa: E402  (modules that register themselves after the registry exists)
    export_marks,  # noqa: F401  (registers "marks")
    export_payroll,  # noqa: F401  (registers "payroll")
    export_results,  # noqa: F401  (registers standings, awards, grades)
)
