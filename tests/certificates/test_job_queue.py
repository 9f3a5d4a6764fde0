"""Bulk renders go through the job queue (contests/jobs.py, huey on a SQLite file here):
the web process only enqueues; a worker started later does the job; a job whose worker
died is handed back (or failed with a reason) when a worker starts. No test waits for a
thread: the worker is `flask jobs worker --once`, which runs what is waiting and exits."""
import pathlib
import re
import time
from datetime import datetime

import pytest
from sqlalchemy import select, update

from contests import jobs as queue
from contests.models import CertificateJob
from contests.services.certificates import jobs
from tests.certificates.pdf_checks import page_count


@pytest.fixture
def worker_queue(app, tmp_path):
    """A real queue in a file (not immediate mode): nothing runs until a worker does."""
    app.config.update(JOBS_IMMEDIATE=False, CERTIFICATE_JOBS_INLINE=False,
                      JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"))
    yield tmp_path / "jobs.sqlite3"
    for key in ("JOBS_IMMEDIATE", "JOBS_SQLITE_PATH"):
        app.config.pop(key, None)
    app.extensions.pop("contests_jobs", None)


def _start(client, db, contest) -> CertificateJob:
    base = f"/organizer/contests/{contest.id}/certificates"
    assert client.post(base + "/render", data={"stage": "", "event": "", "tier": ""}
                       ).status_code == 302
    return db.session.scalars(select(CertificateJob)).one()


def _progress(client, contest, job):
    url = f"/organizer/contests/{contest.id}/certificates/jobs/{job.id}/progress"
    return client.get(url).get_json()


def _restart_web_process(app):
    """Forget the web process's queue object: what was enqueued must be in the file."""
    app.extensions.pop("contests_jobs", None)


def _dead_worker_took(app, db, job_id, *, tries=1):
    """A worker took the job from the queue, marked it running, then died."""
    with app.app_context():
        assert queue.queue().dequeue() is not None  # the dead worker's message is gone
        assert jobs._take(job_id)
        for _ in range(tries):
            queue.claim(jobs.KIND, job_id, now=0.0)  # its last heartbeat: long ago
    db.session.execute(update(CertificateJob).where(CertificateJob.id == job_id)
                       .values(started_at=datetime(2000, 1, 1), done=2))
    db.session.commit()


def test_a_job_waits_for_a_worker_then_is_done(issued, organizer, client, db, runner, app,
                                              worker_queue):
    contest = issued["contest"]
    job = _start(client, db, contest)
    assert _progress(client, contest, job) == {"status": "queued", "done": 0, "total": 5,
                                               "error": None}
    page = client.get(f"/organizer/contests/{contest.id}/certificates/jobs/{job.id}?lang=en")
    assert "waiting" in page.get_data(as_text=True)
    assert worker_queue.exists()  # the message is in the queue's file

    _restart_web_process(app)
    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 jobs run" in result.output
    assert _progress(client, contest, job) == {"status": "done", "done": 5, "total": 5,
                                               "error": None}
    printed = client.get(f"/organizer/contests/{contest.id}/certificates/jobs/{job.id}"
                         "/certificates.pdf")
    assert printed.status_code == 200 and page_count(printed.data) == 5
    again = runner.invoke(args=["jobs", "worker", "--once"])
    assert "0 jobs run" in again.output  # done once, not twice


def test_a_dead_workers_job_is_resumed_when_a_worker_starts(issued, organizer, client, db,
                                                            runner, app, worker_queue):
    contest = issued["contest"]
    job = _start(client, db, contest)
    _dead_worker_took(app, db, job.id)
    assert _progress(client, contest, job)["status"] == "running"

    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 jobs run" in result.output
    assert _progress(client, contest, job) == {"status": "done", "done": 5, "total": 5,
                                               "error": None}


def test_a_job_whose_worker_keeps_dying_fails_with_a_reason(issued, organizer, client, db,
                                                           runner, app, worker_queue):
    contest = issued["contest"]
    job = _start(client, db, contest)
    _dead_worker_took(app, db, job.id, tries=2)

    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    progress = _progress(client, contest, job)
    assert progress["status"] == "failed" and "2" in progress["error"]
    base = f"/organizer/contests/{contest.id}/certificates/jobs/{job.id}"
    assert "中断了 2 次；请重新生成证书" in client.get(base).get_data(as_text=True)
    english = client.get(base + "?lang=en").get_data(as_text=True)
    assert "stopped while rendering, 2 times; render the certificates again" in english
    assert "重新生成" not in english
    again = runner.invoke(args=["jobs", "worker", "--once"])
    assert "0 jobs run" in again.output and _progress(client, contest, job)["status"] == "failed"


def test_a_live_workers_job_is_left_alone(issued, organizer, client, db, runner, app,
                                         worker_queue):
    """Another worker is rendering it (a fresh heartbeat): a starting worker keeps off."""
    contest = issued["contest"]
    job = _start(client, db, contest)
    with app.app_context():
        queue.queue().dequeue()
        assert jobs._take(job.id)
        token = queue.claim(jobs.KIND, job.id, now=time.time())
    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert "0 jobs run" in result.output
    assert _progress(client, contest, job)["status"] == "running"
    with app.app_context():
        assert queue.beat(jobs.KIND, job.id, token)  # that run still holds the lease


def test_a_superseded_run_loses_its_lease(app, worker_queue):
    with app.app_context():
        token = queue.claim("certificates", 999)
        queue.revoke("certificates", 999)
        assert not queue.beat("certificates", 999, token)
        assert queue.attempts("certificates", 999) == 1


def test_no_daemon_threads_remain_in_the_web_code():
    root = pathlib.Path(__file__).resolve().parents[2] / "contests"
    offenders = [str(path) for path in root.rglob("*.py")
                 if re.search(r"threading\.Thread\(|daemon=True", path.read_text("utf-8"))]
    assert offenders == []


def test_the_queue_counts_what_waits(issued, organizer, client, db, app, worker_queue):
    _start(client, db, issued["contest"])
    with app.app_context():
        assert queue.waiting() == 1
        assert queue.run_pending() == 1
        assert queue.waiting() == 0


def test_a_worker_shutting_down_hands_its_job_back(issued, organizer, client, db, runner,
                                                   app, worker_queue):
    """SIGTERM/Ctrl-C: huey tells us of the task in flight; the job goes back to the queue
    at once, and clean stops, however many, are not counted as lost tries."""
    contest = issued["contest"]
    job = _start(client, db, contest)
    with app.app_context():
        huey = queue.queue()
        for _ in range(3):
            message = huey.dequeue()
            assert jobs._take(job.id)
            queue.claim(jobs.KIND, job.id)
            huey._tasks_in_flight.add(message)  # what the consumer's worker thread records
            huey.notify_interrupted_tasks()  # what the consumer calls when it stops
            assert db.session.get(CertificateJob, job.id).status == "queued"
            db.session.expire_all()
    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert "1 jobs run" in result.output
    assert _progress(client, contest, job)["status"] == "done"
