"""The delegation portal (领队): a delegation leader follows the delegation's published
results, awards and certificates, and files and follows its appeals. Delegation leaders
only; per delegation, a leader reaches only the one it leads (403 otherwise)."""
from flask import Blueprint

from ..auth.roles import DELEGATION_LEADERS, require_roles
from ..responses import flash_and_back, register

bp = Blueprint("portal", __name__, url_prefix="/delegation")
bp.before_request(require_roles(*DELEGATION_LEADERS))
register(bp, flash_and_back)

from . import views  # noqa: E402,F401
