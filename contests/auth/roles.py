"""Role checks. Blueprints guard all their routes at once with `require_roles`, so a new
route cannot forget its check; anonymous visitors go to sign in, wrong roles get 403.

Roles do not add up: the administrator manages accounts and who runs which contest
(/admin), organizers run the contests they are members of (/organizer, checked per contest
by `organizer.loading.may_manage`), judges and chief judges mark on their panels
(/judging, checked per panel), clerks type judges' paper sheets in the contests they are
members of (/clerk), and organizers or a panel's chief judge settle paper copies that
differ (/paper-review, checked per contest and panel)."""
from flask import abort, url_for
from flask_login import current_user

from ..extensions import login_manager

ADMIN = ("admin",)
ORGANIZER = ("organizer",)
JUDGES = ("judge", "chief_judge")
CLERKS = ("clerk",)
# Who resolves two paper copies that differ: the contest's organizers and the panel's
# chief judge (each checked per contest or panel by contests/clerk/review.py).
PAPER_REVIEWERS = ("organizer", "chief_judge")
DELEGATION_LEADERS = ("delegation_leader",)  # 领队: the delegation portal (/delegation)
HOMES = {"admin": "admin.users", "organizer": "organizer.index", "clerk": "clerk.index",
         "delegation_leader": "portal.index"}


def home_for(user) -> str:
    """Where this user lands after signing in."""
    return url_for(HOMES.get(user.role, "judging.index"))


def require_roles(*roles: str):
    def guard():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return guard
