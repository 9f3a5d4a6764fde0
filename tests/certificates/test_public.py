"""Verification for anyone: the QR code's page by token, a look-up by exact number, the
holder's PDF; a revoked certificate shows as revoked; unknown tokens are 404."""
from flask_babel import force_locale, gettext
from sqlalchemy import select

from contests.models import Certificate
from contests.services.certificates.issuing import issue_for_version, revoke
from tests.certificates.pdf_checks import page_count, text
from tests.certificates.snapshots import RARE_NAME, final_version


def _first(db):
    return db.session.scalars(select(Certificate).order_by(Certificate.serial)).first()


def test_verification_page_shows_the_authentic_record(issued, db, client):
    certificate = _first(db)
    page = client.get(f"/verify/{certificate.token}").get_data(as_text=True)
    for shown in (RARE_NAME, "全国星级饭店从业人员服务技能竞赛", "一等奖", "2026-05-03",
                  certificate.number):
        assert shown in page
    assert "某某大酒店" not in page  # the unit is personal data the page does not need
    assert f"/certificates/{certificate.token}.pdf" in page


def test_qr_code_carries_the_token_not_the_number(issued, db):
    from contests.certificates import printable
    certificate = _first(db)
    page = printable.pages([certificate], issued["contest"], "https://contests.example.cn")[0]
    assert page.qr.startswith("data:image/png")
    url = printable.verify_url(certificate.token, "https://contests.example.cn")
    assert url == f"https://contests.example.cn/verify/{certificate.token}"
    assert certificate.number not in url


def test_unknown_token_is_404(issued, client):
    assert client.get("/verify/not-a-real-token").status_code == 404
    assert client.get("/certificates/not-a-real-token.pdf").status_code == 404


def test_revoked_certificate_shows_as_revoked(app, issued, db, client):
    contest = issued["contest"]
    issued["version"].status = "superseded"
    db.session.commit()
    version = final_version(db.session, contest, issued["awards"][:2] + issued["awards"][3:],
                            issued["titles"], number=2)
    issue_for_version(version)
    gone = db.session.scalar(select(Certificate).where(Certificate.holder_name == "王彧"))
    assert gone.status == "revoked"
    page = client.get(f"/verify/{gone.token}?lang=en").get_data(as_text=True)
    assert "Revoked" in page and "version 2" in page
    assert "authentic and valid" not in page
    assert client.get(f"/certificates/{gone.token}.pdf").status_code == 404
    organizer_copy = "".join(text(_render_revoked(gone, contest)).split())
    with force_locale(app.config["BABEL_DEFAULT_LOCALE"]):  # printed in the contest's language
        assert "".join(gettext("REVOKED").split()) in organizer_copy


def _render_revoked(certificate, contest):
    from contests.certificates import bulk
    return bulk.render_one(certificate, contest)


def test_revoking_by_hand_keeps_the_reason_private(issued, db, client):
    # Issue 11 changed this: the organizer's reason is not public, only that it is revoked.
    certificate = _first(db)
    revoke(certificate, "获奖资格经复查被取消")
    page = client.get(f"/verify/{certificate.token}?lang=en").get_data(as_text=True)
    assert "获奖资格经复查被取消" not in page
    assert "This certificate has been revoked." in page


def test_lookup_by_exact_number(issued, db, client):
    certificate = _first(db)
    # Issue 11 changed this: the holder's name is needed as well as the number.
    name = f"&name={RARE_NAME}"
    found = client.get(f"/certificates/lookup?number=%20{certificate.number.lower()}%20{name}")
    assert found.status_code == 200
    page = found.get_data(as_text=True)
    assert RARE_NAME in page and "一等奖" in page
    assert certificate.token not in page  # a number must not lead to the PDF
    missing = client.get(f"/certificates/lookup?number=HOTEL-2026-9999&lang=en{name}")
    assert missing.status_code == 404
    body = missing.get_data(as_text=True)
    assert "No certificate matches this number and name" in body
    assert "HOTEL-2026-0005" not in body  # no hints about neighbouring numbers
    partial = client.get(f"/certificates/lookup?number=HOTEL-2026{name}")
    assert partial.status_code == 404
    assert client.get("/certificates/lookup").status_code == 200


def test_holder_downloads_own_pdf_from_listed_contests_only(issued, db, client):
    certificate = _first(db)
    response = client.get(f"/certificates/{certificate.token}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_count(response.data) == 1
    assert RARE_NAME in "".join(text(response.data).split())
    issued["contest"].is_listed = False
    db.session.commit()
    assert client.get(f"/certificates/{certificate.token}.pdf").status_code == 404


def test_results_pages_can_find_an_entrys_certificates(issued):
    from contests.certificates.lookup import valid_for_delegations, valid_for_entries
    person = issued["people"][0]
    found = valid_for_entries(issued["contest"].id, [person["entry_id"]])
    assert [c.kind for c in found[person["entry_id"]]] == ["individual", "title"]
    teams = valid_for_delegations(issued["contest"].id, [1])
    assert [c.holder_name for c in teams[1]] == ["北京代表队"]
