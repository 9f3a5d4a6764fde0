"""What one judge's save costs the database: every SQL statement of a tablet's change,
counted through an engine event. The save loads the judge's seat (with the panel's stage,
contest and component), the rubric and the contest once, reads everything it checks before
it writes, and on SQLite takes the write lock (BEGIN IMMEDIATE) only for the sheet it
changes. A repeated load added to this path makes these tests fail."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from contests.models import AuditEntry, Mark
from contests.services.judging.access import entry_code

#: Statements of a correction through POST /judging/api/changes, the signed-in check
#: included: the sign-in with its account (1); the idempotency key read with the seat (its
#: panel, stage, contest and component) and the judge's conflicts, the panel's entries with
#: their contestants, the rubric (3); BEGIN IMMEDIATE on SQLite; the sheet with its marks
#: (1; on PostgreSQL two, the marks read after the row lock); the sheet's version, the mark,
#: the audit row and the remembered answer (4). It was 22 when the rubric and the contest
#: were loaded twice, the panel's stage, component and contest one by one, and the sheet's
#: version read again after the write; 14 when the sign-in's account and the sheet's marks
#: were loaded by queries of their own; 12 when the key, the seat and the conflicts were
#: three queries.
MOST_STATEMENTS = 10
#: A first mark inserts the judge's sheet with the change counted (one INSERT, no UPDATE).
MOST_STATEMENTS_NEW_SHEET = MOST_STATEMENTS


@pytest.fixture
def statements(db):
    """The SQL statements the engine runs while the test's `with` block runs."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many):
        seen.append(" ".join(statement.split()))

    class Recording:
        def __enter__(self):
            seen.clear()
            event.listen(db.engine, "before_cursor_execute", note)
            return seen

        def __exit__(self, *_exc):
            event.remove(db.engine, "before_cursor_execute", note)

    return Recording()


def _change(venue, criterion, value, base_version, key, entry=0) -> dict:
    return {"key": key, "panel": venue["panel"].id,
            "entry": entry_code(venue["panel"].id, venue["entries"][entry].id),
            "kind": "mark", "criterion": criterion.id, "value": value,
            "base_version": base_version}


def _save(client, change: dict):
    return client.post("/judging/api/changes?lang=en", json=change)


def _shape(statement: str) -> str:
    """A statement without its values (placeholders differ between drivers)."""
    return re.sub(r"%\(\w+\)s|\?|\$\d+", "?", statement)


def _read_once_then_write(seen: list[str], backend: str, most: int):
    """At most `most` statements, none twice, no read after the first write, and on SQLite
    only the sheet (with its marks, one query) read under the write lock."""
    assert len(seen) <= most, "\n".join(seen)
    shapes = [_shape(s) for s in seen]
    repeated = {s for s in shapes if shapes.count(s) > 1}
    assert not repeated, f"loaded more than once in one save: {repeated}"
    assert sum("FROM criteria" in s for s in seen) == 1  # the rubric, once
    writes = [i for i, s in enumerate(seen) if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    after_first_write = seen[writes[0]:]
    assert not [s for s in after_first_write if s.startswith("SELECT")], after_first_write
    if backend == "sqlite":
        # The write lock is taken once everything but the sheet itself has been read.
        lock = seen.index("BEGIN IMMEDIATE")
        assert [re.search(r" FROM (\w+)", s).group(1) for s in seen[lock + 1:writes[0]]] \
            == ["score_sheets"]


def test_a_correction_reads_each_thing_once_and_every_read_comes_before_the_writes(
        app, client, login, venue, statements, db):
    login(venue["judge"])
    assert _save(client, _change(venue, venue["manner"], "7", 0, "cost-0001")).status_code == 200
    change = _change(venue, venue["manner"], "8.5", 1, "cost-0002")
    with statements as seen:
        answer = _save(client, change)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["version"] == 2 and body["state"]["marks"][str(venue["manner"].id)] == {
        "value": "8.5", "version": 2}
    assert body["state"]["version"] == 3  # the sheet counted both changes
    assert db.session.scalars(select(Mark.value)).all() == [Decimal("8.5")]
    _read_once_then_write(seen, app.backend, MOST_STATEMENTS)


def test_a_first_mark_on_a_new_sheet_costs_no_more(app, client, login, venue, statements,
                                                   db):
    login(venue["judge"])
    change = _change(venue, venue["bonus"], "3", 0, "cost-0003", entry=1)
    with statements as seen:
        answer = _save(client, change)
    assert answer.status_code == 200 and answer.get_json()["state"]["total"]["total"] == "3"
    _read_once_then_write(seen, app.backend, MOST_STATEMENTS_NEW_SHEET)
    assert db.session.scalar(select(func.count(AuditEntry.id))
                             .where(AuditEntry.action == "mark")) == 1
