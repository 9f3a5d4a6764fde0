"""Public pages: open to everyone, showing only what organizers have released."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from . import bulletin, certificates, objections, results, views  # noqa: E402,F401
