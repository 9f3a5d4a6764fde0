"""Blank registration forms to download, one per import kind: the header row in the
organizer's language, and (in .xlsx) a second sheet listing the values the contest
accepts, so provinces fill in event and delegation names that will match."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Delegation
from ..vocabularies import label
from .fields import KINDS
from .writers import Column, Sheet


def blank(kind_name: str, contest) -> list[Sheet]:
    kind = KINDS[kind_name]
    columns = [Column(f"{f.label}*" if f.required else f.label,
                      "integer" if f.name == "draw_number" else "text", width=18)
               for f in kind.fields]
    return [Sheet(kind.title, columns, []), Sheet(_l("Accepted values"), [
        Column(_l("Column"), width=18), Column(_l("Accepted values"), width=80)],
        _accepted(kind_name, contest))]


def _accepted(kind_name: str, contest) -> list[list]:
    required = _("Required.")
    rows = [[str(f.label), required] for f in KINDS[kind_name].fields if f.required]
    if kind_name == "contestants":
        names = db.session.scalars(select(Delegation.name).where(
            Delegation.contest_id == contest.id).order_by(Delegation.name)).all()
        rows += [
            [str(_l("Gender")), "男, 女"],
            [str(_l("Event")), ", ".join(e.name for e in contest.events)],
            [str(_l("Stage")), ", ".join(s.name for s in contest.stages) + " " +
             _("(empty: the first stage)")],
            [str(_l("Heat")), "; ".join(f"{s.name}: {', '.join(h.name for h in s.heats)}"
                                        for s in contest.stages if s.heats)],
            [str(_l("Delegation")), ", ".join(names)],
            [str(_l("ID number")), _("18 digits; stored only masked (110105********1234).")],
            [str(_l("Guest (not competing for awards)")),
             _("是 or 否 (yes or no); empty: unchanged (a new entry is not a guest). A guest "
               "is ranked and shown but never awarded.")],
        ]
    if kind_name == "judges":
        rows += [[str(_l("Role")), f"{label('judge', 'role')}, {label('chief_judge', 'role')}"],
                 [str(_l("Password")), _("Optional, at least 8 characters; without it a "
                                         "random password is shown once after the import.")]]
    return rows
