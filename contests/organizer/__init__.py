"""Organizer pages: configure contests and everything in them. Organizers only."""
from flask import Blueprint

from ..auth.roles import ORGANIZER, require_roles
from ..responses import flash_and_back, register

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
bp.before_request(require_roles(*ORGANIZER))
# A refused action is flashed on the page the view names with back_to(); views that
# re-render a form with the reason catch Refused themselves.
register(bp, flash_and_back)

from . import (  # noqa: E402,F401
               appeal_views,
               certificate_views,
               contests,
               copy_views,
               crud,
               draw_views,
               exchange_views,
               job_views,
               judging_views,
               marks_import_views,
               panel_bulk,
               ranking_views,
               results_views,
               rows,
               rubric_views,
)
