"""Submitting locks a sheet; the chief judge confirms, or reopens with a reason only."""
import re

import pytest
from sqlalchemy import select

from contests.models import AuditEntry, ScoreSheet
from contests.refusals import NotAllowed, Refused
from contests.services.judging import access, signoff


def _code(venue, entry=0) -> str:
    """The judge's pages name an entry by its code on the panel."""
    return access.entry_code(venue["panel"].id, venue["entries"][entry].id)


def _fill(change, venue, judge, entry=0):
    change(judge, venue["manner"], "8", entry=entry)
    change(judge, venue["speed"], "9", entry=entry)


@pytest.fixture
def submitted(db, venue, change):
    _fill(change, venue, venue["judge"])
    seat = access.seat(venue["judge"], venue["panel"].id)
    return signoff.submit(seat, venue["entries"][0].id)


def test_submit_needs_every_item(app, venue, change):
    change(venue["judge"], venue["manner"], "8")
    seat = access.seat(venue["judge"], venue["panel"].id)
    with app.test_request_context("/?lang=en"), pytest.raises(Refused) as refused:
        signoff.submit(seat, venue["entries"][0].id)
    assert "效率" in str(refused.value)


def test_a_veto_needs_its_reason(app, venue, change):
    _fill(change, venue, venue["judge"])
    change(venue["judge"], venue["veto"], "1")
    seat = access.seat(venue["judge"], venue["panel"].id)
    with app.test_request_context("/?lang=en"), pytest.raises(Refused) as refused:
        signoff.submit(seat, venue["entries"][0].id)
    assert "A veto needs its reason." in str(refused.value)
    change(venue["judge"], None, "服务中发生安全事故", kind="veto_reason", base_text="")
    assert signoff.submit(seat, venue["entries"][0].id).status == "submitted"


def test_submit_locks_and_records(db, submitted):
    assert submitted.status == "submitted" and submitted.submitted_at is not None
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "submit"))
    assert audit.old == '{"status": "draft"}' and audit.new == '{"status": "submitted"}'


def test_chief_confirms(db, venue, submitted):
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    assert signoff.confirm(chief, submitted.id).status == "confirmed"


def test_an_ordinary_judge_is_no_chief(venue, submitted):
    with pytest.raises(NotAllowed):
        access.chief_seat(venue["judge"], venue["panel"].id)


def test_reopen_requires_a_reason(app, db, venue, submitted):
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    with app.test_request_context("/?lang=en"), pytest.raises(Refused) as refused:
        signoff.reopen(chief, submitted.id, "  ")
    assert "Say why" in str(refused.value)
    assert db.session.get(ScoreSheet, submitted.id).status == "submitted"


def test_reopen_with_reason_unlocks_and_is_audited(db, venue, change, submitted):
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    signoff.reopen(chief, submitted.id, "礼仪分与录像不符")
    assert db.session.get(ScoreSheet, submitted.id).status == "draft"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen"))
    assert audit.reason == "礼仪分与录像不符" and audit.user_id == venue["chief"].id
    assert change(venue["judge"], venue["manner"], "7", base_version=1).status == 200


def test_chief_pages_confirm_and_reopen(client, login, db, venue, submitted):
    login(venue["chief"])
    base = f"/judging/panels/{venue['panel'].id}/sheets/{submitted.id}"
    page = client.post(base + "/reopen?lang=en", data={"reason": ""}, follow_redirects=True)
    assert "Say why the sheet is reopened." in page.get_data(as_text=True)
    assert client.post(base + "/confirm").status_code == 302
    db.session.expire_all()
    assert db.session.get(ScoreSheet, submitted.id).status == "confirmed"
    client.post(base + "/reopen", data={"reason": "复核"})
    db.session.expire_all()
    assert db.session.get(ScoreSheet, submitted.id).status == "draft"


def test_judge_reads_the_submitted_sheet(client, login, venue, submitted):
    login(venue["judge"])
    url = f"/judging/panels/{venue['panel'].id}/entries/{_code(venue)}/?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "submitted and locked" in page and '"status": "submitted"' in page
    # nothing left to submit: the button is not offered on a locked sheet
    assert re.search(r'<button[^>]*id="submit-button"[^>]*\bhidden\b', page)


def test_submit_through_the_page(client, login, db, venue, change):
    _fill(change, venue, venue["judge"])
    login(venue["judge"])
    url = f"/judging/panels/{venue['panel'].id}/entries/{_code(venue)}/submit"
    assert client.post(url, data={"device": "tablet-7"}).status_code == 302
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "submit"))
    assert "tablet-7" in audit.device
