"""Plan for judges' accounts, keyed by username. A new account gets the password from the
file or a random one shown once after the import; an existing account keeps its password
(so re-importing changes nothing) and an organizer's account is never touched."""
import re
from functools import cache

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..vocabularies import label
from .fields import KINDS
from .lookup import accounts, value_key
from .plan import Change, Plan, RowAction, change_text, rows
from .readers import Table

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
MIN_PASSWORD = 8
ROLE_WORDS = {"裁判": "judge", "裁判员": "judge", "评委": "judge", "judge": "judge",
              "裁判长": "chief_judge", "主裁判": "chief_judge", "评委会主任": "chief_judge",
              "chiefjudge": "chief_judge", "chief_judge": "chief_judge"}
JUDGE_ROLES = ("judge", "chief_judge")


@cache
def _role_words() -> dict:
    words = dict(ROLE_WORDS)
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            words.update({value_key(str(label(role, "role"))): role for role in JUDGE_ROLES})
    return words


def judges(plan: Plan, table: Table, mapping: list, contest) -> None:
    kind = KINDS["judges"]
    checked = list(rows(table, mapping, kind, plan.problems))
    existing = accounts({row.get("username") for row in checked if row.get("username")})
    seen: dict[str, int] = {}
    for row in checked:
        username = row.text("username")
        name, unit = row.text("display_name"), row.text("unit")
        role = None
        if role_text := row.get("role"):
            role = _role_words().get(value_key(role_text))
            if role is None:
                row.problem("unknown_choice", "role", value=role_text,
                            allowed=", ".join(str(label(r, "role")) for r in JUDGE_ROLES))
        password = row.raw("password").strip() or None
        if username:
            if not USERNAME.match(username):
                row.problem("bad_username", "username")
            if username in seen:
                row.problem("name_twice", "username", value=username, row=seen[username])
            seen.setdefault(username, row.number)
        stored = existing.get(username)
        if stored is not None and stored.role not in JUDGE_ROLES:
            row.problem("not_a_judge", "username", value=username)
        if stored is None and username and not name:
            row.problem("required", "display_name", field=kind.field("display_name").label)
        if stored is None and password and len(password) < MIN_PASSWORD:
            row.problem("short_password", "password", min=MIN_PASSWORD)
        if row.bad:
            continue
        if stored is None:
            plan.changes.append(Change("users", (username,), dict(
                username=username, display_name=name, unit=unit, role=role or "judge",
                active=True, password=password)))
            plan.actions.append(RowAction(row.number, "create", f"{username} {name}", [
                _l("password from the file") if password else
                _l("a random password will be shown once")]))
            continue
        given = {k: v for k, v in dict(display_name=name, unit=unit, role=role).items()
                 if v is not None}
        changed = {k: v for k, v in given.items() if getattr(stored, k) != v}
        if changed:
            plan.changes.append(Change("users", (username,), changed, id=stored.id,
                                       old={k: getattr(stored, k) for k in changed}))
        details = [change_text(kind.field(k).label, getattr(stored, k), v)
                   for k, v in changed.items()]
        if password:
            details.append(_l("existing account: its password is left unchanged"))
        plan.actions.append(RowAction(row.number, "update" if changed else "skip",
                                      f"{username} {stored.display_name}", details))
