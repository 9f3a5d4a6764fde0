"""The public list of a contest's draws by lot (抽签): seed, procedure and result of each,
and how to run it again. Sealed codes show only the seed's SHA-256 until unsealed; judges
drawn onto panels are not named."""
from flask import render_template

from ..services import draws
from . import bp
from .snapshots import listed_contest


@bp.route("/contests/<code>/draws")
def draws_list(code: str):
    contest = listed_contest(code)
    return render_template("public/draws.html", contest=contest,
                           listed=draws.of_contest(contest.id))
