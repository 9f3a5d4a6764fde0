"""Personal sign-in links for tablets; progress for chief judges and organizers;
conflicts shown to organizers with possible substitutes."""
from datetime import UTC, datetime, timedelta

from contests.models import SignInLink
from contests.services.judging import links


def test_link_signs_a_tablet_in_after_a_confirming_tap(client, db, venue):
    token = links.create(venue["judge"], 24)
    page = client.get(f"/auth/link/{token}")
    assert page.status_code == 200
    assert client.get("/judging/").status_code == 302  # a GET alone signs nobody in
    assert client.post(f"/auth/link/{token}").headers["Location"] == "/judging/"
    assert client.get("/judging/").status_code == 200
    assert db.session.scalar(db.select(SignInLink.last_used_at)) is not None


def test_revoked_expired_and_unknown_links_refused(client, db, venue):
    revoked = links.create(venue["judge"], 24)
    links.revoke(links.resolve(revoked))
    expired = links.create(venue["judge"], 24)
    row = links.resolve(expired)
    row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    for token in (revoked, expired, "not-a-real-token"):
        assert client.get(f"/auth/link/{token}").status_code == 404
        assert client.post(f"/auth/link/{token}").status_code == 404
    assert client.get("/judging/").status_code == 302


def test_only_a_hash_of_the_token_is_stored(db, venue):
    token = links.create(venue["judge"], 12)
    assert token not in db.session.scalar(db.select(SignInLink.token_hash))


def test_organizer_makes_a_link_with_qr_code(client, login, build, venue):
    login(build.user("admin"))  # issue 11: a sign-in link is an account's, the admin's
    page = client.post(f"/admin/users/{venue['judge'].id}/links", data={"hours": "24"})
    text = page.get_data(as_text=True)
    assert "<svg" in text and "/auth/link/" in text
    refused = client.post(f"/admin/users/{venue['judge'].id}/links", data={"hours": "9999"})
    assert "<svg" not in refused.get_data(as_text=True)


def test_progress_counts_and_recusals(client, login, venue, change, build):
    change(venue["judge"], venue["manner"], "8")
    login(venue["chief"])
    page = client.get(f"/judging/panels/{venue['panel'].id}/progress?lang=en")
    text = page.get_data(as_text=True)
    # 3 judges x 3 entries, 2 recused for the conflicted judge = 7 sheets expected
    assert "0 submitted, 0 confirmed, 1 in draft, 6 not started, of 7 sheets." in text
    assert text.count("Recused") == 2
    login(build.user("organizer"))
    overview = client.get(f"/organizer/contests/{venue['contest'].id}/judging?lang=en")
    assert "of 7 sheets" in overview.get_data(as_text=True)


def test_organizer_sees_conflicts_and_substitutes(client, login, venue, build):
    login(build.user("organizer"))
    page = client.get(f"/organizer/contests/{venue['contest'].id}/panels/"
                      f"{venue['panel'].id}/conflicts").get_data(as_text=True)
    assert "乙裁判" in page and "K2" in page and "K3" in page
    assert "外组裁判" in page  # free of both conflicts: offered as a substitute


def test_consistency_flags_a_far_mark(client, login, venue, change):
    from contests.services.judging import access, signoff
    for judge, (a, b) in ((venue["judge"], ("8", "8")), (venue["chief"], ("8.5", "8"))):
        change(judge, venue["manner"], a)
        change(judge, venue["speed"], b)
        signoff.submit(access.seat(judge, venue["panel"].id), venue["entries"][0].id)
    far = venue["conflicted"]  # entry 0 is not conflicted for this judge
    change(far, venue["manner"], "2")
    change(far, venue["speed"], "1")
    signoff.submit(access.seat(far, venue["panel"].id), venue["entries"][0].id)
    login(venue["chief"])
    page = client.get(f"/judging/panels/{venue['panel'].id}/consistency?lang=en")
    text = page.get_data(as_text=True)
    assert "乙裁判" in text and 'class="flagged"' in text
