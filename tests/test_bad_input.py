"""Bad input gets a clear 4xx and changes nothing.

Generated from the URL map: every route, every form found on the pages and the tablet's JSON
endpoint receive malformed, oversized, wrong-typed, Unicode-edge and injection-shaped values,
as every kind of visitor. Whatever arrives, the service never answers 500, a refused request
(4xx) leaves every table's row count as it was, and the raw script sent in never comes back
unescaped in a page. Derandomized, so CI sees the same examples every run."""
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from contests.models.user import ROLES as ACCOUNT_ROLES
from tests.auth.test_access_matrix import _url, world  # noqa: F401 (the world fixture)

SCRIPT = "<script>alert(1)</script>"
ROLES = ["anonymous", *ACCOUNT_ROLES]
FUZZ = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))

EDGE = [
    "0", "-1", "1", str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), str(2**64),
    "9" * 30, "9" * 5000,
    "-" + "9" * 25, "1.5", "1e309", "NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf",
    "", " ", "../", "../../etc/passwd", "..%2F..%2F", "%00", "\x00", SCRIPT, "' OR 1=1 --",
    '"; DROP TABLE users; --', "\u202eevil\u202c", "\u200f\u200e", "x" * 10_000, "😀" * 50,
    "\ud800", "\udfff", "١٢", "０", "null", "[]", "{}", "true", "2026-13-45", "9999-12-31",
    "{{7*7}}", "%(name)s", "\\", "\r\nSet-Cookie: x=1",
]
bad_text = st.one_of(
    st.sampled_from(EDGE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
)


def _quote(value: str) -> str:
    return quote(value, safe="", errors="surrogatepass")


def _table_counts(db) -> dict[str, int]:
    """Rows per table, in one query (idempotency memory of the tablet API excluded: a
    refused change is remembered on purpose, so a resend gets the same refusal)."""
    names = [t.name for t in db.metadata.sorted_tables if t.name != "applied_changes"]
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {n})" for n in names)
    with db.engine.connect() as connection:
        return dict(zip(names, connection.execute(text(sql)).one(), strict=True))


def _check(response, before, db, what: str) -> None:
    status = response.status_code
    assert status < 500, f"{what}: {status}"
    if 400 <= status < 500:
        assert _table_counts(db) == before, f"{what}: refused ({status}) but rows changed"
    # Pages never carry the script as markup. (A JSON answer may echo a judge's own text
    # as data: it is served as application/json, never rendered.)
    if (response.mimetype or "").startswith("text/"):
        assert SCRIPT not in response.get_data(as_text=True), f"{what}: script reflected"


def _sign_in(login, world, role):  # noqa: F811
    user = None if role == "anonymous" else world["users"].get(role)
    if role != "anonymous" and user is None:
        from contests.extensions import db
        from tests.builders import Builder
        user = world["users"][role] = Builder(db.session).user(role)
    login(user)


# ---------------------------------------------------------------- URL arguments


def _rules(app):
    return [r for r in app.url_map.iter_rules()
            if r.endpoint not in ("auth.logout", "static")]


# Every name a view reads from the query string.
QUERY_NAMES = ["judge", "entry", "q", "number", "name", "lang", "format", "mapping", "next"]


def _fill(rule, values: dict) -> str:
    """The rule's path with each <converter:name> replaced by values[name], quoted."""
    return re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>",
                  lambda m: _quote(values[m.group(1)]), rule.rule)


def test_malformed_url_arguments(app, client, login, db, world):  # noqa: F811
    rules = _rules(app)
    names = sorted({a for r in rules for a in r.arguments})
    valid = {}
    for rule in rules:  # each argument's valid value in this world, from the access matrix
        path = urlsplit(_url(app, rule, world)).path
        match = app.url_map.bind("localhost").match(path, method=sorted(rule.methods)[0])
        valid.update({k: str(v) for k, v in match[1].items()})

    @FUZZ
    @given(st.sampled_from(ROLES),
           st.fixed_dictionaries({n: st.one_of(st.just(valid.get(n, "1")), bad_text)
                                  for n in names}))
    def every_rule(role, values):
        _sign_in(login, world, role)
        query = "&".join(f"{name}={_quote(values[names[i % len(names)]])}"
                         for i, name in enumerate(QUERY_NAMES))
        for rule in rules:
            url = _fill(rule, values) + "?" + query
            for method in sorted(rule.methods & {"GET", "POST"}):
                before = _table_counts(db)
                response = client.open(url, method=method)
                _check(response, before, db, f"{method} {url[:200]} as {role}")

    every_rule()


def test_every_id_in_a_url_beyond_what_a_column_holds(app, client, login, db,
                                                        world):  # noqa: F811
    """Each <int:...> of each route, alone out of range (the others valid), as every role:
    a 404 at routing, never the database driver's overflow (ids are INTEGER columns:
    PostgreSQL refuses even to compare one with 2**31)."""
    adapter = app.url_map.bind("localhost")
    for role in ROLES:
        _sign_in(login, world, role)
        for rule in _rules(app):
            path = urlsplit(_url(app, rule, world)).path
            valid = {k: str(v) for k, v in adapter.match(
                path, method=sorted(rule.methods - {"HEAD", "OPTIONS"})[0])[1].items()}
            ints = [name for name, converter in rule._converters.items()
                    if converter.regex == r"\d+"]
            for name in ints:
                for value in (str(2**31), str(2**63), "9" * 30):
                    url = _fill(rule, dict(valid, **{name: value}))
                    for method in sorted(rule.methods & {"GET", "POST"}):
                        response = client.open(url, method=method)
                        assert response.status_code == 404, f"{method} {url} as {role}"


# ---------------------------------------------------------------- forms


class _Forms(HTMLParser):
    """Every POST form on a page: its action, the values the page would post as it stands
    (the baseline: filled inputs, checked boxes, selected options) and, per field, every
    value the page offered."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict, dict]] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "").lower() == "post":
                self._form = (attrs.get("action") or "", {}, {})
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        _action, baseline, offered = self._form
        name = attrs.get("name")
        if tag == "option" and self._select:
            value = attrs.get("value") or ""
            offered[self._select].append(value)
            if "selected" in attrs or self._select not in baseline:
                baseline[self._select] = value
        elif name and name != "csrf_token" and tag in ("input", "select", "textarea"):
            kind = (attrs.get("type") or "").lower()
            value = attrs.get("value") or ("y" if kind == "checkbox" else "")
            offered.setdefault(name, []).append(value)
            if kind not in ("checkbox", "radio", "submit") or "checked" in attrs:
                baseline.setdefault(name, value)
            self._select = name if tag == "select" else None
            self._textarea = name if tag == "textarea" else None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[1][self._textarea] = data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag in ("select", "textarea"):
            self._select = self._textarea = None


# Forms that would end the session, or delete the objects the other forms act on.
NOT_FUZZED = re.compile(r"(_delete|_remove|auth\.logout|certificates_render)$")


def _posted_forms(app, client, world):  # noqa: F811
    """{url: (endpoint, baseline, offered)} for every POST form on the pages the signed-in
    visitor can open."""
    adapter = app.url_map.bind("localhost")
    found = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        page_url = _url(app, rule, world)
        response = client.get(page_url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for action, baseline, offered in parser.forms:
            path = urlsplit(action or page_url).path
            try:
                endpoint, _args = adapter.match(path, method="POST")
            except Exception:  # a form posting elsewhere than a route
                continue
            if not NOT_FUZZED.search(endpoint):
                found.setdefault(path, (endpoint, baseline, offered))
    return found


# Values that break a type: numbers no column holds, numbers that are not finite, text no
# column stores, markup and injection.
HOSTILE = ["sNaN", "NaN", "-Infinity", "Infinity", "1e309", str(2**63), str(2**31),
           "9" * 30, "-1", "0", "\x00", "\ud800", SCRIPT, "' OR 1=1 --", "x" * 10_000]


NUMBER_BREAKERS = ["sNaN", "Infinity", "1e309", str(2**31), str(2**63), "9" * 30, "-1"]
TEXT_BREAKERS = [SCRIPT, "x" * 10_000]


def _breakers(baseline_value: str) -> list[str]:
    """What to put in one field of an otherwise unchanged form: numbers that no column
    holds where the form has a number (or nothing yet), text no column holds elsewhere."""
    if re.fullmatch(r"-?[0-9.]*", baseline_value or ""):
        return NUMBER_BREAKERS
    return TEXT_BREAKERS


def _fuzzed_names(offered: dict) -> list[str]:
    """Each field once (the first row of a multi-row editor stands for all its rows), but
    not a row's "remove" box: any value ticks it, and removing rows only shrinks the world
    the other forms act on."""
    return [n for n in offered
            if not re.match(r"^[a-z]+-[1-9]\d*-", n) and not n.endswith("-remove")]


def _post(client, db, url, values, what, sign_in):
    before = _table_counts(db)
    response = client.post(url, data={k: v.encode("utf-8", "surrogatepass")
                                      for k, v in values.items()})
    _check(response, before, db, what)
    if url.startswith("/auth/"):
        sign_in()  # a sign-in link signs the client in as its judge: back to `role`


def _forms_of(app, client, login, world, roles):  # noqa: F811
    forms = {}
    for role in roles:
        _sign_in(login, world, role)
        forms.update(_posted_forms(app, client, world))
    return forms


MANAGERS = [r for r in ROLES if r in ("organizer", "admin")]


@pytest.mark.parametrize("role", ROLES)  # one test a role: parallel workers share them
def test_every_form_field_with_hostile_values(app, client, login, db, world, role):  # noqa: F811
    """As the people who may post them: each hostile value in all fields at once (the
    fields' own checks), then in one field of an otherwise unchanged form (what gets past
    them to the database)."""
    def again():
        _sign_in(login, world, role)

    again()
    forms = _posted_forms(app, client, world)
    if role in MANAGERS:
        assert len(forms) > 3
    for url, (endpoint, baseline, offered) in sorted(forms.items()):
        names = _fuzzed_names(offered)
        for value in HOSTILE:
            _post(client, db, url, dict(baseline, **dict.fromkeys(names, value)),
                  f"POST {url} {endpoint} all={value[:20]!r} as {role}", again)
        for name in names:
            for value in _breakers(baseline.get(name, "")):
                _post(client, db, url, dict(baseline, **{name: value}),
                      f"POST {url} {endpoint} {name}={value[:20]!r} as {role}", again)


def test_forms_with_random_values_as_every_role(app, client, login, db, world):  # noqa: F811
    """The forms any role finds, posted by every role with random values."""
    forms = _forms_of(app, client, login, world, ROLES)
    assert len(forms) > 20, "the pages should offer many forms"
    # Managers last: their forms may change the world the others see.
    for role in sorted(ROLES, key=lambda r: r in MANAGERS):
        _random_forms_as(role, forms, client, login, db, world)
    # What the forms stored is shown escaped on every page.
    for role in ROLES:
        _sign_in(login, world, role)
        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and rule.endpoint not in ("static", "auth.logout"):
                before = _table_counts(db)
                _check(client.get(_url(app, rule, world)), before, db,
                       f"GET {rule.rule} as {role}")


def _random_forms_as(role, forms, client, login, db, world):  # noqa: F811
    def again():
        _sign_in(login, world, role)

    again()

    @FUZZ
    @given(st.data())
    def every_form(data):
        for url, (endpoint, _baseline, offered) in sorted(forms.items()):
            values = {name: data.draw(st.one_of(st.sampled_from(choices or [""]), bad_text),
                                      label=name)
                      for name, choices in offered.items()}
            _post(client, db, url, values, f"POST {url} {endpoint} as {role}", again)

    every_form()


# ---------------------------------------------------------------- the tablet's JSON endpoint

CHANGES = "/judging/api/changes"
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80),
              st.floats(allow_nan=True, allow_infinity=True), bad_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
RAW_BODIES = [
    b"", b"null", b"[]", b"NaN", b"Infinity", b'{"panel": 1e309}', b'{"panel": NaN}',
    b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b'{"key": "' + b"k" * 2_000_000 + b'"}', b"\xff\xfe\x00", b'{"panel": ' + b"9" * 5000 + b"}",
    b'{"kind": "mark"', b'"just a string"',
]


def _entry_ref(world):  # noqa: F811
    """How a judge names the world's entry: its code on the panel (its id before codes)."""
    try:
        from contests.services.judging.access import entry_code
    except ImportError:
        return world["entry"].id
    return entry_code(world["panel"].id, world["entry"].id)


def _changes(world):  # noqa: F811
    """Changes shaped like the tablet's, with any field possibly replaced by junk."""
    panel, entry, criterion = world["panel"].id, _entry_ref(world), world["criterion"].id
    valid = {
        "kind": st.sampled_from(["mark", "comment", "veto_reason"]),
        "panel": st.sampled_from([panel, str(panel)]),
        "entry": st.sampled_from([entry, str(entry), world["entry"].id]),
        "criterion": st.sampled_from([criterion, str(criterion)]),
        "value": st.one_of(st.sampled_from(["5", "10", "", None, "1"]), bad_text),
        "base_version": st.sampled_from([0, 1, 2]),
        "base_text": st.sampled_from(["", None]),
        "key": st.text(alphabet="abcdef0123456789", min_size=8, max_size=20),
        "device": st.sampled_from(["tablet", ""]),
    }
    fields = st.fixed_dictionaries({}, optional={
        name: st.one_of(strategy, strategy, junk) for name, strategy in valid.items()})
    as_body = fields.map(lambda d: json.dumps(d).encode("utf-8", "surrogatepass"))
    return st.one_of(as_body, junk.map(lambda j: json.dumps(j).encode("utf-8",
                                                                        "surrogatepass")),
                     st.sampled_from(RAW_BODIES))


def test_json_endpoint_with_random_shapes(app, client, login, db, world):  # noqa: F811
    for role in ROLES:
        _sign_in(login, world, role)
        _changes_as(role, client, db, world)


def _changes_as(role, client, db, world):  # noqa: F811
    @settings(FUZZ, max_examples=150 if role in ("judge", "chief_judge") else 20)
    @given(_changes(world))
    def one_change(body):
        before = _table_counts(db)
        response = client.post(CHANGES, data=body, content_type="application/json")
        _check(response, before, db, f"POST {CHANGES} {body[:120]!r} as {role}")
        if role in ("judge", "chief_judge") and response.status_code >= 400:
            assert response.is_json, f"{body[:120]!r}: {response.status_code} without JSON"
            assert response.get_json()["ok"] is False

    one_change()


@pytest.mark.parametrize("body, status", [
    (b'{"kind": "mark", "key": "' + b"k" * 200_000 + b'"}', 413),
    (b'{"a":' * 5_000 + b"1" + b"}" * 5_000, 422),
    (b'{"kind": "mark", "panel": 1e309, "entry": 1, "key": "abcdefgh"}', 422),
    (b'{"kind": "mark", "panel": NaN, "entry": 1, "key": "abcdefgh"}', 422),
    (b'{"kind": ["mark"], "panel": 1, "entry": 1, "key": "abcdefgh"}', 422),
    (b'{"kind": "comment", "value": 5, "panel": 1, "entry": 1, "key": "abcdefgh"}', 422),
    (b'{"kind": "mark", "panel": 99999999999999999999, "entry": 1, "key": "abcdefgh"}', 422),
    (b'["not", "an", "object"]', 422),
])
def test_json_endpoint_refusals_are_json(client, login, world, body, status):  # noqa: F811
    login(world["judge"])
    response = client.post(CHANGES, data=body, content_type="application/json")
    assert response.status_code == status
    assert response.get_json()["ok"] is False


def test_stale_base_version_that_is_not_a_number_is_refused(client, login, world):  # noqa: F811
    login(world["judge"])
    change = {"kind": "mark", "panel": world["panel"].id, "entry": _entry_ref(world),
              "criterion": str(world["criterion"].id), "value": "5",
              "base_version": "one", "key": "abcdefgh12"}
    response = client.post(CHANGES, json=change)
    assert response.status_code == 422


def test_json_endpoint_refuses_a_post_without_the_csrf_token(app, client, login, db,
                                                             world):  # noqa: F811
    """The tablet sends the page's token in X-CSRFToken; without it nothing is saved."""
    login(world["judge"])
    sheet_page = client.get(f"/judging/panels/{world['panel'].id}/entries/"
                            f"{_entry_ref(world)}/")
    assert sheet_page.status_code == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"',
                      sheet_page.get_data(as_text=True)).group(1)
    change = {"kind": "comment", "value": "csrf check", "base_text": "",
              "panel": world["panel"].id, "entry": _entry_ref(world), "key": "csrf-test-1"}
    app.config["WTF_CSRF_ENABLED"] = True
    before = _table_counts(db)
    refused = client.post(CHANGES, json=change)
    assert refused.status_code == 400
    assert _table_counts(db) == before
    accepted = client.post(CHANGES, json=dict(change, key="csrf-test-2"),
                           headers={"X-CSRFToken": token})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)[:300]
    assert accepted.get_json()["ok"] is True
