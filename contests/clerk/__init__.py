"""Clerks (录入员) type judges' paper sheets, twice, by two different clerks (views.py);
organizers and the panel's chief judge settle copies that differ (review.py). Each is
its own blueprint, guarded by role as a whole; per contest a clerk reaches only the
contests they are a member of (contest_members)."""
from flask import Blueprint

from ..auth.roles import CLERKS, PAPER_REVIEWERS, require_roles
from ..responses import flash_and_back, register
from ..templating import sealed_codes

bp = Blueprint("clerk", __name__, url_prefix="/clerk")
bp.before_request(require_roles(*CLERKS))
register(bp, flash_and_back)

review_bp = Blueprint("paper", __name__, url_prefix="/paper-review")
review_bp.before_request(require_roles(*PAPER_REVIEWERS))
register(review_bp, flash_and_back)
# clerk/_entrant.html: while a stage's codes are sealed (加密) an entry is known here by the
# code the judge's paper sheet carries, never by bib, draw number or name.
for _bp in (bp, review_bp):
    _bp.context_processor(sealed_codes(until_unsealed=True))

from . import review, views  # noqa: E402,F401
