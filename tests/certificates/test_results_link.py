"""The results service's side: making a version final issues its certificates, and a
person's public result entry links to their PDFs."""
import json
from datetime import date, timedelta

from sqlalchemy import select

from contests.certificates.lookup import by_number, valid_for_contestant
from contests.models import Certificate


def test_finalizing_a_published_version_issues_certificates(build, db):
    from contests.services.results import publication
    data = build.scored_contest()
    contest = data["contest"]
    rule = build.award_rule(contest, stage_id=data["stage"].id, event_id=data["event"].id)
    build.award_tier(rule, name="一等奖", quota=1)
    data["sheet"].status = "confirmed"
    db.session.commit()
    version = publication.publish(contest, publicity_ends_on=date.today(), change_note=None,
                                  user=None)
    assert db.session.scalars(select(Certificate)).all() == []  # publicity: not yet
    publication.finalize(version, None, today=date.today() + timedelta(days=1))
    issued = db.session.scalars(select(Certificate)).all()
    awards = json.loads(version.snapshot)["awards"]
    assert len(issued) == len(awards) >= 1
    assert all(c.version_number == version.number for c in issued)


def test_entry_page_links_and_number_search(issued, db, app):
    person = issued["people"][0]
    with app.test_request_context():
        links = valid_for_contestant(issued["contest"], person["contestant_id"])
        found = by_number(" hotel-2026-0002 ")
    assert [link.kind for link in links] == ["individual", "title"]
    assert all(link.url.startswith("/certificates/") and link.url.endswith(".pdf")
               for link in links)
    assert found.number == "HOTEL-2026-0002"
    assert found.url == "/certificates/lookup?number=HOTEL-2026-0002"  # never the token
    issued["contest"].is_listed = False
    db.session.commit()
    with app.test_request_context():
        assert valid_for_contestant(issued["contest"], person["contestant_id"]) == []
