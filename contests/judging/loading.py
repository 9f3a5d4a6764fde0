"""The judge pages' shared loaders: "the panel of this judge" (their seat on it) and "an
entry this judge may mark there". Views load through these, then check, then act; a refusal
(not on the panel, not the chief, a conflict of interest) is answered by the blueprint's
one handler."""
from flask_login import current_user

from ..services.judging import access


def my_seat(panel_id: int, chief: bool = False) -> access.Seat:
    return (access.chief_seat if chief else access.seat)(current_user, panel_id)


def my_entry(found: access.Seat, entry_id: int):
    return access.markable_entry(found, entry_id)
