"""The organizer edits what certificates say; unknown placeholders are refused with a
message naming them; a preview renders one certificate before printing everything."""
import pytest

from contests.certificates import numbering, templates_text
from contests.certificates import wording as texts
from contests.models import AuditEntry, CertificateWording
from contests.refusals import Invalid
from contests.services.certificates import wording
from tests.certificates.pdf_checks import page_count, text


def test_unknown_placeholder_is_named(app):
    problems = texts.check("荣誉证书", "{name}同志在{contset}中荣获{tier}")
    assert problems["title"] == []
    assert len(problems["body"]) == 1 and "{contset}" in problems["body"][0]


@pytest.mark.parametrize("body", ["{name.__class__}", "{name!r}", "{name:>20}", "{0}", "{}",
                                  "{name", "name}"])
def test_tricks_and_broken_braces_are_refused(app, body):
    assert texts.check("证书", body)["body"]


@pytest.mark.parametrize("fmt, ok", [
    ("{code}-{year}-{serial:04d}", True), ("{code}{serial}", True),
    ("No.{year}{serial:06d}", True), ("{code}-{year}", False), ("{code}-{serial:s}", False),
    ("{code}-{id}-{serial}", False), ("{serial:0200d}", False)])
def test_number_format_is_checked(app, fmt, ok):
    assert (numbering.check_format(fmt) == []) is ok


def test_fill_escapes_nothing_it_should_not(app):
    assert templates_text.fill_plain("{{{name}}}", {"name": "王彧"}) == "{王彧}"
    assert numbering.format_number("{code}-{year}-{serial:04d}", code="C1", year=2026,
                                   serial=7) == "C1-2026-0007"


def test_save_refuses_unknown_placeholders_and_changes_nothing(hotel, db):
    with pytest.raises(Invalid) as refused:
        wording.save(hotel["contest"], "individual",
                     {"title": "荣誉证书", "body": "{nmae}", "number_format": "{code}"})
    assert set(refused.value.details["problems"]) == {"body", "number_format"}
    assert db.session.query(CertificateWording).count() == 0


def test_organizer_edits_previews_and_resets_wording(hotel, organizer, client, db):
    contest = hotel["contest"]
    url = f"/organizer/contests/{contest.id}/certificates/wording/individual"
    page = client.get(url).get_data(as_text=True)
    assert "{name}同志在{contest}中荣获{event}{tier}" in page  # the Chinese default
    # The default is in the printed language, whatever the screen's language.
    english = client.get(url, query_string={"lang": "en"}).get_data(as_text=True)
    assert "获奖证书" in english and "{name}同志在{contest}中荣获{event}{tier}" in english

    bad = client.post(url, data={"title": "荣誉证书", "body": "{name}荣获{prize}",
                                 "number_format": "{code}-{serial}", "action": "save",
                                 "lang": "en"}, query_string={"lang": "en"})
    assert bad.status_code == 200 and "{prize}" in bad.get_data(as_text=True)
    assert db.session.query(CertificateWording).count() == 0

    values = {"title": "获奖证书", "body": "{unit}{name}：\n在{contest}中荣获{tier}。",
              "issuers": "中华全国总工会\n文化和旅游部", "date_text": "二〇二六年五月",
              "number_format": "{code}-{serial:03d}"}
    preview = client.post(url, data=dict(values, action="preview"))
    assert preview.mimetype == "application/pdf" and page_count(preview.data) == 1
    flat = "".join(text(preview.data).split())
    assert "获奖证书" in flat and "二〇二六年五月" in flat and "张喆堃" in flat  # a sample
    assert db.session.query(CertificateWording).count() == 0  # a preview saves nothing

    assert client.post(url, data=dict(values, action="save")).status_code == 302
    row = db.session.query(CertificateWording).one()
    assert (row.title, row.number_format) == ("获奖证书", "{code}-{serial:03d}")
    assert db.session.query(AuditEntry).filter_by(entity="certificate_wordings").count() == 1

    saved_preview = client.get(url + "/preview.pdf")
    assert "获奖证书" in "".join(text(saved_preview.data).split())
    client.post(url, data={"action": "reset"})
    assert db.session.query(CertificateWording).count() == 0


def test_preview_uses_a_real_certificate_when_there_is_one(issued, organizer, client):
    url = (f"/organizer/contests/{issued['contest'].id}/certificates/wording/individual"
           "/preview.pdf")
    flat = "".join(text(client.get(url).data).split())
    assert "喆堃镕玥珺翀瑄燚垚犇昇彧" in flat and "HOTEL-2026-0001" in flat
