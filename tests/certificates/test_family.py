"""One family of certificate designs, chosen by kind (award, grade, honorary title), never
by tier or benefit; every certificate names its contest, stage and event; default numbers
never print the year twice; the organizer previews one certificate of each kind."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from contests.certificates import bulk, numbering
from contests.certificates.grants import grants_from_snapshot
from contests.models import AuditEntry, Certificate
from contests.services.certificates.issuing import issue_for_version
from contests.services.results.published import Snapshot
from tests.certificates.pdf_checks import page_count, page_texts
from tests.certificates.snapshots import award, final_version, grade, person, snapshot, title

ONE_OFF = {"amount": "5000", "period": "once", "yearly": None}
CONTEST = "2026年江苏省职工职业技能大赛"


@pytest.fixture
def jiangsu(build, db):
    """A contest whose code carries its year, with one certificate of every kind: a first
    prize that also pays a one-off bonus, a team prize, a grade with a monthly allowance,
    and an honorary title over the final (no event)."""
    contest = build.contest(code="JSXH2026", name=CONTEST, year=2026, is_listed=True,
                            organizer="江苏省总工会")
    welder, leader, chair = person("王伟敏"), person("欧阳晨曦"), person("李玥")
    awards = [award(welder, "一等奖", stage="决赛", event="焊工", benefit=ONE_OFF),
              award(welder, "一等奖", scope="team", rule_id=2, rule="团体奖", stage="决赛",
                    event=""),
              grade(chair, "中级", "200", position=2)]
    titles = [dict(title(leader, "江苏省技术能手"), stage="决赛", event="")]
    version = final_version(db.session, contest, awards, titles)
    issue_for_version(version)
    certificates = {c.kind: c for c in db.session.scalars(
        select(Certificate).where(Certificate.contest_id == contest.id))}
    return {"contest": contest, "version": version, "certificates": certificates}


def _printed(certificate, contest) -> str:
    [flat] = page_texts(bulk.render_one(certificate, contest))
    return flat


@pytest.mark.parametrize("kind, heading, stage, event, says", [
    ("individual", "获奖证书", "决赛", "焊工", "王伟敏同志在2026年江苏省职工职业技能大赛中荣获焊工一等奖"),
    ("team", "获奖证书", "决赛", None, "北京代表队在2026年江苏省职工职业技能大赛中荣获一等奖"),
    ("grade", "等级证书", "等级考核", "履职能力考核", "评定为中级，享受工作补贴每月200元（全年2400元）"),
    ("title", "荣誉证书", "决赛", None, "被授予“江苏省技术能手”荣誉称号"),
])
def test_each_kind_names_its_contest_stage_event_and_number(jiangsu, kind, heading, stage,
                                                            event, says):
    certificate = jiangsu["certificates"][kind]
    flat = _printed(certificate, jiangsu["contest"])
    assert heading in flat and says in flat
    assert flat.count(CONTEST) == 2  # above the title, and in the text
    assert stage in flat
    if event:
        assert event in flat
    assert f"证书编号{certificate.number}" in flat
    assert "扫码查验" in flat and "江苏省总工会" in flat
    others = {"获奖证书", "等级证书", "荣誉证书"} - {heading}
    assert not any(other in flat for other in others)


def test_a_first_prize_with_a_one_off_bonus_is_an_award_certificate(jiangsu):
    prize = jiangsu["certificates"]["individual"]
    assert prize.award == "一等奖" and prize.benefit == "一次性5000元"  # recorded, not printed
    flat = _printed(prize, jiangsu["contest"])
    assert "获奖证书" in flat and "等级证书" not in flat
    assert "补贴" not in flat and "5000" not in flat
    # The grants say so as well, straight from a snapshot.
    someone = person("赵犇")
    grants, _skipped = grants_from_snapshot(Snapshot.from_json(snapshot(
        jiangsu["contest"], [award(someone, "一等奖", benefit=ONE_OFF),
                             award(someone, "二等奖", rule_id=5, benefit=ONE_OFF)])))
    assert [g.kind for g in grants] == ["individual", "individual"]


def test_the_default_number_does_not_repeat_the_year(jiangsu, hotel, db):
    numbers = sorted(c.number for c in jiangsu["certificates"].values())
    assert numbers == [f"JSXH2026-{n:04d}" for n in range(1, 5)]
    assert not any(n.count("2026") > 1 for n in numbers)
    # A code without the year gets it once.
    issue_for_version(final_version(db.session, hotel["contest"], hotel["awards"][:1]))
    assert db.session.scalar(select(Certificate.number).where(
        Certificate.contest_id == hotel["contest"].id)) == "HOTEL-2026-0001"
    assert numbering.default_format("JSXH2026", 2026) == "{code}-{serial:04d}"
    assert numbering.default_format("HOTEL", 2026) == "{code}-{year}-{serial:04d}"


def test_issued_numbers_keep_their_format_and_are_never_renumbered(build, db):
    """A contest numbered in the earlier default goes on in it: one sequence, and the
    numbers already printed stay as they are."""
    contest = build.contest(code="GZ2026", name="2026年贵州省能源化学行业班组长职业技能竞赛",
                            year=2026)
    first = person("钱垚")
    issued_before = Certificate(
        contest_id=contest.id, serial=1, number="GZ2026-2026-0001", token="t" * 22,
        kind="individual", subject=f"award:1:entry:{first['entry_id']}",
        entry_id=first["entry_id"], holder_name="钱垚", holder_unit="某某大酒店",
        holder_delegation="北京代表队", award="一等奖", rule="个人奖", stage="全国总决赛",
        event="前厅服务", version_number=1, issued_on=date(2026, 5, 3))
    db.session.add(issued_before)
    db.session.commit()
    second = person("孙昇")
    version = final_version(db.session, contest, [award(first), award(second, "二等奖")])
    report = issue_for_version(version)
    assert report.unchanged == 1 and report.issued == ["GZ2026-2026-0002"]
    assert issued_before.number == "GZ2026-2026-0001" and issued_before.is_valid


def test_a_certificate_once_taken_for_a_grade_keeps_its_number(jiangsu, db):
    """Before kinds followed the rule, a prize with a bonus was issued as a grade; issuing
    again corrects its kind in place (audited) instead of revoking and renumbering it."""
    prize = jiangsu["certificates"]["individual"]
    number = prize.number
    prize.kind = "grade"
    db.session.commit()
    report = issue_for_version(jiangsu["version"])
    assert report.reclassified == [number] and report.issued == report.revoked == []
    db.session.refresh(prize)
    assert (prize.kind, prize.number, prize.status) == ("individual", number, "valid")
    assert "获奖证书" in _printed(prize, jiangsu["contest"])
    change = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "certificates", AuditEntry.action == "update")).one()
    assert "individual" in (change.reason or "")


def test_organizer_previews_one_of_each_kind(issued, organizer, client):
    """The hotel contest has awards and a title but no grade: the grade is a sample."""
    contest = issued["contest"]
    base = f"/organizer/contests/{contest.id}/certificates"
    response = client.get(f"{base}/designs.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    award_page, grade_page, title_page = page_texts(response.data)
    assert page_count(response.data) == 3
    assert "获奖证书" in award_page and "喆堃镕玥珺翀瑄燚垚犇昇彧" in award_page
    assert "HOTEL-2026-0001" in award_page and "样张" not in award_page
    assert "等级证书" in grade_page and "样张" in grade_page  # clearly marked
    assert "张喆堃" in grade_page and "享受工作补贴每月200元" in grade_page
    assert "荣誉证书" in title_page and "技术能手" in title_page and "样张" not in title_page
    assert all(contest.name in page for page in (award_page, grade_page, title_page))

    index = client.get(f"{base}/").get_data(as_text=True)
    designs = index[index.index('id="designs"'):]
    designs = designs[:designs.index("</ul>")]
    assert [kind for kind in ("获奖证书", "等级证书", "荣誉称号证书") if kind in designs] == [
        "获奖证书", "等级证书", "荣誉称号证书"]
    assert "HOTEL-2026-0001" in designs and "样张：本竞赛尚无此类证书" in designs
    assert f"{base}/designs.pdf" in index
    english = client.get(f"{base}/", query_string={"lang": "en"}).get_data(as_text=True)
    assert all(label in english for label in (
        "Award certificate", "Grade certificate", "Honorary title certificate",
        "Sample: this contest has no such certificate yet", "Preview one of each kind (PDF)"))


def test_designs_of_a_contest_without_certificates_are_all_samples(build, organizer, client):
    contest = build.contest(code="EMPTY2026", name="2026年示例竞赛", year=2026)
    build.stage(contest, name="省级决赛", position=1)
    response = client.get(f"/organizer/contests/{contest.id}/certificates/designs.pdf")
    pages = page_texts(response.data)
    assert [p.count("样张") for p in pages] == [1, 1, 1]
    assert all("省级决赛" in p and "EMPTY2026-0001" in p for p in pages)  # its own stage


def test_designs_are_for_members_only(build, client, login, hotel):
    login(build.user("organizer", runs_contests=False))
    response = client.get(f"/organizer/contests/{hotel['contest'].id}/certificates/designs.pdf")
    assert response.status_code == 404


def test_certificates_print_in_english_when_that_is_the_contests_language(app, build, db):
    contest = build.contest(code="WSC2026", name="2026 Workers' Skills Contest", year=2026,
                            organizer="Provincial Federation of Trade Unions")
    who = dict(person("Wang Weimin", unit="Sample Works", delegation="North team"))
    version = final_version(db.session, contest, [
        award(who, "First prize", stage="Final", event="Welding", benefit=ONE_OFF)])
    issue_for_version(version)
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.contest_id == contest.id))
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    try:
        [flat] = page_texts(bulk.render_one(certificate, contest))
    finally:
        app.config["BABEL_DEFAULT_LOCALE"] = "zh_CN"
    assert "CertificateofAward" in flat and "ScantoverifyCertificateNo.WSC2026-0001" in flat
    assert "Thisistocertifythat" in flat and "FinalWelding" in flat.replace("·", "")
    assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", flat)  # not one Chinese word


def test_an_empty_placeholder_leaves_no_double_space(app):
    from contests.certificates.printable import _text
    html = str(_text("awarded {event} {tier} at {contest}.",
                     {"event": "", "tier": "First prize", "contest": "C"}))
    assert "awarded <span" in html and "  " not in html
    assert 'field-tier">First prize</span> at' in html
