"""Benchmark: recomputing a stage's results through the service against the SQL floor.

World: one stage, one event, N entries (default 1,000) from 31 delegations, one panel of
5 judges, a 100-point rubric of 5 items of 5 sub-items (25 marked criteria worth 4 points
each), trimmed mean k=1; every sheet confirmed. Built before timing on a fresh SQLite file
and in a PostgreSQL database this script creates and drops
(postgresql+psycopg://postgres@127.0.0.1:5432/bench_recompute_<pid>, or --pg-url for the
server's maintenance database).

Timed, in the same database, interleaved, medians of --rounds (3):
- service: publishing as the organizer does (services/results/publication.publish): load
  the marks, score, rank, advance and award, build the snapshot, encode it and store the
  new version (committed); the version is deleted after each round (not timed), so every
  round publishes a first version;
- floor: a bare SQL aggregate of the same marks (each entry's sum of its confirmed
  sheets' marks), every row fetched.
On PostgreSQL the marks and sheets are analyzed after the build (as autovacuum does within
a minute of a bulk load), so both sides run with the planner's statistics.

Then, in the same database, a second contest of LIVE_ENTRIES (500) entries: a judge's
sheet is submitted, and the time from the chief judge's confirm (services/judging/signoff)
to the organizer's provisional standings page (GET, rendered, 200) is measured, median of
--rounds: "live provisional after confirm, 500 entries: X ms".

Run:  .venv/bin/python benchmarks/bench_recompute.py [--entries 1000] [--backend both]
Ends with:  recompute: sqlite service/floor=X.X postgresql service/floor=Y.Y
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

JUDGES, ITEMS, SUB_ITEMS, SUB_MAX, DELEGATIONS = 5, 5, 5, 4, 31
LIVE_ENTRIES = 500
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
FLOOR_SQL = ("SELECT s.entry_id, SUM(m.value) FROM marks m "
             "JOIN score_sheets s ON s.id = m.sheet_id "
             "WHERE s.status = 'confirmed' GROUP BY s.entry_id")


def build_world(app, entries: int, code: str = "RECOMPUTE") -> int:
    """The contest (not timed); returns its id."""
    from sqlalchemy import insert, select, text

    from contests.extensions import db
    from contests.models import Contestant, Entry, Mark, ScoreSheet
    from tests.builders import Builder

    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        contest = build.contest(code=code, name="重算测试竞赛", is_listed=True)
        stage = build.stage(contest, name="决赛")
        event = build.event(contest, name="综合")
        component = build.component(stage, name="实操")
        group = build.rater_group(component, name="裁判组", aggregation="trimmed_mean",
                                  trim_k=1)
        leaves = []
        for i in range(ITEMS):
            item = build.criterion(component, code=f"A{i + 1}", name=f"评分项{i + 1}",
                                   max_points=Decimal(SUB_ITEMS * SUB_MAX), position=10 * i)
            leaves += [build.criterion(component, code=f"A{i + 1}.{j + 1}", name=f"细项{j + 1}",
                                       parent_id=item.id, max_points=Decimal(SUB_MAX),
                                       step=Decimal("0.5"), position=10 * i + j + 1).id
                       for j in range(SUB_ITEMS)]
        judges = [build.user("judge") for _ in range(JUDGES)]
        panel = build.panel(stage, event, component, group)
        for judge in judges:
            build.panel_judge(panel, judge)
        delegations = [build.delegation(contest, name=f"代表队{i:02d}").id
                       for i in range(DELEGATIONS)]
        db.session.execute(insert(Contestant), [
            {"contest_id": contest.id, "bib": f"N{i:05d}", "name": f"选手{i:05d}",
             "delegation_id": delegations[i % DELEGATIONS]} for i in range(entries)])
        people = db.session.scalars(select(Contestant.id).where(
            Contestant.contest_id == contest.id).order_by(Contestant.id)).all()
        db.session.execute(insert(Entry), [
            {"contestant_id": p, "event_id": event.id, "stage_id": stage.id} for p in people])
        entry_ids = db.session.scalars(select(Entry.id).where(Entry.stage_id == stage.id)).all()
        db.session.execute(insert(ScoreSheet), [
            {"panel_id": panel.id, "entry_id": e, "judge_id": j.id, "status": "confirmed",
             "version": 1} for e in entry_ids for j in judges])
        rng = random.Random(2026)
        ability = {e: rng.randint(2, 2 * SUB_MAX) for e in entry_ids}
        sheets = db.session.execute(select(ScoreSheet.id, ScoreSheet.entry_id).where(
            ScoreSheet.entry_id.in_(entry_ids))).all()
        db.session.execute(insert(Mark), [
            {"sheet_id": s.id, "criterion_id": c, "version": 1,
             "value": Decimal(min(2 * SUB_MAX, max(0, ability[s.entry_id] + rng.randint(-2, 2))))
             / 2} for s in sheets for c in leaves])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # The planner's statistics, as autovacuum refreshes them within a minute of a
            # bulk load: without them the sums right after the load are planned as
            # nested loops over 10,000 sheets (2-3x slower), which no deployment keeps.
            db.session.execute(text("ANALYZE marks, score_sheets"))
            db.session.commit()
        return contest.id


def service(app, contest_id: int) -> float:
    """Publish as the organizer does (load, score, snapshot, store); seconds. The stored
    version is deleted afterwards (not timed)."""
    from contests.extensions import db
    from contests.models import Contest
    from contests.services.results import publication

    with app.app_context():
        contest = db.session.get(Contest, contest_id)
        started = time.perf_counter()
        version = publication.publish(contest, publicity_ends_on=datetime.now()
                                      + timedelta(days=7), change_note=None, user=None)
        elapsed = time.perf_counter() - started
        assert '"rows": [{' in version.snapshot
        db.session.delete(version)
        db.session.commit()
        db.session.remove()
    return elapsed


def live_provisional(app, rounds: int) -> float:
    """A LIVE_ENTRIES contest: the chief judge confirms a submitted sheet, the organizer
    opens the provisional standings; milliseconds from the confirm to the page (median)."""
    from sqlalchemy import select

    from contests.extensions import db
    from contests.models import Entry, Panel, ScoreSheet, User
    from contests.services import sessions
    from contests.services.judging import access, signoff
    from tests.builders import Builder

    contest_id = build_world(app, LIVE_ENTRIES, code="LIVE")
    with app.app_context():
        build = Builder(db.session)
        chief, organizer = build.user("judge"), build.user("organizer")
        panel = db.session.scalar(select(Panel).join(Panel.stage).where(
            Panel.stage.has(contest_id=contest_id)))
        build.panel_judge(panel, chief, is_chief=True, marks=False)
        sheet_id = db.session.scalar(select(ScoreSheet.id).join(Entry).where(
            ScoreSheet.panel_id == panel.id).order_by(ScoreSheet.id.desc()).limit(1))
        key = sessions.start(organizer, lifetime=timedelta(hours=1)).key
        chief_id, panel_id = chief.id, panel.id
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = key, True
    url = f"/organizer/contests/{contest_id}/results"
    client.get(url)  # warm the templates
    times = []
    for _ in range(rounds):
        with app.app_context():
            db.session.get(ScoreSheet, sheet_id).status = "submitted"  # the judge submitted
            db.session.commit()
            started = time.perf_counter()
            signoff.confirm(access.chief_seat(db.session.get(User, chief_id), panel_id),
                            sheet_id)
            db.session.remove()
        page = client.get(url)
        times.append(time.perf_counter() - started)
        assert page.status_code == 200 and b"N00499" in page.data
    return 1000 * statistics.median(times)


def floor(app) -> float:
    """The bare SQL aggregate of the same marks, every row fetched; seconds."""
    from sqlalchemy import text

    from contests.extensions import db

    with app.app_context():
        started = time.perf_counter()
        rows = db.session.execute(text(FLOOR_SQL)).all()
        elapsed = time.perf_counter() - started
        assert rows
        db.session.remove()
    return elapsed


def measure(name: str, url: str, entries: int, rounds: int) -> float:
    from contests import create_app
    from contests.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PUBLISHED_FILES": False})
    started = time.perf_counter()
    contest_id = build_world(app, entries)
    print(f"{name}: built {entries} entries x {JUDGES} judges x {ITEMS * SUB_ITEMS} criteria "
          f"in {time.perf_counter() - started:.1f} s (not timed)", flush=True)
    floor(app)  # warm the database's cache as the service's first round will
    services, floors = [], []
    for n in range(rounds):
        services.append(service(app, contest_id))
        floors.append(floor(app))
        print(f"{name} round {n + 1}: service {services[-1]:.3f} s, floor {floors[-1]:.3f} s",
              flush=True)
    s, f = statistics.median(services), statistics.median(floors)
    print(f"{name}: service median {s:.3f} s, floor median {f:.3f} s, ratio {s / f:.1f}",
          flush=True)
    live = live_provisional(app, rounds)
    print(f"{name}: live provisional after confirm, {LIVE_ENTRIES} entries: {live:.0f} ms",
          flush=True)
    with app.app_context():
        db.engine.dispose()
    return s / f


def on_sqlite(entries: int, rounds: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench_recompute_") as folder:
        return measure("sqlite", f"sqlite:///{folder}/bench.db", entries, rounds)


def on_postgresql(entries: int, rounds: int, server: str) -> float:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_recompute_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        return measure("postgresql", url, entries, rounds)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; medians reported")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_SERVER,
                        help="PostgreSQL server (its maintenance database); the bench "
                             "database is created beside it and dropped")
    args = parser.parse_args()
    sqlite = on_sqlite(args.entries, args.rounds) if args.backend != "postgresql" else None
    postgresql = (on_postgresql(args.entries, args.rounds, args.pg_url)
                  if args.backend != "sqlite" else None)

    def shown(ratio):
        return "-" if ratio is None else f"{ratio:.1f}"

    print(f"recompute: sqlite service/floor={shown(sqlite)} "
          f"postgresql service/floor={shown(postgresql)}")


if __name__ == "__main__":
    main()
