"""The site administrator's pages: accounts (new, edit, delete, judges' sign-in links)
and who runs which contest. Administrators only; organizers and judges get 403.

The administrator does not configure contests or see their data: they decide who does
(an organizer made a member of a contest)."""
from flask import Blueprint

from ..auth.roles import ADMIN, require_roles
from ..responses import flash_and_back, register

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_roles(*ADMIN))
register(bp, flash_and_back)

from . import accounts, links, members  # noqa: E402,F401
