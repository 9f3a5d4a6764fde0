"""Account and membership writes. Only the site administrator manages accounts, and
setting a password or changing a role also needs the administrator's own current password
(a stolen session alone cannot take an account over). Every change is audited with the
fields that changed, old → new; a password shows only as "changed", never its hash."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Contest, ContestMember, User
from ..refusals import Invalid, NotAllowed
from . import audit
from .organizer import ensure_deletable
from .transaction import all_or_nothing, flush_or_refuse

#: What an account form may change; anything else in `values` is ignored.
ACCOUNT_FIELDS = ("username", "display_name", "role", "unit", "active")
ADMIN = "admin"
#: Accounts that belong to contests: organizers run them, clerks type their paper sheets.
MEMBER_ROLES = ("organizer", "clerk")
PASSWORD_CHANGED = "changed"  # what the audit trail says instead of a password


def is_admin(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.role == ADMIN)


def require_admin(actor, current_password: str | None = None, *, confirm: bool = False):
    """The administrator, and with `confirm` their own current password too."""
    if not is_admin(actor):
        raise NotAllowed(_("Only the administrator manages accounts."), code="not_admin")
    if confirm and not (current_password and actor.check_password(current_password)):
        raise NotAllowed(_("Your current password is needed to set a password or change a "
                           "role; nothing was changed."), code="current_password")


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def save(user: User, values: dict, *, password: str | None, actor,
         current_password: str | None) -> User:
    """Create (`user` without id) or update an account. Refuses anyone but the
    administrator; a new account, a new password or a changed role also needs the
    administrator's current password. Nothing changed means nothing written."""
    is_new = user.id is None
    wanted = {k: values[k] for k in ACCOUNT_FIELDS if k in values}
    changed = {k: v for k, v in wanted.items() if is_new or getattr(user, k) != v}
    require_admin(actor, current_password,
                  confirm=is_new or bool(password) or "role" in changed)
    if not is_new and user.id == actor.id and (
            changed.get("role", ADMIN) != ADMIN or changed.get("active", True) is False):
        raise NotAllowed(_("You cannot take away your own administrator rights or "
                           "sign-in; another administrator can."), code="own_account")
    if not changed and not password:
        return user
    with all_or_nothing():
        old = None if is_new else {k: _plain(getattr(user, k)) for k in changed}
        for key, value in changed.items():
            setattr(user, key, value)
        if password:
            user.set_password(password)
        if is_new:
            db.session.add(user)
        flush_or_refuse()
        new = {k: _plain(getattr(user, k)) for k in changed}
        if password:
            new["password"] = PASSWORD_CHANGED
        audit.record("create" if is_new else "update", user, old=old, new=new, user=actor)
    return user


def delete(user: User, *, actor) -> None:
    """Delete an account unless marks depend on it; never the administrator's own."""
    require_admin(actor)
    if user.id == actor.id:
        raise NotAllowed(_("You cannot delete your own account."), code="own_account")
    with all_or_nothing():
        ensure_deletable(user)
        audit.record("delete", user, old=audit.snapshot(user), user=actor)
        db.session.delete(user)


def is_member(contest_id: int, user_id: int) -> bool:
    return db.session.get(ContestMember, (contest_id, user_id)) is not None


def join_when_created(contest: Contest, user) -> None:
    """Make `user` (an organizer creating `contest`) its first member, in the caller's
    transaction: the membership is written with the contest or not at all."""
    if user is not None and getattr(user, "role", None) == "organizer":
        db.session.add(ContestMember(contest=contest, user_id=user.id))


def add_member(contest: Contest, user: User, *, actor, from_shell: bool = False) -> None:
    """Make the organizer `user` run `contest`: the administrator's call (or the shell's,
    `flask accounts add-member`, which is as trusted as the server itself)."""
    if not from_shell:
        require_admin(actor)
    if user.role not in MEMBER_ROLES:
        raise Invalid(_("Only organizers run contests; judges reach their panels."),
                      code="not_an_organizer")
    if is_member(contest.id, user.id):
        return
    with all_or_nothing():
        db.session.add(ContestMember(contest_id=contest.id, user_id=user.id))
        flush_or_refuse()
        audit.record("add_member", entity="contest_members", entity_id=user.id,
                     contest_id=contest.id, new={"user": user.username}, user=actor)


def remove_member(contest: Contest, user: User, *, actor, from_shell: bool = False) -> None:
    if not from_shell:
        require_admin(actor)
    found = db.session.get(ContestMember, (contest.id, user.id))
    if found is None:
        return
    with all_or_nothing():
        db.session.delete(found)
        audit.record("remove_member", entity="contest_members", entity_id=user.id,
                     contest_id=contest.id, old={"user": user.username}, user=actor)


def members(contest: Contest) -> list[User]:
    return list(db.session.scalars(
        select(User).join(ContestMember, ContestMember.user_id == User.id)
        .where(ContestMember.contest_id == contest.id).order_by(User.username)))


def organizers_outside(contest: Contest) -> list[User]:
    """Organizers (and clerks) who could be added to `contest`."""
    inside = select(ContestMember.user_id).where(ContestMember.contest_id == contest.id)
    return list(db.session.scalars(
        select(User).where(User.role.in_(MEMBER_ROLES), User.id.not_in(inside))
        .order_by(User.username)))
