"""Public pages: open to everyone, showing only what organizers have released."""
from flask import Blueprint

from ..responses import as_page, register

bp = Blueprint("public", __name__)
register(bp, as_page)

from . import bulletin, certificates, delegations, draws, objections, results, views  # noqa: E402,F401
