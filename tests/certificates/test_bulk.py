"""Bulk: one PDF for the printer and a ZIP of one PDF per person, from the CLI and from the
organizer's page as a job with progress."""
import io
import zipfile

from contests.certificates import bulk, pdf
from contests.models import CertificateJob
from contests.services.certificates.issuing import issue_for_version
from tests.certificates.pdf_checks import page_count, text
from tests.certificates.snapshots import award, final_version, person


def test_printer_pdf_and_zip_have_one_page_per_certificate(issued, tmp_path):
    contest = issued["contest"]
    chosen = bulk.choose(contest)
    result = bulk.render(chosen, contest, "https://contests.example.cn",
                         pdf_path=str(tmp_path / "all.pdf"), zip_path=str(tmp_path / "all.zip"))
    assert result.pages == 5
    assert page_count((tmp_path / "all.pdf").read_bytes()) == 5
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        names = archive.namelist()
        assert len(names) == 5 and names[0].startswith("HOTEL-2026-0001_")
        one = archive.read(names[1])
    assert page_count(one) == 1 and "李玥" in text(one)


def test_scope_narrows_to_an_event_or_tier(issued):
    contest = issued["contest"]
    assert len(bulk.choose(contest, {"tier": "二等奖"})) == 1
    assert len(bulk.choose(contest, {"event": "前厅服务"})) == 3
    assert bulk.scope_choices(contest)["tier"] == ["一等奖", "三等奖", "二等奖", "技术能手"]


def test_parallel_chunks_keep_the_order(build, db, tmp_path):
    """Enough certificates for two worker processes; pages come out in number order."""
    contest = build.contest(code="MH", name="职工心理健康服务职业技能大赛", is_listed=True)
    people = [person(f"选手{i:02d}") for i in range(18)]
    issue_for_version(final_version(db.session, contest, [award(p) for p in people]))
    chosen = bulk.choose(contest)
    assert len(bulk._chunks(chosen, 2)) == 2
    bulk.render(chosen, contest, "https://contests.example.cn",
                pdf_path=str(tmp_path / "mh.pdf"))
    printed = text((tmp_path / "mh.pdf").read_bytes())
    assert page_count((tmp_path / "mh.pdf").read_bytes()) == 18
    positions = [printed.index(f"MH-2026-{n:04d}") for n in range(1, 19)]
    assert positions == sorted(positions)
    pdf.shutdown()


def test_cli_renders_pdf_and_zip(issued, runner, tmp_path):
    out_pdf, out_zip = tmp_path / "hotel.pdf", tmp_path / "hotel.zip"
    result = runner.invoke(args=["certificates", "render", "--contest", "HOTEL", "--event",
                                 "前厅服务", "--pdf", str(out_pdf), "--zip", str(out_zip)])
    assert result.exit_code == 0, result.output
    assert "3 certificates" in result.output
    assert page_count(out_pdf.read_bytes()) == 3
    assert len(zipfile.ZipFile(out_zip).namelist()) == 3
    unknown = runner.invoke(args=["certificates", "render", "--contest", "NOPE", "--pdf", "x"])
    assert unknown.exit_code != 0 and "NOPE" in unknown.output


def test_cli_issues_from_the_newest_final_version(hotel, db, runner):
    final_version(db.session, hotel["contest"], hotel["awards"], hotel["titles"])
    result = runner.invoke(args=["certificates", "issue", "--contest", "HOTEL"])
    assert result.exit_code == 0, result.output
    assert "5 issued" in result.output


def test_organizer_job_runs_to_done_and_downloads(issued, organizer, client, db):
    contest = issued["contest"]
    base = f"/organizer/contests/{contest.id}/certificates"
    assert "HOTEL-2026-0005" in client.get(base + "/").get_data(as_text=True)
    started = client.post(base + "/render", data={"stage": "", "event": "", "tier": ""})
    assert started.status_code == 302
    job = db.session.query(CertificateJob).one()
    assert started.headers["Location"].endswith(f"/jobs/{job.id}")
    progress = client.get(f"{base}/jobs/{job.id}/progress").get_json()
    assert progress == {"status": "done", "done": 5, "total": 5, "error": None}
    assert "certificates.zip" in client.get(f"{base}/jobs/{job.id}").get_data(as_text=True)
    printed = client.get(f"{base}/jobs/{job.id}/certificates.pdf")
    assert printed.status_code == 200 and page_count(printed.data) == 5
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/jobs/{job.id}/certificates.zip")
                                         .data))
    assert len(archive.namelist()) == 5


def test_issue_button_and_revoke_page(hotel, organizer, client, db):
    contest = hotel["contest"]
    base = f"/organizer/contests/{contest.id}/certificates"
    client.post(base + "/issue")  # no final results yet: refused with a message
    assert db.session.query(CertificateJob).count() == 0
    final_version(db.session, contest, hotel["awards"], hotel["titles"])
    assert client.post(base + "/issue").status_code == 302
    from contests.models import Certificate
    first = db.session.query(Certificate).order_by(Certificate.serial).first()
    assert client.post(f"{base}/{first.id}/revoke", data={"reason": ""}).status_code == 200
    client.post(f"{base}/{first.id}/revoke", data={"reason": "弄虚作假"})
    db.session.refresh(first)
    assert first.status == "revoked" and first.revoked_reason == "弄虚作假"
    assert client.get(f"{base}/{first.id}.pdf").mimetype == "application/pdf"
