"""Judge tablet pages. Every route here requires a judge or chief judge."""
from flask import Blueprint

from ..auth.roles import JUDGES, require_roles

bp = Blueprint("judging", __name__, url_prefix="/judging")
bp.before_request(require_roles(*JUDGES))

from . import api, chief, views  # noqa: E402,F401
