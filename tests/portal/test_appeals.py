"""Appeals (申诉) from the delegation portal to the arbitration panel's decision."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from contests.models import Appeal, AuditEntry


def _as(login, client, user):
    """Sign in as `user`, reading pages in English (signing in starts a new session)."""
    login(user)
    client.get("/?lang=en")


def _publish_hours_ago(db, portal, hours: float):
    version = portal["publish"]()
    version.published_at = datetime.now(UTC) - timedelta(hours=hours)
    portal["stage"].appeal_window_hours = 2
    db.session.commit()
    return version


def _file(client, portal, grounds="第3号评分项漏记两分，请复核。"):
    stage, entry, delegation = portal["stage"], portal["entry"], portal["delegation"]
    return client.post(f"/delegation/{delegation.id}/appeals/new",
                       data={"subject": f"{stage.id}:{entry.id}", "grounds": grounds},
                       follow_redirects=True)


def test_an_appeal_after_its_window_is_refused_and_nothing_is_stored(db, client, login,
                                                                     portal):
    _publish_hours_ago(db, portal, 3)  # a two-hour window, results out three hours ago
    _as(login, client, portal["leader"])
    page = _file(client, portal).get_data(as_text=True)
    assert "closed at" in page and "late appeals are not accepted" in page
    assert db.session.scalar(select(func.count(Appeal.id))) == 0
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "appeal_filed")) == 0


def test_filed_reconsidered_escalated_decided_and_the_filer_sees_each_step(db, client, login,
                                                                            portal):
    _publish_hours_ago(db, portal, 1)
    contest, delegation = portal["contest"], portal["delegation"]
    _as(login, client, portal["leader"])
    page = _file(client, portal).get_data(as_text=True)
    appeal = db.session.scalar(select(Appeal))
    number = f"SS-{contest.code.upper()}-0001"
    assert appeal.tracking == number and number in page
    assert appeal.status == "filed" and appeal.entry_id == portal["entry"].id
    mine = f"/delegation/{delegation.id}/appeals/{appeal.id}"
    office = f"/organizer/contests/{contest.id}/appeals/{appeal.id}"

    _as(login, client, portal["organizer"])
    assert number in client.get(f"/organizer/contests/{contest.id}/appeals/").get_data(
        as_text=True)
    client.post(f"{office}/reconsideration")
    client.post(f"{office}/reconsidered", data={
        "outcome": "rejected", "text": "复核评分表，第3号评分项记分无误。"})

    _as(login, client, portal["leader"])
    page = client.get(mine).get_data(as_text=True)
    assert "Reconsidered" in page and "复核评分表，第3号评分项记分无误。" in page
    assert "Appeal rejected" in page and "Appeal to the arbitration panel" in page
    client.post(f"{mine}/escalate", data={"grounds": "复核未调取录像。"})

    _as(login, client, portal["organizer"])
    client.post(f"{office}/arbitration", data={
        "outcome": "upheld", "text": "经调取录像，加记2分，重新公布成绩。"})

    _as(login, client, portal["leader"])
    page = client.get(mine).get_data(as_text=True)
    assert "Decided by arbitration" in page and "经调取录像，加记2分，重新公布成绩。" in page
    assert "Appeal upheld" in page
    db.session.expire_all()
    appeal = db.session.get(Appeal, appeal.id)
    assert appeal.status == "decided"
    assert appeal.reconsidered_by == appeal.decided_by == portal["organizer"].id
    steps = db.session.execute(select(AuditEntry.action, AuditEntry.user_id).where(
        AuditEntry.entity == "appeals").order_by(AuditEntry.id)).all()
    assert [tuple(s) for s in steps] == [
        ("appeal_filed", portal["leader"].id),
        ("appeal_reconsideration_started", portal["organizer"].id),
        ("appeal_reconsidered", portal["organizer"].id),
        ("appeal_escalated", portal["leader"].id),
        ("appeal_decided", portal["organizer"].id)]


def test_arbitration_comes_only_after_reconsideration(db, client, login, portal):
    _publish_hours_ago(db, portal, 1)
    _as(login, client, portal["leader"])
    _file(client, portal)
    appeal = db.session.scalar(select(Appeal))
    _as(login, client, portal["leader"])
    page = client.post(f"/delegation/{portal['delegation'].id}/appeals/{appeal.id}/escalate",
                       data={"grounds": "直接申诉"}, follow_redirects=True)
    assert "has moved on" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Appeal, appeal.id).status == "filed"


def test_escalating_after_the_window_is_refused(db, client, login, portal):
    _publish_hours_ago(db, portal, 1)
    _as(login, client, portal["leader"])
    _file(client, portal)
    appeal = db.session.scalar(select(Appeal))
    appeal.status, appeal.reconsideration_outcome = "reconsidered", "rejected"
    appeal.reconsideration_text = "维持原成绩。"
    appeal.reconsidered_at = datetime.now(UTC) - timedelta(hours=2, minutes=1)
    db.session.commit()
    page = client.post(f"/delegation/{portal['delegation'].id}/appeals/{appeal.id}/escalate",
                       data={"grounds": "不服"}, follow_redirects=True).get_data(as_text=True)
    assert "after the reconsideration decision); nothing was filed" in page
    assert "Appeal to the arbitration panel</button>" not in page  # the form is gone
    db.session.expire_all()
    assert db.session.get(Appeal, appeal.id).status == "reconsidered"


def test_another_delegations_leader_cannot_read_or_escalate_it(db, client, login, portal):
    _publish_hours_ago(db, portal, 1)
    _as(login, client, portal["leader"])
    _file(client, portal)
    appeal = db.session.scalar(select(Appeal))
    _as(login, client, portal["other_leader"])
    url = f"/delegation/{portal['delegation'].id}/appeals/{appeal.id}"
    assert client.get(url).status_code == 403
    assert client.post(url + "/escalate", data={"grounds": "x"}).status_code == 403


def test_the_organizer_sets_a_stages_appeal_window_on_the_stages_form(db, client, login,
                                                                      portal):
    from tests.organizer.rows import rows

    stage = portal["stage"]
    _as(login, client, portal["organizer"])
    row = {"id": str(stage.id), "position": "1", "name": stage.name, "carry_over_percent": "0",
           "advancement_rule": "none", "cut_tie_policy": "all_tied",
           "ranking_metrics": "total", "ranking_scope": "event", "appeal_window_hours": "4"}
    url = f"/organizer/contests/{portal['contest'].id}/stages"
    assert client.post(url, data=rows(row)).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(stage), stage.id).appeal_window_hours == 4
    row["appeal_window_hours"] = "721"  # more than thirty days: a typing mistake
    page = client.post(url, data=rows(row)).get_data(as_text=True)
    assert "720" in page
    db.session.expire_all()
    assert db.session.get(type(stage), stage.id).appeal_window_hours == 4


def test_two_appeals_filed_at_the_same_moment_get_two_tracking_numbers(db, client, login,
                                                                       portal, monkeypatch):
    from contests.services import appeals

    _publish_hours_ago(db, portal, 1)
    contest = portal["contest"]
    _as(login, client, portal["leader"])
    first = _file(client, portal).get_data(as_text=True)
    # The second filing read the last number before the first was stored (as when both
    # are filed at the same moment): it picks 0001 too, finds it taken, and takes 0002.
    stale, real = [0], appeals._last_sequence
    monkeypatch.setattr(appeals, "_last_sequence",
                        lambda cid: stale.pop() if stale else real(cid))
    second = _file(client, portal, grounds="第5号评分项计时有误，请复核录像。")
    text = second.get_data(as_text=True)
    assert second.status_code == 200 and stale == []
    one, two = (f"SS-{contest.code.upper()}-{n:04d}" for n in (1, 2))
    assert one in first and two in text
    assert db.session.execute(select(Appeal.tracking, Appeal.grounds).order_by(
        Appeal.sequence)).all() == [(one, "第3号评分项漏记两分，请复核。"),
                                    (two, "第5号评分项计时有误，请复核录像。")]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "appeal_filed")) == 2
