"""Numbers: unique in a contest, fixed once issued; a later final version revokes and
renumbers only the certificates whose printed result changed."""
import pytest
from sqlalchemy import select

from contests.certificates import bulk
from contests.models import AuditEntry, Certificate
from contests.refusals import Refused
from contests.services.certificates.issuing import issue_for_version
from tests.certificates.pdf_checks import text
from tests.certificates.snapshots import award, final_version, grade, person, title


def _all(db, contest):
    return db.session.scalars(select(Certificate).where(Certificate.contest_id == contest.id)
                              .order_by(Certificate.serial)).all()


def test_every_award_and_title_gets_a_unique_number(issued, db):
    certificates = _all(db, issued["contest"])
    assert [c.kind for c in certificates] == ["individual"] * 3 + ["team", "title"]
    numbers = [c.number for c in certificates]
    assert numbers == [f"HOTEL-2026-{n:04d}" for n in range(1, 6)]
    assert len({c.token for c in certificates}) == 5
    assert all(len(c.token) >= 20 for c in certificates)
    assert issued["report"].issued == numbers
    team = certificates[3]
    assert team.holder_name == "北京代表队" and team.award == "一等奖"


def test_numbers_are_stable_across_rerenders_and_reissues(issued, db):
    contest = issued["contest"]
    first = _all(db, contest)[0]
    before = text(bulk.render_one(first, contest))
    again = issue_for_version(issued["version"])  # idempotent
    assert again.issued == [] and again.revoked == [] and again.unchanged == 5
    assert text(bulk.render_one(first, contest)) == before
    assert first.number in "".join(before.split())
    assert [c.number for c in _all(db, contest)] == issued["report"].issued


def test_later_final_version_revokes_and_renumbers_only_the_changed(issued, db):
    contest, people = issued["contest"], issued["people"]
    first = {c.subject: c for c in _all(db, contest)}
    issued["version"].status = "superseded"
    db.session.commit()
    # An objection upheld: 李玥 moves up to first prize, 王彧 loses the third prize.
    awards = [award(people[0]), award(people[1], "一等奖"),
              award(people[0], scope="team", rule_id=2, rule="团体奖", event="")]
    version = final_version(db.session, contest, awards, issued["titles"], number=2)
    report = issue_for_version(version)

    assert report.unchanged == 3
    assert report.issued == ["HOTEL-2026-0006"]
    assert sorted(report.revoked) == ["HOTEL-2026-0002", "HOTEL-2026-0003"]
    certificates = {c.number: c for c in _all(db, contest)}
    moved, dropped = certificates["HOTEL-2026-0002"], certificates["HOTEL-2026-0003"]
    assert moved.status == dropped.status == "revoked"
    assert moved.revoked_reason == "superseded by version 2"
    assert moved.replaced_by.number == "HOTEL-2026-0006" and dropped.replaced_by is None
    new = certificates["HOTEL-2026-0006"]
    assert (new.holder_name, new.award, new.version_number) == ("李玥", "一等奖", 2)
    unchanged = [c for c in certificates.values() if c.version_number == 1 and c.is_valid]
    assert {c.id for c in unchanged} == {first[s].id for s in first
                                         if first[s].number not in report.revoked}
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "certificates")).all()
    assert actions.count("issue") == 6 and actions.count("revoke") == 2


def test_only_final_versions_issue(hotel, db):
    version = final_version(db.session, hotel["contest"], hotel["awards"], status="publicity")
    with pytest.raises(Refused):
        issue_for_version(version)
    assert _all(db, hotel["contest"]) == []


def test_an_older_version_cannot_overwrite_a_newer_one(issued, db):
    newer = final_version(db.session, issued["contest"], issued["awards"], number=2)
    issue_for_version(newer)
    with pytest.raises(Refused):
        issue_for_version(issued["version"])


def test_grades_carry_their_benefit_and_ungraded_gets_none(build, db):
    contest = build.contest(code="WUAN", name="武安市非公企业工会主席等级考核",
                            organizer="武安市总工会")
    a, b = person("赵犇"), person("钱垚")
    version = final_version(db.session, contest, [
        grade(a, "中级", "200", position=2), grade(b, "未定等级", "0", position=4)],
        [title(a, "省工人先锋号", is_nomination=True, state="confirmed")])
    report = issue_for_version(version)
    assert len(report.issued) == 1
    assert sorted(s.reason for s in report.skipped) == ["nomination", "ungraded"]
    certificate = _all(db, contest)[0]
    assert certificate.kind == "grade" and certificate.benefit == "每月200元（全年2400元）"
    printed = "".join(text(bulk.render_one(certificate, contest)).split())
    assert "等级证书" in printed
    assert "中级" in printed and "每月200元" in printed


def test_number_format_is_configurable_and_applies_to_new_certificates(hotel, db):
    from contests.services.certificates import wording
    contest = hotel["contest"]
    wording.save(contest, "individual", {"title": "荣誉证书", "body": "{name}荣获{tier}",
                                         "number_format": "ZS{year}{code}{serial:05d}"})
    version = final_version(db.session, contest, hotel["awards"][:1])
    issue_for_version(version)
    assert _all(db, contest)[0].number == "ZS2026HOTEL00001"
