"""Sign-in and sign-out for organizers and judges."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from . import views  # noqa: E402,F401
