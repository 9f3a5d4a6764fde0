"""Turn the judging services' refusals into HTTP answers."""
from flask import abort
from flask_login import current_user

from ..services.judging import access


def my_seat(panel_id: int, chief: bool = False) -> access.Seat:
    try:
        return (access.chief_seat if chief else access.seat)(current_user, panel_id)
    except access.Denied as denied:
        abort(denied.status)


def my_entry(found: access.Seat, entry_id: int):
    try:
        return access.markable_entry(found, entry_id)
    except access.Denied as denied:
        abort(denied.status)
