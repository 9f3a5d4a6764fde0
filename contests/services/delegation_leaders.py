"""Delegation leaders' accounts (领队). The organizers of a contest make them for the
contest's own delegations (an account of this one role only, never more); the leader signs
in with a one-time link, as judges do, and reaches only the delegation portal of the
delegation it leads (contests/portal)."""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Delegation, DelegationLeader, User
from ..refusals import Invalid
from . import audit
from .judging import links
from .transaction import all_or_nothing, flush_or_refuse

ROLE = "delegation_leader"
LINK_HOURS = 72


def delegation_of(user) -> Delegation | None:
    """The delegation this account leads (None for any other account)."""
    if not (user.is_authenticated and user.role == ROLE):
        return None
    found = db.session.get(DelegationLeader, user.id)
    return found.delegation if found is not None else None


def leaders(delegation: Delegation) -> list[User]:
    return list(db.session.scalars(
        select(User).join(DelegationLeader, DelegationLeader.user_id == User.id)
        .where(DelegationLeader.delegation_id == delegation.id).order_by(User.username)))


def create(delegation: Delegation, *, username: str, display_name: str, actor) -> str:
    """A new leader account for `delegation` and its first sign-in link (the token, shown
    once). Its password is random and never shown: it signs in by links."""
    username, display_name = (username or "").strip(), (display_name or "").strip()
    if not username or not display_name:
        raise Invalid(_("Give the leader's user name and name."))
    with all_or_nothing():
        user = User(username=username, display_name=display_name[:100], role=ROLE,
                    unit=delegation.name[:200])
        user.set_password(secrets.token_urlsafe(24))
        db.session.add(user)
        flush_or_refuse()
        db.session.add(DelegationLeader(user_id=user.id, delegation_id=delegation.id))
        flush_or_refuse()
        audit.record("create", user, contest_id=delegation.contest_id, user=actor,
                     new={"username": user.username, "role": ROLE,
                          "delegation": delegation.name})
    return links.create(user, LINK_HOURS)


def new_link(user: User) -> str:
    """Another one-time sign-in link for a leader (the old ones stay until they expire)."""
    return links.create(user, LINK_HOURS)
