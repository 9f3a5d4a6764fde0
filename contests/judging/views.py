from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Panel, PanelJudge
from . import bp


@bp.route("/")
def index():
    """The judge's own panels: what they are assigned to mark."""
    assignments = db.session.scalars(
        select(PanelJudge).join(Panel).where(PanelJudge.user_id == current_user.id)
        .order_by(Panel.stage_id, Panel.name)
    ).all()
    return render_template("judging/index.html", assignments=assignments)
