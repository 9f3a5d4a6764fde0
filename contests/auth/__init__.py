"""Sign-in and sign-out for organizers and judges."""
from flask import Blueprint

from ..responses import as_page, register

bp = Blueprint("auth", __name__, url_prefix="/auth")
register(bp, as_page)

from . import views  # noqa: E402,F401
