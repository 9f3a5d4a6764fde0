"""Submitted means locked, and the sheet's version counter is exact, when a judge's two
devices race each other. Each thread has its own application context, so its own database
session and connection, as two requests served by two workers would.

These are correctness tests: they assert what a chief judge or a tablet would see after the
race, never how long it took."""
import threading
from decimal import Decimal

from sqlalchemy import select

from contests.extensions import db as database
from contests.models import AuditEntry, Mark, ScoreSheet, User
from contests.refusals import Refused
from contests.services.judging import access, signoff
from contests.services.judging.changes import apply_change

ROUNDS = 30


def _race(app, *jobs):
    """Run the jobs at the same moment, each in its own thread and app context; their
    results (an answer or the refusal raised) in order."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        with app.test_request_context("/?lang=en"):
            try:
                start.wait(timeout=10)
                results[i] = job()
            except Refused as refusal:
                results[i] = refusal
            finally:
                database.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing request never finished"
    return results


def _marking(judge_id, panel_id, entry_id, criterion_id, value, base_version, key):
    def job():
        judge = database.session.get(User, judge_id)
        return apply_change(judge, {"key": key, "panel": panel_id,
                                    "entry": access.entry_code(panel_id, entry_id),
                                    "kind": "mark", "criterion": criterion_id,
                                    "value": value, "base_version": base_version},
                            device="second tablet")
    return job


def _submitting(judge_id, panel_id, entry_id):
    def job():
        judge = database.session.get(User, judge_id)
        return signoff.submit(access.seat(judge, panel_id), entry_id, device="first tablet").id
    return job


def _sheet(db, venue, entry_id):
    db.session.expire_all()
    return db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.panel_id == venue["panel"].id, ScoreSheet.entry_id == entry_id,
        ScoreSheet.judge_id == venue["judge"].id))


def _audit_ids(db, sheet_id, action):
    return db.session.scalars(select(AuditEntry.id).where(
        AuditEntry.entity == "score_sheets", AuditEntry.entity_id == sheet_id,
        AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_no_mark_lands_after_submit(app, db, venue, change):
    """Submit on one device races a mark from the judge's second device: either the mark
    came first and the submit signed it, or the mark is refused as locked. Odd rounds clear
    a required item instead: a submitted sheet must never lack one."""
    judge, panel, entry = venue["judge"], venue["panel"], venue["entries"][0]
    manner, speed = venue["manner"], venue["speed"]
    assert change(judge, manner, "8").status == 200
    assert change(judge, speed, "9").status == 200
    chief = access.chief_seat(venue["chief"], panel.id)
    outcomes = {"mark first": 0, "refused as locked": 0}
    for round_ in range(ROUNDS):
        sheet = _sheet(db, venue, entry.id)
        before = sheet.version
        known = {m.criterion_id: m.version for m in sheet.marks}
        clearing = round_ % 2 == 1
        value = None if clearing else str(Decimal(round_ % 10))
        marked, submitted = _race(
            app, _marking(judge.id, panel.id, entry.id, manner.id, value,
                          known.get(manner.id, 0), f"race-{round_:03d}-{app.backend}"),
            _submitting(judge.id, panel.id, entry.id))
        sheet = _sheet(db, venue, entry.id)
        current = {m.criterion_id: m.value for m in sheet.marks}
        if isinstance(marked, Refused):
            assert marked.code == "locked", marked.message
            assert sheet.status == "submitted" and not isinstance(submitted, Refused)
            assert sheet.version == before + 1
            outcomes["refused as locked"] += 1
        else:
            assert marked["ok"]
            outcomes["mark first"] += 1
            if clearing:
                assert manner.id not in current
            else:
                assert current[manner.id] == Decimal(value)
            if isinstance(submitted, Refused):
                # the submit saw the cleared item and refused; nothing else may be refused
                assert clearing and submitted.code == "not_marked", submitted.message
                assert sheet.status == "draft" and sheet.version == before + 1
            else:
                # the submit came after the mark: it signed the sheet with the mark in it
                assert sheet.status == "submitted" and sheet.version == before + 2
                mark_audit = _audit_ids(db, sheet.id, "mark")[-1]
                assert mark_audit < _audit_ids(db, sheet.id, "submit")[-1]
        if sheet.status == "submitted":
            assert manner.id in current and speed.id in current, \
                "a submitted sheet lacks a required mark"
            signoff.reopen(chief, sheet.id, "下一轮")
        if manner.id not in current:
            db.session.expire_all()
            base = db.session.scalar(select(Mark.version).where(
                Mark.sheet_id == sheet.id, Mark.criterion_id == manner.id)) or 0
            assert change(judge, manner, "8", base_version=base).status == 200
    assert sum(outcomes.values()) == ROUNDS


def test_concurrent_changes_of_different_items_all_count(app, db, venue, change):
    """Four devices each change another item of one sheet at the same moment: every change
    is applied and the sheet's version moves by exactly four, round after round."""
    judge, panel, entry = venue["judge"], venue["panel"], venue["entries"][0]
    items = [venue["manner"], venue["speed"], venue["bonus"], venue["veto"]]
    assert change(judge, venue["manner"], "5").status == 200  # the sheet exists
    for round_ in range(10):
        sheet = _sheet(db, venue, entry.id)
        before = sheet.version
        known = {m.criterion_id: m.version for m in sheet.marks}
        values = [str(round_ % 10), str(round_ % 10), str(round_ % 5), str(round_ % 2)]
        answers = _race(app, *[
            _marking(judge.id, panel.id, entry.id, item.id, value, known.get(item.id, 0),
                     f"items-{round_:03d}-{item.id}-{app.backend}")
            for item, value in zip(items, values, strict=True)])
        for answer in answers:
            assert not isinstance(answer, Refused), answer.message
        sheet = _sheet(db, venue, entry.id)
        assert sheet.version == before + len(items)
        current = {m.criterion_id: m.value for m in sheet.marks}
        for item, value in zip(items, values, strict=True):
            assert current.get(item.id) == Decimal(value)
        # the version the tablet is told is the sheet's version after its change
        assert max(a["state"]["version"] for a in answers) == sheet.version
