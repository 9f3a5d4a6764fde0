"""Publication: nothing public before publishing; publicity period with objections; a
correction is a new version saying what changed; later marks change nothing public
until published again; pages in both languages, cached by version."""
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from contests.models import Entry, Mark, ResultVersion
from contests.refusals import Refused
from contests.services.results import advancement, publication
from tests.results.scored import scored_contest

TODAY = date.today()


@pytest.fixture
def world(build, db):
    return scored_contest(build, db.session)


@pytest.fixture
def organizer(build):
    return build.user("organizer")


def _publish(world, organizer, note=None, ends=TODAY):
    return publication.publish(world["contest"], publicity_ends_on=ends, change_note=note,
                               user=organizer)


def test_nothing_is_public_before_publishing(client, world):
    page = client.get("/contests/DEMO?lang=en").get_data(as_text=True)
    assert "Results appear here once the organizer publishes them." in page
    assert "选手A1" not in page
    first = world["first"].id
    entry = world["entries"]["A1"].id
    for url in (f"/contests/DEMO/stages/{first}", "/contests/DEMO/awards",
                f"/contests/DEMO/entries/{entry}", "/contests/DEMO/bulletin.pdf",
                "/contests/DEMO/search?q=A1", "/contests/DEMO/objection"):
        assert client.get(url).status_code == 404, url


def test_unlisted_contest_is_404_even_when_published(client, world, organizer, db):
    _publish(world, organizer)
    world["contest"].is_listed = False
    db.session.commit()
    assert client.get("/contests/DEMO").status_code == 404
    assert client.get("/contests/DEMO/awards").status_code == 404


def test_published_standings_awards_and_explanation(client, world, organizer):
    _publish(world, organizer)
    stage = client.get(f"/contests/DEMO/stages/{world['first'].id}?lang=en").get_data(
        as_text=True)
    # A1: trimmed mean of 91, 92, 93 = 92.00; A2 drops 60 and 88 → 86.00
    assert "92.00" in stage and "86.00" in stage
    assert stage.index("选手A1") < stage.index("选手A2") < stage.index("选手A3")
    awards = client.get("/contests/DEMO/awards").get_data(as_text=True)
    assert "一等奖" in awards and "选手A1" in awards
    entry = client.get(f"/contests/DEMO/entries/{world['entries']['A2'].id}?lang=en")
    text = entry.get_data(as_text=True)
    assert "How this result was computed" in text and "裁判" in text
    assert "advances: rank 2 is within the top 3" in text


def test_chinese_and_english_public_pages(client, world, organizer):
    _publish(world, organizer)
    zh = client.get("/contests/DEMO/awards?lang=zh_CN").get_data(as_text=True)
    en = client.get("/contests/DEMO/awards?lang=en").get_data(as_text=True)
    assert "获奖" in zh or "奖项" in zh
    assert "Awards" in en and "Tier" in en


def test_objection_upheld_produces_a_new_version_with_the_change(client, world, organizer,
                                                                 db):
    version = _publish(world, organizer, ends=TODAY + timedelta(days=5))
    a3 = world["entries"]["A3"].id
    response = client.post("/contests/DEMO/objection", data={
        "entry": str(a3), "name": "李老师", "contact": "13800000000",
        "grounds": "第三位评委的分数录入有误，应为95分。"})
    assert response.status_code == 302
    objection = version.objections[0] if version.objections else db.session.scalar(
        select(publication.Objection))
    publication.decide_objection(objection, decision="upheld", note="经核实录入有误",
                                 user=organizer)
    # the correction: the third judge's mark for A3 becomes 95, so the trimmed mean drops
    # 80 and 95 and averages 81, 83, 84 = 82.67 (it was 81, 82, 83 = 82.00)
    mark = db.session.scalar(select(Mark).join(Mark.sheet).where(
        Mark.sheet.has(entry_id=a3, judge_id=world["judges"][2].id)))
    mark.value = Decimal(95)
    db.session.commit()
    second = _publish(world, organizer, note="异议成立，更正选手A3成绩",
                      ends=TODAY + timedelta(days=5))
    assert second.number == 2
    assert db.session.get(ResultVersion, version.id).status == "superseded"
    changes = json.loads(second.snapshot)["version"]["changes"]
    assert any("A3" in line and "82.00 → 82.67" in line for line in changes)
    page = client.get("/contests/DEMO?lang=en").get_data(as_text=True)
    assert "异议成立，更正选手A3成绩" in page and "version 2" in page


def test_mark_changed_after_final_changes_nothing_public_until_republished(
        client, world, organizer, db):
    version = _publish(world, organizer)
    publication.finalize(version, organizer, today=TODAY + timedelta(days=1))
    url = f"/contests/DEMO/stages/{world['first'].id}"
    before = client.get(url).get_data(as_text=True)
    mark = db.session.scalar(select(Mark).join(Mark.sheet).where(
        Mark.sheet.has(entry_id=world["entries"]["A6"].id)))
    mark.value = Decimal(100)
    db.session.commit()
    assert client.get(url).get_data(as_text=True) == before
    _publish(world, organizer, note="复核后更正")
    assert client.get(url).get_data(as_text=True) != before


def test_finalize_waits_for_the_period_and_the_objections(world, organizer, app):
    version = _publish(world, organizer, ends=TODAY + timedelta(days=2))
    with app.test_request_context("/?lang=en"):
        with pytest.raises(Refused, match="objections may still come"):
            publication.finalize(version, organizer, today=TODAY)
        publication.file_objection(version, entry_text="A1", entry_id=None, name="王",
                                   contact="x@example.com", grounds="分数有误，请复核。")
        with pytest.raises(Refused, match="wait for a decision"):
            publication.finalize(version, organizer, today=TODAY + timedelta(days=3))
        with pytest.raises(Refused, match="only during the publicity period"):
            publication.file_objection(version, entry_text="A1", entry_id=None, name="王",
                                       contact="x", grounds="迟到的异议内容",
                                       today=TODAY + timedelta(days=3))


def test_second_version_needs_a_change_note(world, organizer, app):
    _publish(world, organizer)
    with app.test_request_context("/?lang=en"), pytest.raises(Refused,
                                                             match="what changed"):
        _publish(world, organizer)


def test_published_pages_carry_etag_and_answer_304(client, world, organizer):
    _publish(world, organizer)
    first = client.get("/contests/DEMO/awards")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/contests/DEMO/awards", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_bulletin_pdf_in_chinese(client, world, organizer):
    ends = TODAY + timedelta(days=7)
    _publish(world, organizer, ends=datetime.combine(ends, time(18, 30)))
    response = client.get("/contests/DEMO/bulletin.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    assert "成绩公示" in text and "选手A1" in text
    assert f"公示期至{ends.year}年{ends.month}月{ends.day}日18:30" in "".join(text.split())


def test_advancement_carries_the_total_into_the_final(world, organizer, db):
    done = advancement.confirm(world["first"], organizer)
    assert done["advancing"] == 3 and done["created"] == 3
    finals = {e.contestant.bib: e.carried_total for e in db.session.scalars(
        select(Entry).where(Entry.stage_id == world["final"].id))}
    assert finals == {"A1": Decimal("92.00"), "A2": Decimal("86.00"), "A3": Decimal("82.00")}
    assert advancement.confirm(world["first"], organizer)["created"] == 0  # idempotent


def test_manual_exception_kept_apart_and_marked(world, organizer, app):
    from contests.services.results.compute import compute_stage
    advancement.set_exception(world["first"], world["entries"]["A5"], "add", "伤病复议后特批",
                              organizer)
    computed = compute_stage(world["first"])
    outcome = next(iter(computed.advancement.values()))
    assert [a.key for a in outcome.advancing] == ["A1", "A2", "A3"]
    assert [(a.key, a.manual) for a in outcome.manual] == [("A5", True)]
    with app.test_request_context("/?lang=en"), pytest.raises(Refused):
        advancement.set_exception(world["first"], world["entries"]["A4"], "add", " ", organizer)
