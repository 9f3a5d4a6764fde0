"""Role checks. Blueprints guard all their routes at once with `require_roles`, so a new
route cannot forget its check; anonymous visitors go to sign in, wrong roles get 403."""
from flask import abort
from flask_login import current_user

from ..extensions import login_manager

ORGANIZER = ("organizer",)
JUDGES = ("judge", "chief_judge")


def require_roles(*roles: str):
    def guard():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return guard
