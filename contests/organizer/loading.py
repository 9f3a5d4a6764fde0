"""The organizer pages' shared loaders: every view loads what it acts on through one of
these (load), then checks the form (check), then calls one service (act).

"The contest of this organizer" is the one way a page reaches a contest; "in this contest"
the one way it reaches a record below it. A record that does not exist, or belongs to
another contest, is `NotFound` (the blueprint answers 404), so an id from one contest can
never reach a record of another through a URL."""
from collections.abc import Callable

from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Contest, User
from ..refusals import NotFound


def _own_contest_id(obj) -> int | None:
    return obj.contest_id


def contest(contest_id: int) -> Contest:
    """The contest of this organizer."""
    found = db.session.get(Contest, contest_id)
    if found is None or not may_manage(current_user, found):
        raise NotFound(_("There is no such contest."))
    return found


def may_manage(user, found: Contest) -> bool:
    """Whether this user runs this contest. Every organizer runs every contest today; the
    blueprint already admits organizers only."""
    return bool(user.is_authenticated and user.is_organizer)


def in_contest(model, obj_id: int, owner: Contest,
               contest_id_of: Callable = _own_contest_id):
    """The record of `model` with this id, if it belongs to the contest."""
    obj = db.session.get(model, obj_id) if 0 < obj_id < 2**63 else None
    if obj is None or contest_id_of(obj) != owner.id:
        raise NotFound(_("There is no such record in this contest."))
    return obj


def user(user_id: int) -> User:
    """An account, for the account pages."""
    found = db.session.get(User, user_id) if 0 < user_id < 2**63 else None
    if found is None:
        raise NotFound(_("There is no such account."))
    return found
