"""Benchmark: 200 judges' tablets saving marks at once against gunicorn, on SQLite (WAL) and
on PostgreSQL; then a check that every mark is stored exactly once.

World: one stage with 40 heats of 6 entries; 40 panels (one per heat) of 5 judges = 200
judges, each on their own tablet. The rubric has a parent item with three sub-items, two
plain items, a bonus item and a veto: six items are marked. Each tablet sends its changes
one at a time, as static/js/sheet.js does (POST /judging/api/changes with the CSRF header,
an idempotency key and base_version): first marks across its entries and corrections of
earlier marks. Some answers are "lost": the tablet sends the same change again (same key)
after the answer, and now and then while the first request is still running (on a second
connection). A server error (5xx) keeps the change and sends it again a second later,
as sheet.js does. Tablets sign in through the login form first (CSRF on), not timed.

Pacing: a tablet pauses --think-ms (mean, +-50%) between its changes; the default 3 s makes
200 tablets offer about 65 saves a second, a busy venue (a judge types a mark every few
seconds). --think-ms 0 sends back to back and measures the most the server can take.
Latency is measured at the tablet (per request, on a kept-alive connection) and, from
gunicorn's access log (%D), inside the server; the difference is time spent queued.

Afterwards the database must hold, for every (sheet, criterion), exactly one mark with the
tablet's last value and a version equal to the number of changes made to it; one
AppliedChange per distinct key; one "mark" audit row per distinct key; and every request
must have been answered 200 (replays with the first answer). The last line, to compare
runs from release to release (p99 in the server, every change request; exactly_once=no
when a mark was stored twice or lost):
    judging: sqlite p99_ms=X postgresql p99_ms=Y exactly_once=yes

Run:  .venv/bin/python benchmarks/bench_judging.py --backend sqlite|postgresql|both
      [--tablets 200] [--changes 30] [--think-ms 3000] [--workers N] [--threads N]
Defaults: one gunicorn worker per CPU, 2 threads each, as deploy/gunicorn.conf.py (fewer
requests in flight per worker wait less for its GIL, and on SQLite for its one write lock).
Only 127.0.0.1 is used. PostgreSQL: postgresql://postgres@127.0.0.1:5432/test in the schema
bench_judging (dropped and created again), or --pg-url (postgresql:// or
postgresql+psycopg://).

The world and the server are in benchmarks/judging_world.py, the tablets in
benchmarks/judging_load.py; this file runs them and checks what the database holds.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from judging_load import client_process
from judging_world import (
    PG_BASE,
    ROOT,
    build_world,
    database_url,
    ensure_installed,
    free_port,
    fresh_database,
    hold_schema,
    start_gunicorn,
    stop_gunicorn,
    workers_cpu_seconds,
)


# --------------------------------------------------------------------------- the run
def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]  # nearest rank


def describe(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    if not ms:
        return f"{label:<26} (none)"
    return (f"{label:<26} n={len(ms):>5}  p50={percentile(ms, 50):6.1f}  "
            f"p95={percentile(ms, 95):6.1f}  p99={percentile(ms, 99):6.1f}  "
            f"max={max(ms):7.1f}  mean={statistics.fmean(ms):6.1f} ms")


def verify(url: str, results: list[dict], entry_ids: dict[str, int]) -> list[str]:
    """Every (sheet, criterion) has exactly one mark with the tablet's last value and as
    many versions as changes; one AppliedChange and one audit row per distinct key."""
    from sqlalchemy import func, select

    from contests import create_app
    from contests.extensions import db
    from contests.models import AppliedChange, AuditEntry, Mark, ScoreSheet, User

    expected: dict[tuple[str, int, int], tuple[Decimal, int]] = {}
    keys: set[str] = set()
    for result in results:
        for change in result["changes"]:
            slot = (result["username"], entry_ids[change["entry"]],
                    int(change["criterion"]))
            keys.add(change["key"])
            expected[slot] = (Decimal(change["value"]), change["base_version"] + 1)
    problems = []
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        rows = db.session.execute(
            select(User.username, ScoreSheet.entry_id, Mark.criterion_id, Mark.value,
                   Mark.version)
            .join(ScoreSheet, ScoreSheet.id == Mark.sheet_id)
            .join(User, User.id == ScoreSheet.judge_id)).all()
        stored: dict[tuple[str, int, int], list[tuple[Decimal, int]]] = {}
        for username, entry, criterion, value, version in rows:
            stored.setdefault((username, entry, criterion), []).append((value, version))
        duplicates = {k: v for k, v in stored.items() if len(v) != 1}
        if duplicates:
            problems.append(f"{len(duplicates)} (sheet, criterion) with more than one mark")
        got = {k: v[0] for k, v in stored.items()}
        wrong = {k: (got.get(k), want) for k, want in expected.items() if got.get(k) != want}
        extra = set(got) - set(expected)
        if wrong:
            problems.append(f"{len(wrong)} marks differ from the tablets' last values, e.g. "
                            f"{list(wrong.items())[:3]}")
        if extra:
            problems.append(f"{len(extra)} marks nobody sent")
        applied = set(db.session.scalars(select(AppliedChange.key)).all())
        if applied != keys:
            problems.append(f"AppliedChange: {len(applied)} rows for {len(keys)} distinct keys "
                            f"({len(keys - applied)} missing, {len(applied - keys)} unknown)")
        audits = db.session.scalar(select(func.count(AuditEntry.id))
                                   .where(AuditEntry.action == "mark"))
        if audits != len(keys):
            problems.append(f"{audits} 'mark' audit rows for {len(keys)} distinct keys")
        sheet_versions = db.session.execute(
            select(ScoreSheet.version, func.count(Mark.id)).join(Mark)
            .group_by(ScoreSheet.id, ScoreSheet.version)).all()
        print(f"  verified: {len(got)} marks on {len(sheet_versions)} sheets, "
              f"{len(applied)} applied changes, {audits} audit rows, "
              f"{len(keys)} distinct keys")
        db.engine.dispose()
    return problems


def server_side(access_log: Path) -> list[float]:
    seconds = []
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "POST" and parts[1] == "/judging/api/changes":
            seconds.append(int(parts[3]) / 1e6)
    return seconds


@dataclass
class Outcome:
    ok: bool              # every answer as expected and the database right
    p99_ms: float         # server side (gunicorn %D), every change request
    exactly_once: bool    # no mark stored twice, none lost, one AppliedChange per key


def bench(backend: str, args) -> Outcome:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-judging-{backend}-"))
    url = database_url(backend, workdir, args.pg_url)
    env = dict(os.environ, CONTESTS_DATABASE_URL=url,
               CONTESTS_SECRET_KEY=uuid.uuid4().hex, PYTHONPATH=str(ROOT),
               # every tablet signs in from 127.0.0.1 at once: not what is measured here
               CONTESTS_LOGIN_LIMIT_PER_ADDRESS="100000 per minute")
    env.pop("FLASK_APP", None)
    print(f"\n=== {backend}: {args.tablets} tablets x {args.changes} changes, think "
          f"{args.think_ms} ms (mean), resend {args.resend:.0%}, concurrent resend "
          f"{args.race:.0%}; gunicorn -w {args.workers} -k gthread --threads {args.threads}")
    print(f"  machine: {os.cpu_count()} CPUs, load average before the run "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    guard = hold_schema(args.pg_url) if backend == "postgresql" else None
    try:
        return _bench(backend, args, workdir, url, env)
    finally:
        if guard is not None:
            guard.close()


def _bench(backend: str, args, workdir: Path, url: str, env: dict) -> Outcome:
    fresh_database(backend, url, env, args.pg_url)
    tablets = build_world(url, args.tablets, env["CONTESTS_SECRET_KEY"])
    entry_ids = {code: i for tablet in tablets for code, i in tablet.entry_ids.items()}
    port = free_port()
    server = start_gunicorn(env, port, args.workers, args.threads, workdir)
    try:
        context = multiprocessing.get_context("fork")
        procs = max(1, min(args.client_procs, len(tablets)))
        barrier = context.Barrier(procs + 1)
        start_at = context.Value("d", 0.0)
        results_queue = context.Queue()
        children = [context.Process(target=client_process,
                                    args=(tablets[i::procs], port, args, i + 1, barrier,
                                          start_at, results_queue))
                    for i in range(procs)]
        for child in children:
            child.start()
        signing_in = time.monotonic()
        cpu_before = 0.0
        barrier.wait(timeout=300)
        start_at.value = time.time() + 0.5
        barrier.wait(timeout=30)
        cpu_before = workers_cpu_seconds(server)
        print(f"  {len(tablets)} tablets signed in ({time.monotonic() - signing_in:.1f} s);"
              f" marking…")
        began = time.monotonic()
        results = []
        for _ in children:
            results.extend(results_queue.get(timeout=args.timeout))
        wall = time.monotonic() - began - 0.5
        cpu = workers_cpu_seconds(server) - cpu_before
        for child in children:
            child.join()
    finally:
        errors = stop_gunicorn(server)
    firsts = [s for r in results for s in r["latencies"]]
    replays = [s for r in results for s in r["replay_latencies"]]
    statuses: dict[int, int] = {}
    for r in results:
        for status, n in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    requests = sum(statuses.values())
    print(describe("save (first send)", firsts))
    print(describe("resend of a saved change", replays))
    print(describe("all change requests", firsts + replays))
    in_server = server_side(workdir / "access.log")
    print(describe("server side (gunicorn %D)", in_server))
    print(f"  {requests} requests in {wall:.1f} s = {requests / wall:.0f} req/s; statuses "
          f"{dict(sorted(statuses.items()))}; reconnects "
          f"{sum(r['reconnects'] for r in results)}")
    print(f"  gunicorn workers used {cpu:.1f} CPU s = {1000 * cpu / max(requests, 1):.1f} ms "
          f"per request; load average after the run "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    problems = [p for r in results for p in r["problems"]]
    stored_problems = verify(url, results, entry_ids)
    problems += stored_problems
    if "Traceback" in errors:
        failures = re.findall(r"^(\w[\w.]*(?:Error|Exception)\b.*)$", errors, re.MULTILINE)
        counted: dict[str, int] = {}
        for line in failures:
            if line.startswith(("sqlite3.", "psycopg.")):
                continue  # the driver's own line of an error SQLAlchemy also reports
            counted[line[:200]] = counted.get(line[:200], 0) + 1
        problems.append(f"gunicorn logged {errors.count('Exception on ')} failed requests: "
                        + "; ".join(f"{n} x {line}" for line, n in counted.items()))
    stored_ok = not stored_problems
    kinds: dict[str, list[str]] = {}
    for problem in problems:
        kinds.setdefault(problem.split(":")[0], []).append(problem)
    for found in kinds.values():
        print(f"  PROBLEM x{len(found)}: {found[0][:600]}")
    p99 = percentile([s * 1000 for s in firsts], 99)
    print(f"  database: {'every mark stored exactly once' if stored_ok else 'WRONG'}; "
          f"answers: {'all 200' if not problems else 'see PROBLEM lines'}; p99 save "
          f"{p99:.1f} ms ({'under' if p99 < 50 else 'OVER'} the 50 ms aim)")
    if backend == "sqlite" and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return Outcome(not problems, percentile([s * 1000 for s in in_server], 99), stored_ok)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument("--changes", type=int, default=30, help="changes per tablet")
    parser.add_argument("--think-ms", type=float, default=3000,
                        help="mean pause between a tablet's changes, +-50%% (0: back to "
                             "back)")
    parser.add_argument("--resend", type=float, default=0.1,
                        help="share of changes sent again after their answer")
    parser.add_argument("--race", type=float, default=0.02,
                        help="share of changes sent twice at once")
    parser.add_argument("--retry-ms", type=float, default=1000,
                        help="pause before sending a change again after a server error")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: one per CPU)")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per worker (default: 2, as deploy/gunicorn.conf.py)")
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=600, help="give up after (s)")
    parser.add_argument("--pg-url", help=f"PostgreSQL server (default {PG_BASE})")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args()
    if args.pg_url:  # psycopg itself reads the URL too: without SQLAlchemy's driver name
        args.pg_url = args.pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    ensure_installed()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    outcomes: dict[str, Outcome] = {}
    for backend in backends:
        chosen = argparse.Namespace(**vars(args))
        chosen.workers = args.workers or os.cpu_count() or 2
        chosen.threads = args.threads or 2
        outcomes[backend] = bench(backend, chosen)
    p99 = {b: f"{outcomes[b].p99_ms:.1f}" if b in outcomes else "-"
           for b in ("sqlite", "postgresql")}
    once = all(o.exactly_once for o in outcomes.values())
    print(f"\njudging: sqlite p99_ms={p99['sqlite']} postgresql p99_ms={p99['postgresql']} "
          f"exactly_once={'yes' if once else 'no'}")
    return 0 if all(o.ok for o in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
