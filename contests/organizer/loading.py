"""The organizer pages' shared loaders: every view loads what it acts on through one of
these (load), then checks the form (check), then calls one service (act).

"The contest of this organizer" is the one way a page reaches a contest; "in this contest"
the one way it reaches a record below it. A record that does not exist, or belongs to
another contest, is `NotFound` (the blueprint answers 404), so an id from one contest can
never reach a record of another through a URL."""
from collections.abc import Callable

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, false, select

from ..extensions import db
from ..models import Contest, ContestMember, User
from ..refusals import NotFound
from ..web_input import MAX_ID


def _own_contest_id(obj) -> int | None:
    return obj.contest_id


def contest(contest_id: int) -> Contest:
    """The contest of this organizer."""
    found = db.session.get(Contest, contest_id) if 0 < contest_id <= MAX_ID else None
    if found is None or not may_manage(current_user, found):
        raise NotFound(_("There is no such contest."))
    return found


def may_manage(user, found: Contest) -> bool:
    """Whether this user runs this contest: an organizer who is one of its members
    (the administrator decides who; whoever creates a contest is its first member).
    Anyone else learns nothing, not even that the contest exists."""
    if not (user.is_authenticated and user.is_organizer):
        return False
    return db.session.get(ContestMember, (found.id, user.id)) is not None


def managed_contests(user) -> Select:
    """The contests this user runs, newest first: the dashboard and every list of
    contests an organizer can pick from."""
    query = select(Contest).order_by(Contest.year.desc(), Contest.name)
    if not (user.is_authenticated and user.is_organizer):
        return query.where(false())
    return query.join(ContestMember, ContestMember.contest_id == Contest.id).where(
        ContestMember.user_id == user.id)


def in_contest(model, obj_id: int, owner: Contest,
               contest_id_of: Callable = _own_contest_id):
    """The record of `model` with this id, if it belongs to the contest."""
    obj = db.session.get(model, obj_id) if 0 < obj_id <= MAX_ID else None
    if obj is None or contest_id_of(obj) != owner.id:
        raise NotFound(_("There is no such record in this contest."))
    return obj


def user(user_id: int) -> User:
    """An account, for the administrator's account pages (contests/admin)."""
    found = db.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if found is None:
        raise NotFound(_("There is no such account."))
    return found
