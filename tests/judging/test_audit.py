"""Every path that changes a mark or a sheet leaves an audit row with who, when, where
from, old and new; chief judges and organizers can read it, nobody can edit it."""
import json

from sqlalchemy import select

from contests.models import AuditEntry
from contests.services.judging import access, signoff


def _rows(db, action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)).all()


def test_every_mark_change_is_audited_with_old_and_new(db, venue, change):
    change(venue["judge"], venue["manner"], "7")
    change(venue["judge"], venue["manner"], "8.5", base_version=1)
    change(venue["judge"], venue["manner"], None, base_version=2)
    rows = _rows(db, "mark")
    assert [(json.loads(r.old)["value"], json.loads(r.new)["value"]) for r in rows] == [
        (None, "7"), ("7", "8.5"), ("8.5", None)]
    assert all(r.user_id == venue["judge"].id and r.device == "test tablet" for r in rows)
    assert all(r.contest_id == venue["contest"].id for r in rows)


def test_refused_changes_change_nothing_and_leave_no_mark_row(db, venue, change):
    change(venue["judge"], venue["manner"], "11")
    change(venue["outsider"], venue["manner"], "5")
    assert _rows(db, "mark") == []


def test_text_submit_confirm_reopen_are_audited(db, venue, change):
    change(venue["judge"], venue["manner"], "8")
    change(venue["judge"], venue["speed"], "8")
    change(venue["judge"], None, "很好", kind="comment", base_text="")
    sheet = signoff.submit(access.seat(venue["judge"], venue["panel"].id),
                           venue["entries"][0].id)
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    signoff.confirm(chief, sheet.id)
    signoff.reopen(chief, sheet.id, "复核")
    actions = [r.action for r in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["mark", "mark", "comment", "submit", "confirm", "reopen"]


def test_chief_and_organizer_read_the_trail_per_entry_and_judge(client, login, db, venue,
                                                                change, build):
    change(venue["judge"], venue["manner"], "6.5")
    change(venue["chief"], venue["manner"], "9")
    login(venue["chief"])
    base = f"/judging/panels/{venue['panel'].id}/audit"
    mine = client.get(f"{base}?judge={venue['judge'].id}").get_data(as_text=True)
    assert "6.5" in mine and '"9"' not in mine
    code = access.entry_code(venue["panel"].id, venue["entries"][0].id)
    entry = client.get(f"{base}?entry={code}").get_data(as_text=True)
    assert "6.5" in entry and "9" in entry
    login(build.user("organizer"))
    page = client.get(f"/organizer/contests/{venue['contest'].id}/judging/audit")
    assert "6.5" in page.get_data(as_text=True)


def test_no_route_edits_or_deletes_audit_rows(app):
    writes = [r for r in app.url_map.iter_rules()
              if "audit" in r.rule and r.methods - {"GET", "HEAD", "OPTIONS"}]
    assert writes == []
