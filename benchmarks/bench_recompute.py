"""Benchmark: recomputing a stage's results through the service against the SQL floor.

World: one stage, one event, N entries (default 1,000) from 31 delegations, one panel of
5 judges, a 100-point rubric of 5 items of 5 sub-items (25 marked criteria worth 4 points
each), trimmed mean k=1; every sheet confirmed. Built before timing on a fresh SQLite file
and in a PostgreSQL database this script creates and drops
(postgresql+psycopg://postgres@127.0.0.1:5432/bench_recompute_<pid>, or --pg-url for the
server's maintenance database).

Timed, in the same database, interleaved, medians of --rounds (3):
- service: what publishing does before storing: load the marks, score, rank, advance and
  award (services/results/compute.compute_contest), build the snapshot and encode it;
- floor: a bare SQL aggregate of the same marks (each entry's sum of its confirmed
  sheets' marks), every row fetched.

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
from datetime import UTC, datetime, timedelta
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

JUDGES, ITEMS, SUB_ITEMS, SUB_MAX, DELEGATIONS = 5, 5, 5, 4, 31
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
FLOOR_SQL = ("SELECT s.entry_id, SUM(m.value) FROM marks m "
             "JOIN score_sheets s ON s.id = m.sheet_id "
             "WHERE s.status = 'confirmed' GROUP BY s.entry_id")


def build_world(app, entries: int) -> int:
    """The contest (not timed); returns its id."""
    from sqlalchemy import insert, select

    from contests.extensions import db
    from contests.models import Contestant, Entry, Mark, ScoreSheet
    from tests.builders import Builder

    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        contest = build.contest(code="RECOMPUTE", name="重算测试竞赛", is_listed=True)
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
        sheets = db.session.execute(select(ScoreSheet.id, ScoreSheet.entry_id)).all()
        db.session.execute(insert(Mark), [
            {"sheet_id": s.id, "criterion_id": c, "version": 1,
             "value": Decimal(min(2 * SUB_MAX, max(0, ability[s.entry_id] + rng.randint(-2, 2))))
             / 2} for s in sheets for c in leaves])
        db.session.commit()
        return contest.id


def service(app, contest_id: int) -> float:
    """Load, score and snapshot as publish does (without storing); seconds."""
    from contests.extensions import db
    from contests.models import Contest
    from contests.services.results import snapshot
    from contests.services.results.compute import compute_contest
    from contests.services.results.loading import OFFICIAL

    with app.app_context():
        contest = db.session.get(Contest, contest_id)
        started = time.perf_counter()
        document = snapshot.build(compute_contest(contest, OFFICIAL), number=1,
                                  status="publicity",
                                  publicity_ends_at=datetime.now(UTC) + timedelta(days=7),
                                  change_note=None)
        text = snapshot.dumps(document)
        elapsed = time.perf_counter() - started
        assert len(document["stages"][0]["groups"][0]["rows"]) > 0 and text
        db.session.remove()
    return elapsed


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

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
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
    with app.app_context():
        db.engine.dispose()
    s, f = statistics.median(services), statistics.median(floors)
    print(f"{name}: service median {s:.3f} s, floor median {f:.3f} s, ratio {s / f:.1f}")
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
