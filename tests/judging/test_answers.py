"""The tablet's JSON answers through the judging blueprint's one refusal handler: the same
shape and statuses the sheet's script reads (ok, error, message, current ...), a resend
gets the first answer again (refusals included), and a change that keeps colliding asks
the tablet to try again (503, which the script retries)."""
import json

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from contests.models import AppliedChange, Mark
from contests.services.judging.access import entry_code


def _code(venue, entry: int) -> str:
    """The tablet names an entry by its code on the panel."""
    return entry_code(venue["panel"].id, venue["entries"][entry].id)


def _send(client, venue, criterion, value, base_version=0, key="tablet-0001", entry=0):
    return client.post("/judging/api/changes?lang=en", json={
        "key": key, "panel": venue["panel"].id, "entry": _code(venue, entry),
        "kind": "mark", "criterion": criterion.id, "value": value,
        "base_version": base_version})


def test_a_stale_mark_answers_409_with_the_current_value_and_again_on_resend(
        client, login, venue, db):
    login(venue["judge"])
    assert _send(client, venue, venue["manner"], "7", key="tablet-a-01").status_code == 200
    stale = _send(client, venue, venue["manner"], "6", key="tablet-b-01")
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["ok"] is False and body["error"] == "stale"
    assert body["current"] == {"value": "7", "version": 1}
    assert body["criterion"] == venue["manner"].id
    assert "was changed on another device: it is now 7" in body["message"]
    again = _send(client, venue, venue["manner"], "6", key="tablet-b-01")  # answer lost
    assert again.status_code == 409
    assert again.get_json() == dict(body, replayed=True)
    assert db.session.scalar(select(Mark.value)) == 7


def test_a_bad_value_answers_422_and_a_stranger_404_as_json(client, login, venue):
    login(venue["judge"])
    bad = _send(client, venue, venue["manner"], "10.5", key="tablet-c-01")
    assert bad.status_code == 422
    assert bad.get_json()["error"] == "invalid" and "between 0 and 10" in bad.get_json()[
        "message"]
    login(venue["outsider"])
    stranger = _send(client, venue, venue["manner"], "7", key="tablet-d-01")
    assert stranger.status_code == 404
    assert stranger.get_json()["error"] == "denied"


def test_an_answer_stored_before_the_refusal_kinds_still_replays(client, login, venue, db):
    """AppliedChange rows written by the earlier version carry an HTTP status."""
    login(venue["judge"])
    assert _send(client, venue, venue["manner"], "7", key="tablet-e-01").status_code == 200
    sheet_id = db.session.scalar(select(AppliedChange.sheet_id))
    old = {"ok": False, "error": "stale", "message": "“礼仪” was changed on another device.",
           "criterion": venue["manner"].id, "current": {"value": "7", "version": 1},
           "_status": 409}
    db.session.add(AppliedChange(key="legacy-0001", judge_id=venue["judge"].id,
                                 sheet_id=sheet_id, response=json.dumps(old)))
    db.session.commit()
    again = _send(client, venue, venue["manner"], "6", key="legacy-0001")
    assert again.status_code == 409
    assert again.get_json() == {"ok": False, "error": "stale", "replayed": True,
                                "message": "“礼仪” was changed on another device.",
                                "criterion": venue["manner"].id,
                                "current": {"value": "7", "version": 1}}


def test_a_change_that_keeps_colliding_asks_the_tablet_to_try_again(client, login, venue, db,
                                                                    monkeypatch):
    from contests.services.judging import changes

    def always_overtaken(*args, **kwargs):
        raise StaleDataError("another device won")

    monkeypatch.setattr(changes, "_decide", always_overtaken)
    login(venue["judge"])
    busy = _send(client, venue, venue["manner"], "7", key="tablet-f-01")
    assert busy.status_code == 503  # the sheet's script keeps it queued and retries
    assert busy.get_json()["error"] == "busy"
    assert db.session.scalar(select(func.count()).select_from(AppliedChange)) == 0
