"""The judge pages' shared loaders: "the panel of this judge" (their seat on it) and "an
entry this judge may mark there". Views load through these, then check, then act; a refusal
(not on the panel, not the chief, a conflict of interest) is answered by the blueprint's
one handler.

Entries are addressed by their code on the panel (access.entry_code), never by their id:
the id is also the id of the entry's public page, so a judge who knew it could look up
whose work they are marking. An entry id where a code belongs is simply not found."""
from flask_login import current_user

from ..services.judging import access


def my_seat(panel_id: int, chief: bool = False) -> access.Seat:
    return (access.chief_seat if chief else access.seat)(current_user, panel_id)


def my_entry(found: access.Seat, code: str):
    """The entry with this code on the judge's panel, if they may mark it."""
    return access.markable_entry_by_code(found, code)


def panel_entry(found: access.Seat, code: str):
    """The entry with this code on the panel, whoever marks it (the chief's pages)."""
    return access.panel_entry_by_code(found.panel, code)
