"""Organizer pages: configure contests and everything in them. Organizers only."""
from flask import Blueprint

from ..auth.roles import ORGANIZER, require_roles

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
bp.before_request(require_roles(*ORGANIZER))

from . import (certificate_views, contests, crud, exchange_views,  # noqa: E402,F401
               judging_views, results_views, rows, users)
