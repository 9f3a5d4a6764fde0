"""The publicity period ends at a date and time on the app's clock (Asia/Shanghai by the
default configuration): objections are accepted before it, finalizing is refused before it
and allowed from that moment. The organizer sets both on the publication page."""
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from contests.models import ResultVersion
from contests.refusals import Refused
from contests.services.results import publication
from tests.results.scored import scored_contest


@pytest.fixture
def world(build, db, login):
    world = scored_contest(build, db.session)
    world["organizer"] = build.user("organizer")
    login(world["organizer"])
    return world


def _publish(client, world, day, at=""):
    return client.post(f"/organizer/contests/{world['contest'].id}/publication/publish"
                       "?lang=en", data={"publicity_ends_on": day, "publicity_ends_time": at})


def test_organizer_sets_the_day_and_time_on_the_apps_clock(client, world, db):
    day = date.today() + timedelta(days=3)
    response = _publish(client, world, day.isoformat(), "18:30")
    assert response.status_code == 302
    version = db.session.scalar(select(ResultVersion))
    # Stored in UTC like every moment; 18:30 in Shanghai is 10:30 UTC.
    assert version.publicity_ends_at == datetime.combine(day, time(10, 30))
    assert version.publicity_ends_local == datetime.combine(day, time(18, 30))
    page = client.get(f"/organizer/contests/{world['contest'].id}/publication?lang=en")
    assert f"objections until {day.isoformat()} 18:30" in page.get_data(as_text=True)
    public = client.get("/contests/DEMO?lang=en").get_data(as_text=True)
    assert f"{day.isoformat()} 18:30" in public


def test_a_day_without_a_time_runs_to_the_end_of_that_day(client, world, db):
    day = date.today() + timedelta(days=3)
    assert _publish(client, world, day.isoformat()).status_code == 302
    version = db.session.scalar(select(ResultVersion))
    assert version.publicity_ends_local == datetime.combine(day + timedelta(days=1), time())


@pytest.mark.parametrize("day, at", [("", ""), ("2026-13-01", ""), ("tomorrow", ""),
                                     (None, "25:00"), (None, "noon"), ("2020-01-01", "10:00")])
def test_a_bad_or_past_end_is_refused_and_nothing_published(client, world, db, day, at):
    day = (date.today() + timedelta(days=2)).isoformat() if day is None else day
    response = _publish(client, world, day, at)
    assert response.status_code in (302, 400)
    assert db.session.scalar(select(ResultVersion)) is None


def test_finalizing_refused_before_the_end_and_allowed_from_it(world, app):
    ends = publication.to_local(publication.utc_now()) + timedelta(hours=2)
    version = publication.publish(world["contest"], publicity_ends_on=ends, change_note=None,
                                  user=world["organizer"])
    end = version.publicity_ends_at
    with app.test_request_context("/?lang=en"):
        with pytest.raises(Refused, match="objections may still come"):
            publication.finalize(version, world["organizer"], now=end - timedelta(seconds=1))
        assert version.status == "publicity"
        publication.finalize(version, world["organizer"], now=end)
    assert version.status == "final"


def test_objections_accepted_until_the_end_and_refused_from_it(world, app):
    ends = publication.to_local(publication.utc_now()) + timedelta(hours=2)
    version = publication.publish(world["contest"], publicity_ends_on=ends, change_note=None,
                                  user=world["organizer"])
    end = version.publicity_ends_at
    with app.test_request_context("/?lang=en"):
        publication.file_objection(version, entry_text="A1", entry_id=None, name="王",
                                   contact="x@example.com", grounds="分数有误，请复核。",
                                   now=end - timedelta(seconds=1))
        with pytest.raises(Refused, match="only during the publicity period"):
            publication.file_objection(version, entry_text="A2", entry_id=None, name="李",
                                       contact="y@example.com", grounds="迟到的异议内容",
                                       now=end)
    assert len(version.objections) == 1


def test_the_demo_publicity_period_is_moved_forward_once_it_has_passed(world, db):
    version = publication.publish(world["contest"], publicity_ends_on=date.today(),
                                  change_note=None, user=world["organizer"])
    assert publication.keep_open(version, world["organizer"], date.today() + timedelta(7)) \
        is None  # still running: left alone
    version.publicity_ends_at = publication.utc_now() - timedelta(hours=1)
    db.session.commit()
    shown = publication.keep_open(version, world["organizer"], date.today() + timedelta(7))
    assert shown and publication.publicity_running(version)
    assert version.publicity_ends_at == publication.end_moment(date.today() + timedelta(7))
    assert '"publicity_ends_at": "' + version.publicity_ends_at.isoformat() in version.snapshot


def test_migration_turns_a_last_day_into_the_end_of_that_day(tmp_path):
    """0008: a stored day D becomes D+1 00:00 in Shanghai (16:00 UTC on D); downgrading gives
    D back."""
    import flask_migrate
    from sqlalchemy import text

    from contests import create_app
    from contests.extensions import db as database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade(revision="0007_marks_entry")
        with database.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.execute(text(
                "INSERT INTO result_versions (id, contest_id, number, status, "
                "publicity_ends_on, published_at, show_explanations, snapshot) VALUES "
                "(1, 1, 1, 'publicity', '2026-12-07', '2026-11-30 10:00:00', 1, '{}')"))
        flask_migrate.upgrade(revision="0008_results_rules")
        with database.engine.connect() as connection:
            ends = connection.execute(text("SELECT publicity_ends_at FROM result_versions"))
            assert str(ends.scalar()).startswith("2026-12-07 16:00:00")
        flask_migrate.downgrade(revision="0007_marks_entry")
        with database.engine.connect() as connection:
            day = connection.execute(text("SELECT publicity_ends_on FROM result_versions"))
            assert str(day.scalar()) == "2026-12-07"
        database.engine.dispose()
