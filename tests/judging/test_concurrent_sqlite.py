"""Two judges' tablets saving at the same moment on the embedded SQLite database (a file in
WAL mode): neither is refused with "database is locked". Each request reads what it checks
while another connection holds the write lock, then waits for the lock (busy_timeout) and
saves. Every writer takes its turn in one queue (services/transaction.py). Runs on a SQLite
file of its own, whichever database the other tests use."""
import fcntl
import os
import sqlite3
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select, text, update

from contests import create_app
from contests.extensions import db
from contests.models import AuditEntry, Mark, ScoreSheet, User
from contests.services import sessions
from contests.services.judging.access import entry_code
from contests.services.transaction import begin_writing
from tests.builders import Builder


class OwnContextClient(FlaskClient):
    """Each request in its own application context: its own session and connection."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SERVER_NAME": "localhost",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'venue.db'}"})
    app.test_client_class = OwnContextClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _world(app):
    build = Builder(db.session)
    contest = build.contest()
    stage = build.stage(contest)
    event_ = build.event(contest)
    component = build.component(stage, max_score=Decimal(10))
    group = build.rater_group(component)
    item = build.criterion(component, name="服务质量", max_points=Decimal(10))
    entries = [build.entry(build.contestant(contest, bib=f"C{i}", draw_number=i), event_, stage)
               for i in (1, 2)]
    panel = build.panel(stage, event_, component, group)
    judges = [build.user("judge", display_name=name) for name in ("甲裁判", "丙裁判")]
    for judge in judges:
        build.panel_judge(panel, judge)
    tablets = []
    for judge, entry in zip(judges, entries, strict=True):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = sessions.start(judge, lifetime=timedelta(days=1)).key
            session["_fresh"] = True
        tablets.append((client, {"key": f"tablet-{judge.id}-0001", "panel": panel.id,
                                 "entry": entry_code(panel.id, entry.id), "kind": "mark",
                                 "criterion": item.id, "value": "8", "base_version": 0}))
    return tablets, [e.id for e in entries]


def test_two_tablets_saving_at_once_on_sqlite_both_succeed(sqlite_app):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    tablets, entry_ids = _world(sqlite_app)
    db.session.commit()

    # Another writer holds SQLite's one write lock while both saves start.
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    waiting = threading.Semaphore(0)

    def note(_conn, _cursor, statement, *_rest):
        if statement == "BEGIN IMMEDIATE":
            waiting.release()  # this save has read all it checks and now asks for the lock

    event.listen(db.engine, "before_cursor_execute", note)
    answers = [None, None]
    start = threading.Barrier(2)

    def save(i):
        client, change = tablets[i]
        start.wait(timeout=30)
        try:
            answers[i] = client.post("/judging/api/changes?lang=en", json=change)
        except Exception as failure:  # e.g. OperationalError: database is locked
            answers[i] = failure

    threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        # Both have done their reads beside the held lock (WAL): let the writers in. The
        # wait for the second is kept under the busy timeout (5 s), so that a slow machine
        # cannot turn the first one's wait into "database is locked".
        waiting.acquire(timeout=30)
        waiting.acquire(timeout=3)
        holder.execute("COMMIT")
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
        holder.close()
    assert not any(t.is_alive() for t in threads)
    assert [getattr(a, "status_code", a) for a in answers] == [200, 200]
    assert all(a.get_json()["ok"] and a.get_json()["version"] == 1 for a in answers)
    db.session.expire_all()
    stored = db.session.execute(select(ScoreSheet.entry_id, Mark.value).join(Mark)
                                .order_by(ScoreSheet.entry_id)).all()
    assert [tuple(row) for row in stored] == [(entry_ids[0], 8), (entry_ids[1], 8)]
    assert len(db.session.scalars(select(AuditEntry.id).where(
        AuditEntry.action == "mark")).all()) == 2


def _turn_is_free(queue: str) -> bool:
    """Whether another writer could take the writers' turn now (the queue file's lock)."""
    fd = os.open(queue, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # also gives back a turn taken here
    return True


def test_a_save_and_any_other_first_write_wait_their_turn_in_the_same_queue(sqlite_app):
    """begin_writing (a save, a submit) and a plain first write (a sign-in marked as seen,
    an organizer's edit) both hold the one writers' turn from before they take SQLite's
    write lock until they commit or roll back; reading takes no turn."""
    queue = f"{db.engine.url.database}-writers"
    assert db.session.scalars(select(User.id)).all() == []
    assert _turn_is_free(queue)
    begin_writing()
    assert not _turn_is_free(queue)
    db.session.commit()
    assert _turn_is_free(queue)
    db.session.execute(update(User).where(User.id == 1).values(unit="酒店"))
    assert not _turn_is_free(queue)
    db.session.rollback()
    assert _turn_is_free(queue)
