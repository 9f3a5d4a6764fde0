"""JSON endpoints the sheet's script talks to: apply one change, read a sheet's state."""
from flask import abort, jsonify, request
from flask_login import current_user

from ..services import audit
from ..services.judging import changes
from . import bp
from .loading import my_entry, my_seat


@bp.route("/api/changes", methods=["POST"])
def apply_change():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400)
    return jsonify(changes.apply_change(current_user, payload,
                                        audit.device_label(str(payload.get("device") or ""))))


@bp.route("/api/panels/<int:panel_id>/entries/<int:entry_id>/sheet")
def sheet_state(panel_id: int, entry_id: int):
    found = my_seat(panel_id)
    entry = my_entry(found, entry_id)
    return jsonify(changes.sheet_state(found, changes.sheet_for(found, entry.id,
                                                                create=False)))
