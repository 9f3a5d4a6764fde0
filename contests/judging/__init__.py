"""Judge tablet pages. Every route here requires a judge or chief judge."""
from flask import Blueprint, request

from ..auth.roles import JUDGES, require_roles
from ..responses import as_json, flash_and_back, register
from ..templating import sealed_codes

bp = Blueprint("judging", __name__, url_prefix="/judging")
bp.before_request(require_roles(*JUDGES))


def answer_refusal(refusal, status: int):
    """The tablet's script (/judging/api/...) reads JSON; the pages flash the reason where
    the view said to go back, or show it on an error page."""
    if request.path.startswith(f"{bp.url_prefix}/api/"):
        return as_json(refusal, status)
    return flash_and_back(refusal, status)


register(bp, answer_refusal)


# `sealed_code(entry)` for judging/_entry_label.html: judges see sealed codes only (加密).
bp.context_processor(sealed_codes())

from . import api, chief, views  # noqa: E402,F401
