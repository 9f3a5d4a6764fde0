"""Finalizing and issuing certificates are one transaction: when issuing is refused the
version stays in its publicity period, nothing is issued, and the organizer reads why on
the publication page (never a 500 after the version was already final)."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from contests.models import AuditEntry, Certificate, CertificateWording, ResultVersion
from contests.refusals import Conflict
from contests.services.certificates import wording
from contests.services.results import publication
from tests.results.scored import scored_contest

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def world(build, db, login):
    world = scored_contest(build, db.session)
    world["organizer"] = organizer = build.user("organizer")
    version = publication.publish(world["contest"], publicity_ends_on=date.today(),
                                  change_note=None, user=organizer)
    version.publicity_ends_at = publication.end_moment(YESTERDAY)  # the period is over
    db.session.commit()
    world["version"] = version
    login(organizer)
    return world


def _finalize_on_the_page(client, world):
    contest, version = world["contest"], world["version"]
    return client.post(f"/organizer/contests/{contest.id}/versions/{version.id}/finalize"
                       "?lang=en", follow_redirects=True)


def _nothing_happened(db, world):
    db.session.expire_all()
    assert db.session.get(ResultVersion, world["version"].id).status == "publicity"
    assert db.session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.contest_id == world["contest"].id)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "finalize")) == 0


def test_finalizing_issues_the_certificates_with_it(client, world, db):
    response = _finalize_on_the_page(client, world)
    assert response.status_code == 200
    assert "Version 1 is final." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ResultVersion, world["version"].id).status == "final"
    assert db.session.scalar(select(func.count()).select_from(Certificate)) >= 1


def test_a_refused_certificate_step_leaves_the_version_not_final(client, world, db,
                                                                  monkeypatch):
    import contests.services.certificates as certificates

    def refuse(version, commit=True):
        raise Conflict("The certificate step refused: 证书编号已用尽。")

    monkeypatch.setattr(certificates, "issue_for_version", refuse)
    response = _finalize_on_the_page(client, world)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The certificate step refused: 证书编号已用尽。" in page
    assert "Version 1 is final." not in page
    assert response.request.path.endswith("/publication")
    _nothing_happened(db, world)


def test_an_unexpected_failure_while_issuing_also_undoes_the_final(world, db, app,
                                                                    monkeypatch):
    import contests.services.certificates as certificates

    def break_down(version, commit=True):
        assert version.status == "final"  # issuing runs inside the same transaction
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(certificates, "issue_for_version", break_down)
    with app.test_request_context("/?lang=en"), pytest.raises(RuntimeError):
        publication.finalize(world["version"], world["organizer"])
    _nothing_happened(db, world)


def test_a_number_already_taken_is_explained_and_nothing_is_final(client, world, db, build):
    """A number format without {code}: the other contest already printed ZS2026-0001."""
    other = build.contest(code="OTHER")
    db.session.add(Certificate(
        contest_id=other.id, serial=1, number="ZS2026-0001", token="other-contest-token",
        kind="individual", subject="award:9:entry:9", holder_name="别的选手", award="一等奖",
        version_number=1, issued_on=YESTERDAY, status="valid"))
    db.session.commit()
    wording.save(world["contest"], "individual", {
        "title": "荣誉证书", "body": "{name}荣获{tier}", "number_format": "ZS{year}-{serial:04d}"})
    response = _finalize_on_the_page(client, world)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "a certificate number is already taken" in page
    assert "if the number format lacks {code}" in page
    assert "UNIQUE constraint" not in page and "duplicate key" not in page
    _nothing_happened(db, world)


def test_a_number_format_that_cannot_number_is_explained(client, world, db):
    """Stored before formats were checked (or by hand): no {serial}, numbers would repeat."""
    db.session.add(CertificateWording(contest_id=world["contest"].id, kind="individual",
                                      title="荣誉证书", body="{name}荣获{tier}",
                                      number_format="ZS-{code}"))
    db.session.commit()
    response = _finalize_on_the_page(client, world)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No certificate was issued: the number format" in page
    assert "must contain {serial}" in page
    _nothing_happened(db, world)
