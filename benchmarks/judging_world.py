"""The judging benchmark's world and server (benchmarks/bench_judging.py): an empty database
from the migrations, one stage of heats with a panel of judges each (one tablet per judge),
and gunicorn started on a free port of 127.0.0.1 and stopped by its PID."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
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


def ensure_installed() -> None:
    """gunicorn and psycopg (the project's own dependencies, pyproject.toml) into this
    virtual environment when they are missing."""
    missing = [] if (VENV_BIN / "gunicorn").exists() else ["gunicorn>=22"]
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing.append("psycopg[binary]>=3.1")
    if missing:
        print(f"  installing {' '.join(missing)}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


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

