"""The job queue: long work (bulk certificate renders; exports, imports and publications
too big for a request, services/long_work.py) runs in a worker process, never in the web
process. The web process only enqueues; the job's progress lives on its own row (a Job,
or a CertificateJob), which the job's page polls.

Library: huey (docs/operations.md says why). Its queue is a SQLite file in the instance
folder by default (instance/jobs.sqlite3: no other server to run), and Redis when
REDIS_URL (CONTESTS_REDIS_URL) is set, shared by every web node and worker. With
JOBS_IMMEDIATE (the default under TESTING) a task runs as soon as it is enqueued, in the
caller.

A job survives a restart of either process: a message waits in the queue until a worker
takes it; a job whose worker died keeps a lease (a heartbeat in the queue's storage) that
stops being renewed, and `recover` (run when a worker starts, and every minute in it)
hands such a job back to the queue, or marks it failed after JOBS_MAX_ATTEMPTS tries.

    flask jobs worker            the consumer (threads), until Ctrl-C / SIGTERM
    flask jobs worker --once     recover, run what is waiting, exit
"""
import logging
import os
import time
import uuid
from collections.abc import Callable

import click
from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey, crontab
from huey.signals import SIGNAL_INTERRUPTED

from .command_group import CommandGroup
from .config import flag

log = logging.getLogger(__name__)

STALE_SECONDS = 300  # a lease not renewed for this long belongs to a dead worker
MAX_ATTEMPTS = 2  # tries before a job whose worker keeps dying is marked failed

_TASKS: dict[str, Callable] = {}  # name -> function(*args), run in a fresh app context
_ON_INTERRUPT: dict[str, Callable] = {}  # name -> function(*args) when a worker stops mid-task
_RECOVERERS: list[Callable] = []  # functions(now, starting) handing dead workers' jobs back


def task(name: str, *, on_interrupt: Callable | None = None):
    """Register `function(*args)` as the task `name` (args must be JSON-like: ids)."""
    def register(function):
        _TASKS[name] = function
        if on_interrupt is not None:
            _ON_INTERRUPT[name] = on_interrupt
        return function
    return register


def recoverer(function: Callable) -> Callable:
    """Register `function(now, starting)`, called in an app context when a worker starts
    (starting=True) and every minute in a running worker."""
    _RECOVERERS.append(function)
    return function


# -- the queue of an application ------------------------------------------------------

def _settings(app: Flask) -> tuple:
    # Immediate under TESTING unless a test asks for a real queue (JOBS_IMMEDIATE=False):
    # no test leaves messages in the instance folder's queue.
    immediate = flag(app.config.get("JOBS_IMMEDIATE", app.config.get("TESTING"))) or flag(
        app.config.get("CERTIFICATE_JOBS_INLINE"))  # the older name, kept for tests
    path = app.config.get("JOBS_SQLITE_PATH") or os.path.join(app.instance_path,
                                                              "jobs.sqlite3")
    return immediate, app.config.get("REDIS_URL") or None, path


def queue(app: Flask | None = None):
    """The application's huey instance (built on first use, rebuilt if settings change)."""
    app = app or current_app._get_current_object()
    settings = _settings(app)
    built = app.extensions.get("contests_jobs")
    if built is None or built[0] != settings:
        built = (settings, *_build(app, *settings))
        app.extensions["contests_jobs"] = built
    return built[1]


def _build(app: Flask, immediate: bool, redis_url: str | None, path: str):
    if redis_url:
        huey = RedisHuey("contests", url=redis_url, immediate=immediate, results=False)
    else:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        huey = SqliteHuey("contests", filename=path, immediate=immediate, results=False)

    def in_app(function):
        return _in_app(app, function)

    wrappers = {name: huey.task(name=name)(in_app(function))
                for name, function in _TASKS.items()}
    huey.periodic_task(crontab(minute="*"), name="contests.recover")(
        in_app(lambda: recover(starting=False)))

    @huey.signal(SIGNAL_INTERRUPTED)
    def interrupted(_signal, message, *_args):
        handler = _ON_INTERRUPT.get(message.name)
        if handler is not None:
            in_app(handler)(*message.args)

    return huey, wrappers


def _in_app(app: Flask, function: Callable) -> Callable:
    def run(*args):
        with app.app_context():  # a fresh context (and session) per task
            return function(*args)
    return run


def enqueue(name: str, *args) -> None:
    """Put the task `name` on the queue (or run it now, in immediate mode)."""
    app = current_app._get_current_object()
    huey = queue(app)
    wrappers = app.extensions["contests_jobs"][2]
    if name not in wrappers:  # its module was imported after the queue was built
        wrappers[name] = huey.task(name=name)(_in_app(app, _TASKS[name]))
    wrappers[name](*args)


def recover(now: float | None = None, *, starting: bool = True) -> None:
    """Hand back the jobs of dead workers (see each registered recoverer)."""
    now = time.time() if now is None else now
    for function in _RECOVERERS:
        try:
            function(now, starting)
        except Exception:  # one kind of job failing to recover must not stop the others
            log.exception("recovering jobs with %s failed", function.__name__)


def waiting() -> int:
    """How many tasks wait in the queue; raises when its storage cannot be reached (for a
    health check)."""
    return queue().pending_count()


def run_pending(limit: int | None = None) -> int:
    """Run the tasks waiting in the queue, here and now, one after another (the worker's
    --once, and tests). Returns how many ran."""
    huey, count = queue(), 0
    while limit is None or count < limit:
        message = huey.dequeue()
        if message is None:
            break
        huey.execute(message)
        count += 1
    return count


# -- leases: which run of a job is the live one ---------------------------------------

def _lease_key(kind: str, job_id: int) -> str:
    return f"lease:{kind}:{job_id}"


def lease(kind: str, job_id: int) -> dict:
    """{"token", "beat", "attempts"} of the job's current lease ({} when none)."""
    return queue().get(_lease_key(kind, job_id), peek=True) or {}


def claim(kind: str, job_id: int, *, now: float | None = None) -> str:
    """Start a run of the job: a new lease token, one more attempt."""
    token = uuid.uuid4().hex
    attempts = lease(kind, job_id).get("attempts", 0) + 1
    queue().put(_lease_key(kind, job_id), {"token": token, "attempts": attempts,
                                           "beat": time.time() if now is None else now})
    return token


def beat(kind: str, job_id: int, token: str) -> bool:
    """Renew the lease; False when the run holding `token` is no longer the live one (the
    job was handed to another run)."""
    current = lease(kind, job_id)
    if current.get("token") != token:
        return False
    queue().put(_lease_key(kind, job_id), dict(current, beat=time.time()))
    return True


def revoke(kind: str, job_id: int, *, refund: bool = False) -> None:
    """Take the lease from whichever run holds it. The attempt count stays, unless
    `refund`: the run was stopped cleanly (a worker shutting down), not lost."""
    current = lease(kind, job_id)
    if current:
        tries = current.get("attempts", 0) - (1 if refund else 0)
        queue().put(_lease_key(kind, job_id), dict(current, token=None, attempts=max(tries, 0)))


def forget(kind: str, job_id: int) -> None:
    """The job is finished: drop its lease."""
    queue().delete(_lease_key(kind, job_id))


def stale_after() -> float:
    """Seconds without a heartbeat after which a job's worker counts as dead."""
    return float(current_app.config.get("JOBS_STALE_SECONDS", STALE_SECONDS))


def is_stale(kind: str, job_id: int, now: float, *, since: float = 0.0) -> bool:
    """No sign of life (a heartbeat, or `since`: when the job started) for the lease time."""
    return now - max(lease(kind, job_id).get("beat", 0), since) > stale_after()


def attempts(kind: str, job_id: int) -> int:
    return lease(kind, job_id).get("attempts", 0)


def max_attempts() -> int:
    return int(current_app.config.get("JOBS_MAX_ATTEMPTS", MAX_ATTEMPTS))


# -- the command line -----------------------------------------------------------------

jobs_cli = CommandGroup("jobs", help="Run the background job worker.")


@jobs_cli.command("worker")
@click.option("--threads", type=click.IntRange(1, 2), default=1, show_default=True,
              help="Jobs run at the same time (a bulk render already uses every core).")
@click.option("--once", is_flag=True, help="Recover, run the waiting jobs, then exit.")
def worker(threads, once):
    """Run jobs from the queue (SQLite in the instance folder, or Redis when
    CONTESTS_REDIS_URL is set). `./manage.sh serve` starts one beside the web server."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    recover()  # jobs left running by a worker that died
    if once:
        click.echo(f"{run_pending()} jobs run")
        return
    huey = queue()
    huey.create_consumer(workers=threads, worker_type="thread", periodic=True).run()


def init_app(app: Flask) -> None:
    from .ops import health

    app.cli.add_command(jobs_cli)
    health.register_queue_check(app, lambda: f"ok, {waiting()} waiting")
    from .services.certificates import jobs  # noqa: F401  (registers its tasks)
    from .services.exchange import (  # noqa: F401
        queued,  # exports and imports
        queued_preview,  # big uploads' previews
    )
    from .services.results import queued as queued_publication  # noqa: F401
