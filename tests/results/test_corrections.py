"""Final means final: once results are final (certificates issued), the chief judge can no
longer reopen a sheet; the organizer can, with a reason, and the change is flagged on the
publication page until it is published again as a correction of the final version."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.models import AuditEntry, Certificate, Mark, ScoreSheet
from contests.refusals import NotAllowed
from contests.services.judging import access, signoff
from contests.services.judging.changes import apply_change
from contests.services.results import publication
from contests.services.results.published import read
from tests.results.scored import scored_contest

TODAY = date.today()


@pytest.fixture
def final(build, db):
    """A contest whose version 1 is final with its certificates issued, and a chief judge
    on the panel that marked it."""
    world = scored_contest(build, db.session)
    world["organizer"] = organizer = build.user("organizer")
    world["chief"] = chief = build.user("chief_judge", display_name="裁判长")
    build.panel_judge(world["panel"], chief, is_chief=True)
    version = publication.publish(world["contest"], publicity_ends_on=TODAY, change_note=None,
                                  user=organizer)
    publication.finalize(version, organizer, today=TODAY + timedelta(days=1))
    assert db.session.scalar(select(func.count()).select_from(Certificate)) >= 1
    world["version"] = version
    judge, entry = world["judges"][0], world["entries"]["A6"]
    world["sheet"] = db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.entry_id == entry.id, ScoreSheet.judge_id == judge.id))
    return world


def _reopen_audits(db):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reopen")).all()


def test_the_chief_cannot_reopen_a_sheet_of_final_results(app, db, final):
    chief = access.chief_seat(final["chief"], final["panel"].id)
    with app.test_request_context("/?lang=en"), pytest.raises(NotAllowed) as refused:
        signoff.reopen(chief, final["sheet"].id, "录像复核")
    assert "final" in str(refused.value) and "organizer" in str(refused.value)
    db.session.expire_all()
    assert db.session.get(ScoreSheet, final["sheet"].id).status == "confirmed"
    assert _reopen_audits(db) == []


def test_the_chiefs_reopen_button_says_who_can(client, login, db, final):
    login(final["chief"])
    url = f"/judging/panels/{final['panel'].id}/sheets/{final['sheet'].id}/reopen?lang=en"
    page = client.post(url, data={"reason": "录像复核"}, follow_redirects=True)
    assert page.status_code == 403
    assert "The results are final (version 1)" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScoreSheet, final["sheet"].id).status == "confirmed"


def test_the_organizer_reopens_with_a_reason_and_it_is_audited(client, login, db, final):
    login(final["organizer"])
    contest, sheet = final["contest"], final["sheet"]
    progress = client.get(f"/organizer/contests/{contest.id}/judging?lang=en")
    assert "Reopen a sheet for a correction" in progress.get_data(as_text=True)
    url = f"/organizer/contests/{contest.id}/judging/reopen?lang=en"
    page = client.post(url, data={"sheet_id": sheet.id, "reason": " "}, follow_redirects=True)
    assert "Say why the sheet is reopened." in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScoreSheet, sheet.id).status == "confirmed"
    client.post(url, data={"sheet_id": sheet.id, "reason": "仲裁委员会决定复核A6成绩"})
    db.session.expire_all()
    assert db.session.get(ScoreSheet, sheet.id).status == "draft"
    [audit] = _reopen_audits(db)
    assert audit.reason == "仲裁委员会决定复核A6成绩"
    assert audit.user_id == final["organizer"].id
    assert '"correction_of": 1' in audit.new


def test_a_sheet_of_another_contest_is_not_found(client, login, db, build, final):
    other = build.contest(code="OTHER")
    login(final["organizer"])
    page = client.post(f"/organizer/contests/{other.id}/judging/reopen",
                       data={"sheet_id": final["sheet"].id, "reason": "x"})
    assert page.status_code == 404
    db.session.expire_all()
    assert db.session.get(ScoreSheet, final["sheet"].id).status == "confirmed"


def _correct_a6(app, db, final):
    """The organizer reopens judge 1's sheet of A6; the judge changes 65 to 70 and submits;
    the chief confirms. A6's trimmed mean goes from 67.00 to 68.00."""
    sheet, judge, panel = final["sheet"], final["judges"][0], final["panel"]
    signoff.reopen_for_correction(sheet.id, final["contest"].id, final["organizer"],
                                  "仲裁委员会决定复核A6成绩")
    entry = final["entries"]["A6"]
    with app.test_request_context("/?lang=en"):
        answer = apply_change(judge, {"key": "correct-a6-1", "panel": panel.id,
                                      "entry": access.entry_code(panel.id, entry.id),
                                      "kind": "mark", "criterion": final["criterion"].id,
                                      "value": "70", "base_version": 1}, device="tablet")
    assert answer["ok"]
    signoff.submit(access.seat(judge, panel.id), entry.id)
    signoff.confirm(access.chief_seat(final["chief"], panel.id), sheet.id)


def test_a_changed_mark_is_flagged_then_published_as_a_correction(app, client, login, db,
                                                                  final):
    _correct_a6(app, db, final)
    db.session.expire_all()
    assert db.session.scalar(select(Mark.value).where(Mark.sheet_id == final["sheet"].id)) \
        == Decimal(70)
    login(final["organizer"])
    contest = final["contest"]
    page = client.get(f"/organizer/contests/{contest.id}/publication?lang=en")
    text = page.get_data(as_text=True)
    assert "Changed since version 1 was published (1)" in text
    flagged = text.split("Changed since version 1 was published")[1].split("</table>")[0]
    assert "选手A6" in flagged and "67.00" in flagged and "68.00" in flagged
    assert "选手A5" not in flagged
    assert "publishing again makes a correction of version 1" in text

    version = publication.publish(contest, publicity_ends_on=TODAY,
                                  change_note="仲裁后更正A6成绩", user=final["organizer"])
    assert read(version).version.correction_of == 1
    assert any("A6" in line and "67.00 → 68.00" in line for line in read(version).version.changes)
    text = client.get(f"/organizer/contests/{contest.id}/publication?lang=en").get_data(
        as_text=True)
    assert "Correction of version 1" in text
    assert "Changed since version" not in text  # published: nothing left to flag
    public = client.get("/contests/DEMO?lang=en").get_data(as_text=True)
    assert "Correction of final version 1." in public


def test_a_version_published_before_final_is_no_correction(db, final):
    assert read(final["version"]).version.correction_of is None
    assert publication.corrected(publication.versions(final["contest"])) == {}
