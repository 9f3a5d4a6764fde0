"""The preview of an upload with more data rows than IMPORT_INLINE_MAX_ROWS is checked by
the job worker (services/exchange/queued_preview.py), not in the request: the upload goes
to the job's page, the worker stores the preview, and the preview page shows it as the
inline path would; confirming is the queued import."""
import io
import re

from contests.exchange.marks_samples import exam_csv
from contests.models import Contestant, ContestMember, Entry, Job, Mark, ScoreSheet
from tests import queued_work
from tests.exchange import test_import_marks
from tests.exchange.helpers import CONTESTANT_HEADER, count, csv_bytes, id_number
from tests.queued_work import run_worker

worker_queue = queued_work.worker_queue
theory = test_import_marks.theory

GOOD = [CONTESTANT_HEADER,
        ["QT01", "王喆", "男", "北京饭店", "北京市代表队", id_number(), "前厅服务", "省内选拔赛",
         "北京赛区"],
        ["QT02", "张伟", "男", "北京饭店", "北京市代表队", "", "前厅服务", "省内选拔赛", "北京赛区"],
        ["KF01", "李玥", "女", "上海国际饭店", "上海市代表队", "", "客房服务", "", ""],
        ["KF02", "陈静", "女", "上海国际饭店", "上海市代表队", "", "客房服务", "", ""]]
# Row 3: an ID number of 3 digits; row 5: a delegation the contest does not have.
BAD = [GOOD[0], GOOD[1], GOOD[2][:5] + ["123"] + GOOD[2][6:], GOOD[3],
       GOOD[4][:4] + ["天津市代表队"] + GOOD[4][5:]]


def _upload(client, contest, rows, name="报名表.csv"):
    return client.post(f"/organizer/contests/{contest.id}/exchange/import/contestants",
                       data={"file": (io.BytesIO(csv_bytes(rows)), name)},
                       content_type="multipart/form-data")


def _preview_link(client, job_url: str, lang="en") -> str:
    page = client.get(f"{job_url}?lang={lang}").get_data(as_text=True)
    return re.search(r'id="job-preview" href="([^"]+)"', page).group(1).replace("&amp;", "&")


def _problems(html: str) -> list[str]:
    table = re.search(r'<table class="problems"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [re.sub(r"\s+", " ", row).strip() for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table,
                                                                   re.S)]


def test_a_big_upload_is_checked_by_the_worker_with_the_inline_row_errors(
        client, organizer, hotel, app, runner, worker_queue, upload_folder):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3  # the file has 4 data rows
    contest = hotel["contest"]
    sent = _upload(client, contest, BAD)
    assert sent.status_code == 302 and "/jobs/" in sent.headers["Location"]
    job_url = sent.headers["Location"]
    waiting = client.get(job_url + "?lang=en").get_data(as_text=True)
    assert "Checking a file before its import" in waiting and "waiting" in waiting
    assert count(Contestant) == 0 and count(Entry) == 0
    token = next(upload_folder.iterdir()).name.split(".")[0]
    preview_url = f"/organizer/contests/{contest.id}/exchange/import/contestants/{token}"
    early = client.get(preview_url)  # not checked yet: to the job's page, not a 2nd job
    assert early.status_code == 302 and early.headers["Location"].endswith(job_url)
    assert Job.query.count() == 1

    assert "1 jobs run" in run_worker(runner, app)
    done = client.get(job_url + "?lang=en").get_data(as_text=True)
    assert "“报名表.csv” is checked: 2 problems." in done
    assert _preview_link(client, job_url) == preview_url
    queued_page = client.get(preview_url + "?lang=en").get_data(as_text=True)
    assert "2 problems" in queued_page and "4 data rows" in queued_page
    problems = _problems(queued_page)
    assert len(problems) == 2
    assert problems[0].startswith("<td>3</td><td>F (身份证号)</td><td>“123” is not a valid ID")
    assert problems[1].startswith("<td>5</td><td>E (代表队)</td><td>There is no delegation "
                                  "“天津市代表队”")
    assert 'action="/organizer/contests/' not in queued_page.split('id="problems"')[1].split(
        "Row by row")[0]  # no confirm button while problems remain
    # the same upload checked in the request (a higher limit) lists the same problems
    app.config["IMPORT_INLINE_MAX_ROWS"] = 100
    inline_page = client.get(preview_url + "?lang=en").get_data(as_text=True)
    assert _problems(inline_page) == problems
    assert Job.query.count() == 1 and count(Contestant) == 0

    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    chinese = client.get(preview_url + "?lang=zh_CN").get_data(as_text=True)
    assert "“123”不是有效的身份证号" in _problems(chinese)[0]
    assert "is not a valid ID" not in chinese  # kept in both languages, shown in the reader's


def test_a_big_upload_checked_then_confirmed_imports_every_row(
        client, organizer, hotel, app, runner, worker_queue, upload_folder):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    contest = hotel["contest"]
    job_url = _upload(client, contest, GOOD).headers["Location"]
    run_worker(runner, app)
    preview_url = _preview_link(client, job_url)
    page = client.get(preview_url + "?lang=en").get_data(as_text=True)
    assert "4 to create" in page  # contestants and entries, one each per row
    assert "Import: apply all these changes" in page
    confirmed = client.post(preview_url + "/confirm")
    assert confirmed.status_code == 302 and "/jobs/" in confirmed.headers["Location"]
    assert count(Contestant) == 0  # the import waits for the worker too
    assert "1 jobs run" in run_worker(runner, app)
    assert (count(Contestant), count(Entry)) == (4, 4)
    assert list(upload_folder.iterdir()) == []  # the upload and its stored preview


def test_a_big_upload_that_no_longer_fits_when_confirmed_changes_nothing(
        client, organizer, hotel, app, db, runner, worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    contest = hotel["contest"]
    job_url = _upload(client, contest, GOOD).headers["Location"]
    run_worker(runner, app)
    preview_url = _preview_link(client, job_url)
    db.session.delete(db.session.get(type(hotel["shanghai"]), hotel["shanghai"].id))
    db.session.commit()  # rows 4 and 5 name it; rows 2 and 3 are still good
    import_url = client.post(preview_url + "/confirm").headers["Location"]
    run_worker(runner, app)
    text = client.get(import_url + "?lang=en").get_data(as_text=True)
    assert "The file has problems; nothing was imported." in text
    assert count(Contestant) == 0 and count(Entry) == 0


def test_other_choices_are_checked_again_by_a_new_job(client, organizer, hotel, app, runner,
                                                     worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    contest = hotel["contest"]
    job_url = _upload(client, contest, BAD).headers["Location"]
    run_worker(runner, app)
    preview_url = _preview_link(client, job_url)
    offer = client.get(preview_url + "?create_delegations=1&lang=en")
    text = offer.get_data(as_text=True)
    assert offer.status_code == 200 and "Check the file" in text and "4 data rows" in text
    chinese = client.get(preview_url + "?create_delegations=1&lang=zh_CN").get_data(
        as_text=True)
    assert "该文件有 4 行数据" in chinese and "检查文件" in chinese
    done = client.get(job_url + "?lang=zh_CN").get_data(as_text=True)
    assert "“报名表.csv”已检查完毕：发现 2 个问题。" in done and "查看预览" in done
    started = client.post(preview_url + "/check?create_delegations=1")
    assert started.status_code == 302 and Job.query.count() == 2
    run_worker(runner, app)
    with_them = client.get(_preview_link(client, started.headers["Location"]) + "&lang=en")
    problems = _problems(with_them.get_data(as_text=True))
    assert len(problems) == 1 and problems[0].startswith("<td>3</td>")  # the ID number only


def test_a_big_upload_with_a_column_to_map_is_checked_once_it_is_mapped(
        client, organizer, hotel, app, runner, worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    contest = hotel["contest"]
    rows = [row + [note] for row, note in zip(GOOD, ["备注", "", "", "", "迟到"])]
    sent = _upload(client, contest, rows)
    assert "/jobs/" not in sent.headers["Location"]  # the columns are chosen first
    mapping = client.get(sent.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "备注" in mapping and Job.query.count() == 0
    chosen = {f"col{i}": name for i, name in enumerate(
        ["bib", "name", "gender", "unit", "delegation", "id_number", "event",
         "stage", "heat", ""])}
    mapped = client.post(sent.headers["Location"] + "/mapping", data=chosen)
    assert "/jobs/" in mapped.headers["Location"] and Job.query.count() == 1
    run_worker(runner, app)
    page = client.get(_preview_link(client, mapped.headers["Location"]) + "?lang=en")
    assert "4 to create" in page.get_data(as_text=True)


def test_only_members_of_the_contest_reach_a_big_upload(client, organizer, hotel, app, build,
                                                       db, login, runner, worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 3
    contest = hotel["contest"]
    job_url = _upload(client, contest, GOOD).headers["Location"]
    run_worker(runner, app)
    preview_url = _preview_link(client, job_url)
    other = build.contest(code="OTHER")
    stranger = build.user("organizer", runs_contests=False, username="stranger")
    db.session.add(ContestMember(contest_id=other.id, user_id=stranger.id))
    db.session.commit()
    login(stranger)
    for url in (job_url, preview_url):
        assert client.get(url).status_code == 404, url
    assert client.post(preview_url + "/check").status_code == 404
    assert client.post(preview_url + "/confirm").status_code == 404
    assert count(Contestant) == 0 and Job.query.count() == 1


def test_a_big_marks_upload_is_checked_by_the_worker(theory, client, organizer, app, runner,
                                                    worker_queue):
    app.config["IMPORT_INLINE_MAX_ROWS"] = 1  # two scores
    contest, exam = theory["contest"], theory["exam"]
    sent = client.post(f"/organizer/contests/{contest.id}/exchange/marks/exam",
                       data={"target": str(exam.id), "status": "submitted",
                             "file": (io.BytesIO(exam_csv(exam, {"A01": "88", "A02": "八十"})),
                                      "exam.csv")},
                       content_type="multipart/form-data")
    assert "/jobs/" in sent.headers["Location"]
    run_worker(runner, app)
    preview_url = _preview_link(client, sent.headers["Location"])
    page = client.get(preview_url + "?lang=en").get_data(as_text=True)
    problems = _problems(page)
    assert len(problems) == 1 and problems[0].startswith("<td>3</td>")  # 八十: not a number
    app.config["IMPORT_INLINE_MAX_ROWS"] = 100
    assert _problems(client.get(preview_url + "?lang=en").get_data(as_text=True)) == problems
    assert count(ScoreSheet) == 0 and count(Mark) == 0
