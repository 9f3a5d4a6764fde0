"""Publishing a contest above PUBLISH_INLINE_MAX_ENTRIES entries: the page checks what was
typed, queues the work and shows its page; a worker run publishes; the publication page
and the public pages then show the new version."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from contests.models import ContestMember, Entry, Job, ResultVersion
from tests import queued_work
from tests.queued_work import run_worker
from tests.results.scored import scored_contest

DAY = (date.today() + timedelta(days=3)).isoformat()

worker_queue = queued_work.worker_queue  # fixtures shared with other modules


@pytest.fixture
def world(build, db, login, app):
    world = scored_contest(build, db.session)
    world["organizer"] = build.user("organizer")
    login(world["organizer"])
    return world


def _publish(client, world, note=""):
    return client.post(f"/organizer/contests/{world['contest'].id}/publication/publish"
                       "?lang=en", data={"publicity_ends_on": DAY,
                                         "publicity_ends_time": "18:00", "change_note": note})


def test_a_big_contest_is_published_by_the_worker(client, world, db, app, runner,
                                                 worker_queue):
    app.config["PUBLISH_INLINE_MAX_ENTRIES"] = 1
    entries = db.session.scalar(select(func.count(Entry.id)))
    assert entries == 6  # the semi-final's: finalists come with advancement
    started = _publish(client, world)
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    url = started.headers["Location"]
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Publishing results" in page and "waiting" in page
    assert db.session.scalar(select(func.count(ResultVersion.id))) == 0
    assert client.get("/contests/DEMO/awards").status_code == 404  # nothing public yet

    assert "1 jobs run" in run_worker(runner, app)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert f"Version 1 is public; objections are open until {DAY} 18:00." in page
    version = db.session.scalars(select(ResultVersion)).one()
    assert (version.number, version.status) == (1, "publicity")
    assert version.published_by == world["organizer"].id
    listed = client.get(f"/organizer/contests/{world['contest'].id}/publication?lang=en")
    assert f"objections until {DAY} 18:00" in listed.get_data(as_text=True)
    assert f'href="{url}"><strong>Publishing results</strong>' in listed.get_data(as_text=True)
    public = client.get(f"/contests/DEMO/stages/{world['first'].id}?lang=en")
    assert public.status_code == 200 and "选手A1" in public.get_data(as_text=True)


def test_what_publish_refuses_is_refused_before_queueing(client, world, db, app, runner,
                                                        worker_queue):
    app.config["PUBLISH_INLINE_MAX_ENTRIES"] = 1
    assert "/jobs/" in _publish(client, world).headers["Location"]
    run_worker(runner, app)  # version 1
    refused = client.post(f"/organizer/contests/{world['contest'].id}/publication/publish"
                          "?lang=en", data={"publicity_ends_on": DAY, "change_note": ""},
                          follow_redirects=True)
    assert "Say what changed since version 1 and why." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Job.id))) == 1  # no second job


def test_another_contests_organizer_cannot_see_the_job(client, world, db, app, build, login,
                                                      worker_queue):
    app.config["PUBLISH_INLINE_MAX_ENTRIES"] = 1
    url = _publish(client, world).headers["Location"]
    other = build.contest(code="ELSE")
    stranger = build.user("organizer", runs_contests=False, username="elsewhere")
    db.session.add(ContestMember(contest_id=other.id, user_id=stranger.id))
    db.session.commit()
    login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(url + "/progress").status_code == 404
    job_id = url.rsplit("/", 1)[-1]
    assert client.get(f"/organizer/contests/{other.id}/jobs/{job_id}").status_code == 404
