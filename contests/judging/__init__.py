"""Judge tablet pages. Every route here requires a judge or chief judge."""
from flask import Blueprint, request

from ..auth.roles import JUDGES, require_roles
from ..responses import as_json, flash_and_back, register

bp = Blueprint("judging", __name__, url_prefix="/judging")
bp.before_request(require_roles(*JUDGES))


def answer_refusal(refusal, status: int):
    """The tablet's script (/judging/api/...) reads JSON; the pages flash the reason where
    the view said to go back, or show it on an error page."""
    if request.path.startswith(f"{bp.url_prefix}/api/"):
        return as_json(refusal, status)
    return flash_and_back(refusal, status)


register(bp, answer_refusal)


@bp.context_processor
def _sealed_codes():
    """`sealed_code(entry)`: the entry's sealed code (加密) when its stage and event are
    sealed, for judging/_entry_label.html; one query per stage and event a page shows."""
    from flask import g

    from ..services.draws import sealed_code_map

    def sealed_code(entry) -> str | None:
        cache = g.setdefault("sealed_codes", {})
        key = (entry.stage_id, entry.event_id)
        if key not in cache:
            cache[key] = sealed_code_map(*key)
        return cache[key].get(entry.id)

    return {"sealed_code": sealed_code}

from . import api, chief, views  # noqa: E402,F401
