"""Clerks (录入员) type judges' paper sheets, twice, by two different clerks (views.py);
organizers and the panel's chief judge settle copies that differ (review.py). Each is
its own blueprint, guarded by role as a whole; per contest a clerk reaches only the
contests they are a member of (contest_members)."""
from flask import Blueprint

from ..auth.roles import CLERKS, PAPER_REVIEWERS, require_roles
from ..responses import flash_and_back, register

bp = Blueprint("clerk", __name__, url_prefix="/clerk")
bp.before_request(require_roles(*CLERKS))
register(bp, flash_and_back)

review_bp = Blueprint("paper", __name__, url_prefix="/paper-review")
review_bp.before_request(require_roles(*PAPER_REVIEWERS))
register(review_bp, flash_and_back)

from . import review, views  # noqa: E402,F401
