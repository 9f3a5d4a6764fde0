"""Saving marks from tablets: exactly once per change, stale edits refused and explained,
values checked as a judge would type them."""
from decimal import Decimal

from sqlalchemy import func, select

from contests.models import AuditEntry, Mark, ScoreSheet


def _marks(db):
    return db.session.scalar(select(func.count(Mark.id)))


def test_the_same_change_sent_three_times_is_applied_once(db, venue, change):
    answers = [change(venue["judge"], venue["manner"], "8.5", key="offline-0001")
               for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert answers[1].body["replayed"] and answers[2].body["replayed"]
    mark = db.session.scalar(select(Mark))
    assert _marks(db) == 1 and mark.value == Decimal("8.5") and mark.version == 1
    audits = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "mark")).all()
    assert len(audits) == 1


def test_queued_offline_changes_apply_in_order(db, venue, change):
    # Typed offline: 7, then 8, then 9.5 on the same item, each built on the one before.
    for version, value in enumerate(["7", "8", "9.5"]):
        assert change(venue["judge"], venue["manner"], value, base_version=version).status == 200
    mark = db.session.scalar(select(Mark))
    assert (mark.value, mark.version) == (Decimal("9.5"), 3)


def test_stale_edit_from_a_second_device_is_refused_and_explained(db, venue, change):
    assert change(venue["judge"], venue["manner"], "7").status == 200          # tablet A
    assert change(venue["judge"], venue["manner"], "9", base_version=1).status == 200  # A again
    stale = change(venue["judge"], venue["manner"], "6", base_version=1)       # tablet B, old
    assert stale.status == 409 and stale.body["error"] == "stale"
    assert stale.body["current"] == {"value": "9", "version": 2}
    assert "9" in stale.body["message"]
    assert db.session.scalar(select(Mark.value)) == Decimal(9)


def test_a_new_mark_where_another_device_already_marked_is_stale(db, venue, change):
    change(venue["judge"], venue["manner"], "7")
    again = change(venue["judge"], venue["manner"], "5", base_version=0)
    assert again.status == 409 and again.body["current"]["value"] == "7"


def test_values_checked_like_a_judge_types_them(db, venue, change):
    too_high = change(venue["judge"], venue["manner"], "10.5")
    wrong_step = change(venue["judge"], venue["manner"], "7.3")
    not_number = change(venue["judge"], venue["manner"], "七")
    negative = change(venue["judge"], venue["manner"], "-1")
    assert [a.status for a in (too_high, wrong_step, not_number, negative)] == [422] * 4
    assert "between 0 and 10" in too_high.body["message"]
    assert "multiple of 0.5" in wrong_step.body["message"]
    assert _marks(db) == 0


def test_parent_items_are_not_marked_directly(db, venue, change):
    answer = change(venue["judge"], venue["quality"], "15")
    assert answer.status == 422 and answer.body["error"] == "unknown_criterion"


def test_clearing_a_mark(db, venue, change):
    change(venue["judge"], venue["manner"], "7")
    cleared = change(venue["judge"], venue["manner"], None, base_version=1)
    assert cleared.status == 200 and _marks(db) == 0
    # the cleared slot keeps counting versions, so an old device is still caught
    assert change(venue["judge"], venue["manner"], "5", base_version=1).status == 409


def test_running_total_comes_from_the_scoring_core(db, venue, change):
    change(venue["judge"], venue["manner"], "8")
    change(venue["judge"], venue["speed"], "9.5")
    answer = change(venue["judge"], venue["bonus"], "5")
    total = answer.body["state"]["total"]
    # 8 + 9.5 = 17.5 base; bonus 5 would make 22.5, but the total may not pass full
    # marks (20) unless the organizer allows it.
    assert Decimal(total["total"]) == Decimal(20)
    assert total["complete"] is True and total["vetoed"] is False
    venue["component"].allow_over_max = True
    db.session.commit()
    again = change(venue["judge"], venue["speed"], "9", base_version=1)
    assert Decimal(again.body["state"]["total"]["total"]) == Decimal(22)


def test_a_veto_shows_in_the_running_total(db, venue, change):
    answer = change(venue["judge"], venue["veto"], "1")
    assert answer.status == 200 and answer.body["state"]["total"]["vetoed"] is True
    assert change(venue["judge"], venue["veto"], "0.5", base_version=1).status == 422


def test_comment_and_veto_reason_use_the_text_they_replace(db, venue, change):
    first = change(venue["judge"], None, "着装规范", kind="comment", base_text="")
    assert first.status == 200
    stale = change(venue["judge"], None, "另一条", kind="comment", base_text="")
    assert stale.status == 409 and stale.body["current"]["value"] == "着装规范"
    sheet = db.session.scalar(select(ScoreSheet))
    assert sheet.comment == "着装规范"


def test_a_change_without_key_is_refused(db, venue, change):
    answer = change(venue["judge"], venue["manner"], "7", key="short")
    assert answer.status == 422 and _marks(db) == 0


def test_a_key_reused_by_another_judge_is_refused(db, venue, change):
    change(venue["judge"], venue["manner"], "7", key="shared-key-1")
    other = change(venue["chief"], venue["manner"], "3", key="shared-key-1")
    assert other.status == 409 and other.body["error"] == "key_clash"
