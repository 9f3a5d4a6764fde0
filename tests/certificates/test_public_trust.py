"""Issue 11 #7: public surfaces reveal only what was published and listed. Certificates of
unlisted contests are not verifiable, tokens are unguessable, a look-up by number needs the
holder's name too, and a revocation shows public wording only."""
import inspect
import re
from urllib.parse import quote

from sqlalchemy import select

from contests.certificates import numbering
from contests.models import Certificate
from contests.services.certificates.issuing import revoke
from tests.certificates.snapshots import RARE_NAME


def _all(db):
    return db.session.scalars(select(Certificate).order_by(Certificate.serial)).all()


def _lookup(client, number, name):
    return client.get(f"/certificates/lookup?lang=en&number={quote(number)}"
                      f"&name={quote(name)}")


def test_unlisted_contests_certificates_are_not_verifiable(issued, db, client):
    certificate = _all(db)[0]
    unknown = client.get("/verify/not-a-real-token-at-all?lang=en")
    assert client.get(f"/verify/{certificate.token}").status_code == 200
    assert _lookup(client, certificate.number, RARE_NAME).status_code == 200
    issued["contest"].is_listed = False
    db.session.commit()
    hidden = client.get(f"/verify/{certificate.token}?lang=en")
    assert hidden.status_code == 404
    assert hidden.get_data(as_text=True) == unknown.get_data(as_text=True)
    refused = _lookup(client, certificate.number, RARE_NAME)
    assert refused.status_code == 404
    assert RARE_NAME not in refused.get_data(as_text=True).split("<form")[0]
    same_as_unknown = _lookup(client, "HOTEL-2026-9999", RARE_NAME)
    assert refused.get_data(as_text=True).replace(certificate.number, "HOTEL-2026-9999") \
        == same_as_unknown.get_data(as_text=True)


def test_lookup_needs_the_holders_name_and_does_not_say_which_was_wrong(issued, db, client):
    certificate = _all(db)[0]
    found = _lookup(client, f" {certificate.number.lower()} ", f" {RARE_NAME} ")
    assert found.status_code == 200 and "一等奖" in found.get_data(as_text=True)
    wrong_name = _lookup(client, certificate.number, "李玥")
    unknown = _lookup(client, "HOTEL-2026-9999", "李玥")
    assert wrong_name.status_code == unknown.status_code == 404
    for page in (wrong_name, unknown):
        assert "一等奖" not in page.get_data(as_text=True)
        assert certificate.token not in page.get_data(as_text=True)
    # the same answer, apart from the number typed back into the form
    assert wrong_name.get_data(as_text=True).replace(certificate.number, "N") \
        == unknown.get_data(as_text=True).replace("HOTEL-2026-9999", "N")
    number_only = client.get(f"/certificates/lookup?lang=en&number={certificate.number}")
    assert RARE_NAME not in number_only.get_data(as_text=True)
    assert "一等奖" not in number_only.get_data(as_text=True)


def test_a_revoked_certificate_shows_public_wording_only(issued, db, client):
    certificate = _all(db)[0]
    revoke(certificate, "获奖资格经复查被取消（内部）")
    page = client.get(f"/verify/{certificate.token}?lang=en").get_data(as_text=True)
    assert "获奖资格经复查被取消" not in page
    assert "This certificate has been revoked." in page
    looked_up = _lookup(client, certificate.number, RARE_NAME).get_data(as_text=True)
    assert "获奖资格经复查被取消" not in looked_up


def test_a_replaced_certificate_names_its_replacement(issued, db, client):
    old, new = _all(db)[:2]
    old.status, old.replaced_by_id, old.revoked_reason = "revoked", new.id, "私下的原因"
    db.session.commit()
    page = client.get(f"/verify/{old.token}?lang=en").get_data(as_text=True)
    assert f"replaced by certificate {new.number}" in page
    assert "私下的原因" not in page


def test_tokens_are_long_random_and_not_derived_from_the_number(issued, db):
    certificates = _all(db)
    tokens = [c.token for c in certificates]
    assert len(set(tokens)) == len(tokens)
    for certificate in certificates:
        assert len(certificate.token) >= 22
        assert re.fullmatch(r"[A-Za-z0-9_-]+", certificate.token)
        assert certificate.number not in certificate.token
    for one, two in zip(tokens, tokens[1:]):  # consecutive numbers, unrelated tokens
        assert one[:6] != two[:6] and one[-6:] != two[-6:]
    assert not inspect.signature(numbering.new_token).parameters  # made from nothing
    fresh = {numbering.new_token() for _ in range(200)}
    assert len(fresh) == 200 and min(map(len, fresh)) >= 22
