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
Defaults: one gunicorn worker per CPU, 2 threads each on SQLite (fewer concurrent writers
wait less on its one write lock), 4 on PostgreSQL. Only 127.0.0.1 is used. PostgreSQL: postgresql+psycopg://postgres@127.0.0.1:5432/test in
the schema bench_judging (dropped and created again), or --pg-url.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PASSWORD = "bench-tablet-2026"
PG_BASE = "postgresql://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "bench_judging"
HEATS, PANEL_SIZE, ENTRIES_PER_HEAT = 40, 5, 6
PAUSED = threading.Event()  # never set: a clean way to sleep that can be interrupted


# --------------------------------------------------------------------------- database
def database_url(backend: str, workdir: Path, pg_url: str | None) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.db'}"
    base = pg_url or PG_BASE
    return (base.replace("postgresql://", "postgresql+psycopg://", 1)
            + f"?options=-csearch_path%3D{PG_SCHEMA}")


def hold_schema(pg_url: str | None):
    """A session-level advisory lock held for the whole run, so that a second run started
    meanwhile does not drop the schema under this one."""
    import psycopg

    connection = psycopg.connect(pg_url or PG_BASE, autocommit=True)
    if not connection.execute("SELECT pg_try_advisory_lock(hashtext(%s))",
                              (PG_SCHEMA,)).fetchone()[0]:
        connection.close()
        raise SystemExit(f"another benchmark run is using the schema {PG_SCHEMA}; wait for it")
    return connection


def fresh_database(backend: str, url: str, env: dict, pg_url: str | None) -> None:
    """An empty database with the schema from the migrations (flask db upgrade)."""
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(pg_url or PG_BASE, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
            connection.execute(f"CREATE SCHEMA {PG_SCHEMA}")
    subprocess.run([str(VENV_BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT,
                   env=env, check=True, capture_output=True)


@dataclass
class Tablet:
    username: str
    judge_id: int
    panel_id: int
    entries: list[str]  # the entries' codes on the panel, as a tablet names them
    entry_ids: dict[str, int]  # code -> entry id, to check what the database holds
    leaves: list[tuple[int, Decimal, Decimal]]  # criterion, max, step


def build_world(url: str, tablets: int, secret: str) -> list[Tablet]:
    """Contest, stage, 40 heats of 6 entries, 40 panels of 5 judges (200 tablets). The
    server's `secret` key gives the entries' codes on their panels."""
    from werkzeug.security import generate_password_hash

    from contests import create_app
    from contests.extensions import db
    from contests.models import (
        Component,
        Contest,
        Contestant,
        Criterion,
        Entry,
        Event,
        Heat,
        Panel,
        PanelJudge,
        RaterGroup,
        Stage,
        User,
    )
    from contests.services.judging.access import entry_code

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret})
    heats = -(-tablets // PANEL_SIZE)
    with app.app_context():
        session = db.session
        contest = Contest(code="BENCH", name="性能测试竞赛", year=2026, decimal_places=2)
        session.add(contest)
        session.flush()
        stage = Stage(contest_id=contest.id, position=1, name="决赛",
                      judging_opened_at=datetime.now(UTC))  # judges may mark
        event = Event(contest_id=contest.id, name="客房服务")
        session.add_all([stage, event])
        session.flush()
        component = Component(stage_id=stage.id, name="实操", weight=Decimal(100),
                              bonus_cap=Decimal(5))
        session.add(component)
        session.flush()
        group = RaterGroup(component_id=component.id, name="裁判组", weight=Decimal(100))
        skill = Criterion(component_id=component.id, name="技能", max_points=Decimal(30),
                          position=1)
        session.add_all([group, skill])
        session.flush()
        leaves = [Criterion(component_id=component.id, parent_id=skill.id, name=f"技能{i}",
                            max_points=Decimal(10), step=Decimal("0.5"), position=i)
                  for i in (1, 2, 3)]
        leaves += [Criterion(component_id=component.id, name="规范", max_points=Decimal(10),
                             step=Decimal("0.5"), position=2),
                   Criterion(component_id=component.id, name="礼仪", max_points=Decimal(10),
                             step=Decimal("0.5"), position=3),
                   Criterion(component_id=component.id, name="创新加分", kind="bonus",
                             max_points=Decimal(5), step=Decimal(1), position=4)]
        veto = Criterion(component_id=component.id, name="重大失误", kind="veto",
                         max_points=Decimal(1), step=Decimal(1), position=5)
        session.add_all(leaves + [veto])
        session.flush()
        # One cheap hash for everyone: sign-in is not what is measured here.
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        out: list[Tablet] = []
        draw = 0
        for h in range(heats):
            heat = Heat(stage_id=stage.id, name=f"赛场{h + 1:02d}")
            session.add(heat)
            session.flush()
            entries = []
            for _ in range(ENTRIES_PER_HEAT):
                draw += 1
                person = Contestant(contest_id=contest.id, bib=f"B{draw:04d}",
                                    name=f"选手{draw}", draw_number=draw, unit=f"酒店{draw}")
                session.add(person)
                session.flush()
                entry = Entry(contestant_id=person.id, event_id=event.id, stage_id=stage.id,
                              heat_id=heat.id)
                session.add(entry)
                entries.append(entry)
            panel = Panel(stage_id=stage.id, event_id=event.id, heat_id=heat.id,
                          component_id=component.id, rater_group_id=group.id,
                          name=f"评审组{h + 1:02d}")
            session.add(panel)
            session.flush()
            for _j in range(PANEL_SIZE):
                if len(out) == tablets:
                    break
                user = User(username=f"bench{len(out) + 1:03d}", role="judge",
                            display_name=f"裁判{len(out) + 1}", password_hash=password_hash)
                session.add(user)
                session.flush()
                session.add(PanelJudge(panel_id=panel.id, user_id=user.id))
                codes = {entry_code(panel.id, e.id): e.id for e in entries}
                out.append(Tablet(user.username, user.id, panel.id, list(codes), codes,
                                  [(c.id, c.max_points, c.step) for c in leaves]))
        session.commit()
        db.engine.dispose()
    return out


# --------------------------------------------------------------------------- the server
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, threads: int,
                   logs: Path) -> subprocess.Popen:
    command = [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-k", "gthread",
               "--threads", str(threads), "-b", f"{HOST}:{port}", "--keep-alive", "60",
               "--access-logfile", str(logs / "access.log"),
               "--error-logfile", str(logs / "error.log"),
               "--access-logformat", "%(m)s %(U)s %(s)s %(D)s", "app:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.STDOUT, start_new_session=True)
    server.logs = logs
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped:\n" + (logs / "error.log").read_text()[-3000:])
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/auth/login")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            PAUSED.wait(0.2)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 30 s")


def workers_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) the gunicorn workers have used so far (Linux /proc)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def stop_gunicorn(server: subprocess.Popen) -> str:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return (server.logs / "error.log").read_text(errors="replace")


# --------------------------------------------------------------------------- a tablet
class Browser:
    """One tablet's keep-alive HTTP connection with its session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = None
        self.reconnects = 0

    def _connect(self):
        self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        self.connection.connect()
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes, float]:
        """Send once; if a kept-alive connection was closed under us before any answer,
        connect again and send again (a tablet's resend: harmless, the key is the same)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for _attempt in range(3):
            if self.connection is None:
                self._connect()
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                self.reconnects += 1
                continue
            elapsed = time.perf_counter() - started
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders()), data, elapsed
        raise ConnectionError(f"{method} {path}: no answer after 3 connections")

    def close(self):
        if self.connection is not None:
            self.connection.close()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def sign_in(browser: Browser, tablet: Tablet) -> str:
    """The login form (CSRF on), then the first sheet's page for its CSRF token."""
    status, _, page, _ = browser.request("GET", "/auth/login")
    token = CSRF_FIELD.search(page.decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": tablet.username,
                                   "password": PASSWORD}).encode()
    status, headers, _, _ = browser.request(
        "POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302 or not headers.get("Location", "").endswith("/judging/"):
        raise RuntimeError(f"{tablet.username}: sign-in answered {status}")
    status, _, page, _ = browser.request(
        "GET", f"/judging/panels/{tablet.panel_id}/entries/{tablet.entries[0]}/")
    if status != 200:
        raise RuntimeError(f"{tablet.username}: sheet page answered {status}")
    return CSRF_META.search(page.decode()).group(1)


def plan_changes(tablet: Tablet, count: int, rng: random.Random) -> list[dict]:
    """A judge's changes in order: first marks entry by entry, and now and then a
    correction of an earlier mark (built on its current version)."""
    slots = [(e, c) for e in tablet.entries for c, _max, _step in tablet.leaves]
    limits = {c: (maximum, step) for c, maximum, step in tablet.leaves}
    versions: dict[tuple[int, int], int] = {}
    changes = []
    next_slot = 0
    while len(changes) < count:
        if versions and (next_slot == len(slots) or rng.random() < 0.2):
            entry, criterion = rng.choice(sorted(versions))
        else:
            entry, criterion = slots[next_slot]
            next_slot += 1
        maximum, step = limits[criterion]
        value = step * rng.randint(0, int(maximum / step))
        base = versions.get((entry, criterion), 0)
        versions[(entry, criterion)] = base + 1
        changes.append({"key": str(uuid.uuid4()), "kind": "mark", "panel": tablet.panel_id,
                        "entry": entry, "criterion": str(criterion),
                        "value": format(value.normalize(), "f"), "base_version": base,
                        "device": f"bench-{tablet.username}"})
    return changes


@dataclass
class TabletResult:
    username: str
    changes: list[dict]
    latencies: list[float] = field(default_factory=list)        # first sends
    replay_latencies: list[float] = field(default_factory=list)  # resends
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    reconnects: int = 0


def run_tablet(tablet: Tablet, port: int, args, seed: int, ready: threading.Barrier,
               go: threading.Event, start_at: list[float]) -> TabletResult:
    rng = random.Random(seed)
    browser = Browser(port)
    result = TabletResult(tablet.username, plan_changes(tablet, args.changes, rng))
    try:
        csrf = sign_in(browser, tablet)
    except Exception as problem:
        result.problems.append(f"sign-in: {problem}")
        csrf = ""
    headers = {"Content-Type": "application/json", "X-CSRFToken": csrf,
               "User-Agent": "bench-tablet"}
    ready.wait()
    go.wait()
    # Tablets start spread over the first think time, then pace themselves.
    PAUSED.wait(max(0.0, start_at[0] - time.monotonic()) + rng.random() * args.think_ms / 1000)

    def send(change, to: Browser) -> tuple[int, dict, float]:
        status, _, data, elapsed = to.request("POST", "/judging/api/changes",
                                              json.dumps(change).encode(), headers)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        try:
            body = json.loads(data)
        except ValueError:
            body = {"raw": data[:200].decode(errors="replace")}
        return status, body, elapsed

    second = None
    for change in result.changes:
        if rng.random() < args.race:
            # The tablet gave up waiting and sent again on a new connection while the
            # first request was still running.
            second = second or Browser(port)
            second.cookies = browser.cookies
            answers = [None, None]

            def other(change=change, to=second, answers=answers):
                answers[1] = send(change, to)

            helper = threading.Thread(target=other)
            helper.start()
            answers[0] = send(change, browser)
            helper.join()
            result.latencies.append(answers[0][2])
            result.replay_latencies.append(answers[1][2])
            first, again = answers[0][1], answers[1][1]
            if not (answers[0][0] == answers[1][0] == 200
                    and first.get("version") == again.get("version")
                    and first.get("value") == again.get("value")
                    and (first.get("replayed") or again.get("replayed"))):
                result.problems.append(
                    f"concurrent resend answered {sorted([answers[0][0], answers[1][0]])}: "
                    f"{change['key']} {_short(answers[0][1])} / {_short(answers[1][1])}")
            status, body, _ = min(answers, key=lambda a: a[0])  # a 200 if there is one
            replay_ok = True
        else:
            status, body, elapsed = send(change, browser)
            result.latencies.append(elapsed)
            replay_ok = False
        # As sheet.js does: a server error (or 408/429) keeps the change queued, and it is
        # sent again, same key, a little later.
        for _retry in range(10):
            if status < 500 and status not in (408, 429):
                break
            result.problems.append(f"server answered {status} (the tablet sends again): "
                                   f"{change['key']} {_short(body)}")
            PAUSED.wait(args.retry_ms / 1000)
            status, body, elapsed = send(change, browser)
            result.replay_latencies.append(elapsed)
            replay_ok = True
        if status != 200 or not body.get("ok") or (body.get("replayed") and not replay_ok):
            result.problems.append(f"save answered {status}: {change['key']} {_short(body)}")
        elif rng.random() < args.resend:
            # The answer was "lost": the tablet sends the same change again.
            again_status, again, again_elapsed = send(change, browser)
            result.replay_latencies.append(again_elapsed)
            if again_status != 200 or not again.get("replayed") \
                    or again.get("version") != body.get("version"):
                result.problems.append(f"resend answered {again_status}: {change['key']} "
                                       f"{_short(again)}")
        if args.think_ms:
            PAUSED.wait(rng.uniform(0.5, 1.5) * args.think_ms / 1000)
    result.reconnects = browser.reconnects + (second.reconnects if second else 0)
    browser.close()
    if second:
        second.close()
    return result


def _short(body: dict) -> str:
    body = {k: v for k, v in body.items() if k != "state"}
    return json.dumps(body, ensure_ascii=False)[:160]


def client_process(tablets: list[Tablet], port: int, args, seed: int, barrier, start_at,
                   results) -> None:
    """Some of the tablets, as threads in one process (several processes keep the client's
    own GIL out of the measured latency)."""
    signed_in = threading.Barrier(len(tablets) + 1)
    go = threading.Event()
    out: list[TabletResult] = [None] * len(tablets)
    shared_start = [0.0]

    def one(i):
        out[i] = run_tablet(tablets[i], port, args, seed * 10_000 + i, signed_in, go,
                            shared_start)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(tablets))]
    for thread in threads:
        thread.start()
    signed_in.wait()         # this process's tablets have signed in,
    barrier.wait()           # and so have every other process's;
    barrier.wait()           # the start time is set.
    shared_start[0] = time.monotonic() + (start_at.value - time.time())
    go.set()
    for thread in threads:
        thread.join()
    results.put([r.__dict__ for r in out])


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
                        help="threads per worker (default: 2 on SQLite, 4 on PostgreSQL)")
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=600, help="give up after (s)")
    parser.add_argument("--pg-url", help=f"PostgreSQL server (default {PG_BASE})")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    outcomes: dict[str, Outcome] = {}
    for backend in backends:
        chosen = argparse.Namespace(**vars(args))
        chosen.workers = args.workers or os.cpu_count() or 2
        chosen.threads = args.threads or (2 if backend == "sqlite" else 4)
        outcomes[backend] = bench(backend, chosen)
    p99 = {b: f"{outcomes[b].p99_ms:.1f}" if b in outcomes else "-"
           for b in ("sqlite", "postgresql")}
    once = all(o.exactly_once for o in outcomes.values())
    print(f"\njudging: sqlite p99_ms={p99['sqlite']} postgresql p99_ms={p99['postgresql']} "
          f"exactly_once={'yes' if once else 'no'}")
    return 0 if all(o.ok for o in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
