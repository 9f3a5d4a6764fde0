"""The delegation portal: the leader's own delegation only, published results only, the
certificates as one ZIP, and the leader account the organizer makes."""
import io
import re
import zipfile
from datetime import date

from contests.models import Certificate


def _as(login, client, user):
    login(user)
    client.get("/?lang=en")


def test_the_portal_shows_nothing_before_publication_and_then_only_the_snapshot(
        db, client, login, portal):
    _as(login, client, portal["leader"])
    url = f"/delegation/{portal['delegation'].id}/"
    page = client.get(url).get_data(as_text=True)
    assert client.get("/delegation/").get_data(as_text=True) == page  # the leader's home
    assert "No results of this delegation are published yet." in page
    assert portal["contestant"].name not in page  # marked, but not published

    portal["publish"]()
    page = client.get(url).get_data(as_text=True)
    assert portal["contestant"].name in page  # published (unmarked sheets: no total yet)
    assert portal["rival"].name not in page  # another delegation's member

    from tests.builders import Builder  # a member entered after publishing is not public
    late = Builder(db.session).contestant(portal["contest"], name="迟到选手",
                                          delegation_id=portal["delegation"].id)
    Builder(db.session).entry(late, portal["event"], portal["stage"])
    assert "迟到选手" not in client.get(url).get_data(as_text=True)


def test_a_leader_reaches_only_the_delegation_it_leads(client, login, portal):
    portal["publish"]()
    _as(login, client, portal["leader"])
    other = portal["other"].id
    assert client.get(f"/delegation/{other}/").status_code == 403
    assert client.get(f"/delegation/{other}/certificates.zip").status_code == 403
    assert client.get(f"/delegation/{other}/appeals/new").status_code == 403
    _as(login, client, portal["judge"])
    assert client.get(f"/delegation/{portal['delegation'].id}/").status_code == 403


def _certificate(db, contest, serial, delegation_id, name):
    from contests.certificates.numbering import new_token

    row = Certificate(contest_id=contest.id, serial=serial,
                      number=f"{contest.code}-{serial:04d}", token=new_token(),
                      kind="individual", subject=f"award:1:entry:{serial}",
                      holder_name=name, holder_delegation="代表队", award="一等奖",
                      delegation_id=delegation_id, version_number=1,
                      issued_on=date(2026, 5, 3))
    db.session.add(row)
    db.session.commit()
    return row


def test_the_zip_holds_the_certificates_of_the_delegations_members(db, client, login, portal):
    contest = portal["contest"]
    _certificate(db, contest, 1, portal["delegation"].id, "王彧")
    _certificate(db, contest, 2, portal["delegation"].id, "李娜")
    _certificate(db, contest, 3, portal["other"].id, "对手选手")
    _as(login, client, portal["leader"])
    response = client.get(f"/delegation/{portal['delegation'].id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert names == [f"{contest.code}-0001_王彧.pdf", f"{contest.code}-0002_李娜.pdf"]
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_the_organizer_makes_a_leader_account_that_signs_in_by_link(db, client, login,
                                                                     portal):
    contest, delegation = portal["contest"], portal["delegation"]
    _as(login, client, portal["organizer"])
    page = client.post(f"/organizer/contests/{contest.id}/delegations/{delegation.id}/leader",
                       data={"username": "leader-beijing", "display_name": "北京领队"})
    link = re.search(r"<code>[^<]*/auth/link/([^<]+)</code>", page.get_data(as_text=True))
    assert link, "the one-time sign-in link is shown"
    login(None)
    signed_in = client.post(f"/auth/link/{link.group(1)}")
    assert signed_in.headers["Location"].endswith("/delegation/")
    assert delegation.name in client.get("/delegation/").get_data(as_text=True)
