"""JSON endpoints the sheet's script talks to: apply one change, read a sheet's state.
A change names its entry by the entry's code on the panel (see loading.py)."""
from decimal import Decimal

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from .. import web_input
from ..refusals import Invalid
from ..services import audit
from ..services.judging import changes
from . import bp
from .loading import my_entry, my_seat


@bp.route("/api/changes", methods=["POST"])
def apply_change():
    payload = checked_change(web_input.json_object())
    return jsonify(changes.apply_change(current_user, payload,
                                        audit.device_label(str(payload.get("device") or ""))))


@bp.route("/api/panels/<int:panel_id>/entries/<entry_code>/sheet")
def sheet_state(panel_id: int, entry_code: str):
    found = my_seat(panel_id)
    entry = my_entry(found, entry_code)
    return jsonify(changes.sheet_state(found, changes.sheet_for(found, entry.id,
                                                                create=False)))


#: Fields the service reads as numbers (ids, a version) and as text.
NUMBERS = ("panel", "entry", "criterion", "base_version")
TEXTS = ("kind", "key", "device", "base_text")


def checked_change(payload: dict) -> dict:
    """The change if every field has a type the service can use: numbers an id column holds
    (a string that reads as a number too; base_version only as a number), text as strings,
    a mark's value as a string or a number; Invalid (422) otherwise, before anything is
    read or written."""
    wrong = [name for name in NUMBERS if not web_input.is_bounded_int(
        payload.get(name), strict=name == "base_version")]
    wrong += [name for name in TEXTS if not isinstance(payload.get(name), str | None)]
    value = payload.get("value")
    if not (isinstance(value, str | None) or (payload.get("kind") == "mark" and isinstance(
            value, int | Decimal) and not isinstance(value, bool))):
        wrong.append("value")
    if wrong:
        raise Invalid(_("This change is not in a form the service understands."),
                      code="bad_change", fields=sorted(wrong))
    return payload
