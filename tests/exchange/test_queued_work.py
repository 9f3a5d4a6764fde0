"""Exports and imports too big for a request go through the job queue (contests/jobs.py,
huey on a SQLite file here, not immediate): the page queues the work, a worker run
(`flask jobs worker --once`) does it, and the job's page shows the outcome a user sees."""
import io
import re
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update

from contests import jobs as queue
from contests.exchange.marks_samples import exam_csv
from contests.models import (
    AuditEntry,
    Contestant,
    ContestMember,
    Delegation,
    Entry,
    Job,
    Mark,
    ScoreSheet,
)
from contests.services import long_work
from tests import queued_work
from tests.exchange import test_import_marks
from tests.exchange.helpers import contestant_rows, count, csv_bytes, import_file
from tests.queued_work import run_worker

worker_queue = queued_work.worker_queue  # fixtures shared with other modules
theory = test_import_marks.theory


def _queue_import(client, contest, runner, app):
    """Above the limit the preview is checked by a job too (test_queued_preview.py)."""
    checking = client.post(
        f"/organizer/contests/{contest.id}/exchange/import/contestants?lang=en",
        data={"file": (io.BytesIO(csv_bytes(contestant_rows())), "报名表.csv")},
        content_type="multipart/form-data")
    run_worker(runner, app)
    page = client.get(checking.headers["Location"] + "?lang=en").get_data(as_text=True)
    preview = re.search(r'id="job-preview" href="([^"]+)"', page).group(1)
    assert "Preview of “报名表.csv”" in client.get(preview).get_data(as_text=True)
    done = client.post(preview + "/confirm?lang=en")
    assert done.status_code == 302
    return re.search(r"/jobs/(\d+)$", done.headers["Location"]).group(1)


def test_a_big_import_waits_for_the_worker_then_is_applied(client, organizer, hotel, app,
                                                          runner, worker_queue, upload_folder):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 2  # the file has 3 rows
    contest = hotel["contest"]
    job_id = _queue_import(client, contest, runner, app)
    url = f"/organizer/contests/{contest.id}/jobs/{job_id}"
    assert "waiting" in client.get(url + "?lang=en").get_data(as_text=True)
    assert client.get(url + "/progress").get_json()["status"] == "queued"
    assert count(Contestant) == 0  # nothing is imported by the request

    assert "1 jobs run" in run_worker(runner, app)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Imported “报名表.csv”" in page
    assert "2 created" in page and "3 created" in page  # contestants, entries
    assert (count(Contestant), count(Entry)) == (2, 3)
    assert list(upload_folder.iterdir()) == []  # the sealed upload is gone once imported
    summary = AuditEntry.query.filter_by(action="import").one()
    assert summary.user_id == organizer.id  # done by the worker, for the organizer
    assert "0 jobs run" in run_worker(runner, app)  # applied once, not twice


def test_a_big_import_that_no_longer_fits_changes_nothing(client, organizer, hotel, app, db,
                                                         runner, worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 2
    contest = hotel["contest"]
    job_id = _queue_import(client, contest, runner, app)
    # before the worker runs, the delegation of the third row is removed
    db.session.delete(db.session.get(Delegation, hotel["shanghai"].id))
    db.session.commit()
    run_worker(runner, app)
    page = client.get(f"/organizer/contests/{contest.id}/jobs/{job_id}?lang=en")
    text = page.get_data(as_text=True)
    assert "The file has problems; nothing was imported." in text
    assert count(Contestant) == 0 and count(Entry) == 0  # the two good rows neither


def _queue_export(client, contest) -> str:
    base = f"/organizer/contests/{contest.id}/exchange/export/contestants"
    offer = client.get(base + "?format=csv&lang=en").get_data(as_text=True)
    assert "Prepare the file" in offer and "about 3 rows" in offer
    started = client.post(base + "/job?format=csv")
    assert started.status_code == 302
    return started.headers["Location"]


def test_a_big_export_is_prepared_by_the_worker(client, organizer, hotel, app, runner, build,
                                               db, login, worker_queue, english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    app.config["EXPORT_INLINE_MAX_ROWS"] = 2  # 3 entries
    contest = hotel["contest"]
    url = _queue_export(client, contest)
    assert client.get(url + "/file").status_code == 302  # not ready yet: back to the page
    run_worker(runner, app)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Download HOTEL-contestants-" in page and "Rows written: 3" in page
    index = client.get(f"/organizer/contests/{contest.id}/exchange/?lang=en").get_data(
        as_text=True)  # the page it was started from lists it, to come back to
    assert f'href="{url}"><strong>Preparing an export</strong>' in index
    download = client.get(url + "/file")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.data.decode("utf-8-sig")
    assert text.count("王喆") == 2 and "李玥" in text
    assert text.splitlines()[0].startswith("Bib number,")  # the language it was asked in

    other = build.contest(code="OTHER")
    stranger = build.user("organizer", runs_contests=False, username="stranger")
    db.session.add(ContestMember(contest_id=other.id, user_id=stranger.id))
    db.session.commit()
    login(stranger)  # runs another contest only
    for path in ("", "/progress", "/file"):
        assert client.get(url + path).status_code == 404, path


def test_an_export_file_is_removed_after_its_keeping_days(client, organizer, hotel, app,
                                                          runner, db, worker_queue, english):
    """The worker's sweep removes a finished export's file once JOB_FILES_KEEP_DAYS have
    passed (not before); the job's page then says so instead of offering the download."""
    import os
    import time

    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    app.config["EXPORT_INLINE_MAX_ROWS"] = 2
    url = _queue_export(client, hotel["contest"])
    run_worker(runner, app)
    job = db.session.get(Job, int(url.rsplit("/", 1)[1]))
    path = job.result_path
    assert os.path.exists(path)

    assert long_work.expire_files(time.time() + 6 * 86400) == 0  # within the 7 days
    assert os.path.exists(path) and client.get(url + "/file").status_code == 200

    assert long_work.expire_files(time.time() + 8 * 86400) == 1
    assert not os.path.exists(path)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "was kept for 7 days and has been removed" in page and 'id="job-file"' not in page
    assert client.get(url + "/file").status_code == 302  # back to the page that says why


def test_a_job_survives_a_worker_restart(client, organizer, hotel, app, db, runner,
                                        worker_queue, english):
    """A worker took the export and died: the next worker hands it back and does it."""
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    app.config["EXPORT_INLINE_MAX_ROWS"] = 2
    url = _queue_export(client, hotel["contest"])
    job_id = int(url.rsplit("/", 1)[-1])
    app.extensions.pop("contests_jobs", None)
    with app.app_context():
        assert queue.queue().dequeue() is not None  # the dead worker's message is gone
        assert long_work._take(job_id)
        queue.claim(long_work.KIND, job_id, now=0.0)  # its last heartbeat: long ago
    db.session.execute(update(Job).where(Job.id == job_id)
                       .values(started_at=datetime(2000, 1, 1), done=1))
    db.session.commit()
    assert client.get(url + "/progress").get_json()["status"] == "running"

    assert "1 jobs run" in run_worker(runner, app)  # recovered, then run
    assert client.get(url + "/progress").get_json() == {
        "status": "done", "state": "done", "done": 3, "total": 3, "error": None}
    assert "李玥" in client.get(url + "/file").data.decode("utf-8-sig")
    job = db.session.scalars(select(Job)).one()
    db.session.refresh(job)
    assert job.status == "done" and job.result_path.startswith(str(worker_queue))


def test_a_big_marks_import_is_applied_by_the_worker(theory, client, organizer, app, runner,
                                                    worker_queue):
    """Two exam scores, above a limit of one row: sheets appear only after the worker."""
    app.config["IMPORT_INLINE_MAX_ROWS"] = 1
    contest, exam = theory["contest"], theory["exam"]
    base = f"/organizer/contests/{contest.id}/exchange/marks/exam"
    sent = client.post(base, data={"target": str(exam.id), "status": "submitted",
                                   "file": (io.BytesIO(exam_csv(exam, {"A01": "88",
                                                                       "A02": "77"})),
                                            "exam.csv")},
                       content_type="multipart/form-data")
    run_worker(runner, app)  # the preview's check (test_queued_preview.py)
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    preview = re.search(r'id="job-preview" href="([^"]+)"', page).group(1)
    queued = client.post(preview + "/confirm")
    assert queued.status_code == 302 and "/jobs/" in queued.headers["Location"]
    assert count(ScoreSheet) == 0
    run_worker(runner, app)
    page = client.get(queued.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Imported “exam.csv”" in page and "2 created" in page
    assert sorted(m.value for m in Mark.query.all()) == [Decimal("77"), Decimal("88")]


def test_a_job_whose_worker_keeps_dying_fails_with_a_reason(client, organizer, hotel, app,
                                                           db, runner, worker_queue,
                                                           english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    app.config.update(EXPORT_INLINE_MAX_ROWS=2, JOBS_MAX_ATTEMPTS=1)
    url = _queue_export(client, hotel["contest"])
    job_id = int(url.rsplit("/", 1)[-1])
    app.extensions.pop("contests_jobs", None)
    with app.app_context():
        queue.queue().dequeue()
        assert long_work._take(job_id)
        queue.claim(long_work.KIND, job_id, now=0.0)  # one try, its worker long dead
    db.session.execute(update(Job).where(Job.id == job_id)
                       .values(started_at=datetime(2000, 1, 1)))
    db.session.commit()
    assert "0 jobs run" in run_worker(runner, app)
    app.config.pop("JOBS_MAX_ATTEMPTS")
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "The worker stopped during this work, 1 times; start it again." in page
    assert client.get(url + "/file").status_code == 302  # no file to offer


def test_the_job_page_reads_in_chinese(client, organizer, hotel, app, runner, worker_queue,
                                       english):
    import_file("contestants", csv_bytes(contestant_rows()), hotel["contest"])
    app.config["EXPORT_INLINE_MAX_ROWS"] = 2
    url = _queue_export(client, hotel["contest"])
    waiting = client.get(url + "?lang=zh_CN").get_data(as_text=True)
    assert "正在准备导出文件" in waiting and "等待中" in waiting
    run_worker(runner, app)
    done = client.get(url + "?lang=zh_CN").get_data(as_text=True)
    assert "已写入 3 行" in done and "下载 HOTEL-contestants-" in done
