"""The public forms that anyone may send are throttled per address: objections, certificate
look-ups and verification. A refused request answers 429 and stores nothing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from contests.models import Objection
from contests.services.results import publication
from tests.results.scored import scored_contest


@pytest.fixture
def publicity(build, db):
    world = scored_contest(build, db.session)
    publication.publish(world["contest"], publicity_ends_on=date.today() + timedelta(days=5),
                        change_note=None, user=build.user("organizer"))
    return world


def _object(client, world, address):
    return client.post("/contests/DEMO/objection?lang=en", data={
        "entry": str(world["entries"]["A3"].id), "name": "李老师", "contact": "13800000000",
        "grounds": "第三位评委的分数录入有误，应为95分。"}, environ_base={"REMOTE_ADDR": address})


def test_objections_from_one_address_are_throttled(app, client, publicity, db, monkeypatch):
    monkeypatch.setitem(app.config, "OBJECTION_LIMIT", "3 per hour")
    for _ in range(3):
        assert _object(client, publicity, "10.1.1.1").status_code == 302
    refused = _object(client, publicity, "10.1.1.1")
    assert refused.status_code == 429
    assert "Too many requests" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Objection)) == 3
    assert client.get("/contests/DEMO/objection", environ_base={"REMOTE_ADDR": "10.1.1.1"}
                      ).status_code == 200  # reading the form is not limited
    assert _object(client, publicity, "10.1.1.2").status_code == 302


def test_certificate_look_ups_and_verification_are_throttled(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CERTIFICATE_LOOKUP_LIMIT", "4 per minute")
    here = {"REMOTE_ADDR": "10.2.2.2"}
    for number in range(2):
        assert client.get(f"/certificates/lookup?number=2026-{number:04d}&name=张三",
                          environ_base=here).status_code == 404
    for token in ("guess-one", "guess-two"):
        assert client.get(f"/verify/{token}", environ_base=here).status_code == 404
    # look-ups, verification and downloads draw on one allowance
    assert client.get("/verify/guess-three", environ_base=here).status_code == 429
    assert client.get("/certificates/lookup?number=2026-0100&name=张三",
                      environ_base=here).status_code == 429
    assert client.get("/certificates/guess.pdf", environ_base=here).status_code == 429
    # the results search also answers certificate numbers: the same allowance
    assert client.get("/contests/DEMO/search?q=2026-0100", environ_base=here
                      ).status_code == 429
    elsewhere = {"REMOTE_ADDR": "10.2.2.3"}
    assert client.get("/verify/guess-three", environ_base=elsewhere).status_code == 404
