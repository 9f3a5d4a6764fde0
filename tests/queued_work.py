"""Helpers for tests of queued long work (services/long_work.py): a real queue in a file,
and a worker run as a separate process would do it."""
import pytest

SIZES = ("EXPORT_INLINE_MAX_ROWS", "IMPORT_INLINE_MAX_ROWS", "PUBLISH_INLINE_MAX_ENTRIES")


@pytest.fixture
def worker_queue(app, tmp_path):
    """A real queue in a file (not immediate mode): nothing runs until a worker does."""
    app.config.update(JOBS_IMMEDIATE=False, JOBS_SQLITE_PATH=str(tmp_path / "jobs.sqlite3"),
                      JOB_OUTPUT_DIR=str(tmp_path / "job-files"))
    yield tmp_path
    for key in ("JOBS_IMMEDIATE", "JOBS_SQLITE_PATH", "JOB_OUTPUT_DIR", *SIZES):
        app.config.pop(key, None)
    app.extensions.pop("contests_jobs", None)


def run_worker(runner, app) -> str:
    """`flask jobs worker --once` in a fresh process: only the queue's file counts."""
    app.extensions.pop("contests_jobs", None)
    result = runner.invoke(args=["jobs", "worker", "--once"])
    assert result.exit_code == 0, result.output
    return result.output
