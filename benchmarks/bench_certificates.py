"""Benchmark: issue and render 1,000 award certificates of one contest (varied Chinese
names, rare name characters among them), in bulk (one printer PDF and a ZIP of one PDF per
person) and one certificate alone. Prints times and peak memory of the main process and of
the largest worker process.

Aim (2-core machine): 1,000 in bulk under 30 s, one alone under 300 ms, memory under 300 MB.

Run:  PYTHONPATH=. python benchmarks/bench_certificates.py [--count N] [--workers W]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳司马诸葛"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英喆堃镕玥珺翀瑄燚垚犇昇彧婷雪琳晨曦梓涵浩宇子轩欣怡"
TIERS = ("特等奖", "一等奖", "二等奖", "三等奖")
EVENTS = ("前厅服务", "客房服务", "中式餐厅服务", "西式餐厅服务")


def _name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 13 + 5) % len(GIVEN)]


def _snapshot(contest, count: int) -> dict:
    awards = []
    for n in range(count):
        awards.append({
            "rule_id": 1 + n % 4, "rule": f"{EVENTS[n % 4]}个人奖", "scope": "individual",
            "method": "quota", "stage": "全国总决赛", "event": EVENTS[n % 4],
            "tier": TIERS[n % 4], "tier_position": 1 + n % 4, "entry_id": 10_000 + n,
            "contestant_id": 20_000 + n, "delegation_id": 1 + n % 31, "bib": f"N{n:05d}",
            "name": _name(n), "unit": f"第{n % 97}大酒店", "delegation": f"第{n % 31 + 1}代表队",
            "total": "90.00", "rank": 1 + n // 4, "benefit": None, "why": ""})
    return {"format": 1, "contest": {"id": contest.id, "code": contest.code,
                                     "name": contest.name, "name_en": "", "year": contest.year,
                                     "organizer": contest.organizer, "decimal_places": 2},
            "version": {"number": 1, "status": "final"}, "stages": [], "awards": awards,
            "titles": []}


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in KiB on Linux


def _peak_kib(reset: bool = False) -> int:
    """This process's peak resident memory since the last reset (Linux: VmHWM; writing 5
    to clear_refs starts a new peak, so each phase is measured on its own)."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text()
                  .splitlines())
    peak = int(status["VmHWM"].split()[0])
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ["CONTESTS_CERTIFICATE_WORKERS"] = str(args.workers)

    from contests import create_app
    from contests.certificates import bulk, pdf
    from contests.extensions import db
    from contests.models import Contest, ResultVersion
    from contests.services.certificates.issuing import issue_for_version

    folder = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ.get(
        "CONTESTS_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}"),
        "PUBLIC_URL": "https://contests.example.cn", "SERVER_NAME": "localhost"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        contest = Contest(code="BENCH", name="全国星级饭店从业人员服务技能竞赛", year=2026,
                          organizer="中华全国总工会\n文化和旅游部", is_listed=True)
        db.session.add(contest)
        db.session.commit()
        version = ResultVersion(contest_id=contest.id, number=1, status="final",
                                finalized_at=datetime.now(UTC),
                                snapshot=json.dumps(_snapshot(contest, args.count),
                                                    ensure_ascii=False))
        db.session.add(version)
        db.session.commit()

        started = time.perf_counter()
        report = issue_for_version(version)
        print(f"issue {len(report.issued)} certificates: {time.perf_counter() - started:.2f} s")

        chosen = bulk.choose(contest)
        one = chosen[0]
        started = time.perf_counter()
        bulk.render_one(one, contest)
        cold = time.perf_counter() - started
        times = []
        for certificate in chosen[1:8]:
            started = time.perf_counter()
            bulk.render_one(certificate, contest)
            times.append(time.perf_counter() - started)
        print(f"one certificate alone: {statistics.median(times) * 1000:.0f} ms warm "
              f"(median of {len(times)}; first in the process {cold * 1000:.0f} ms); "
              f"main process peak {_mb(_peak_kib(reset=True)):.0f} MB")

        pdf_path, zip_path = folder / "all.pdf", folder / "all.zip"
        started = time.perf_counter()
        result = bulk.render(chosen, contest, "https://contests.example.cn",
                             pdf_path=str(pdf_path), zip_path=str(zip_path))
        total = time.perf_counter() - started
        print(f"bulk {result.pages} certificates with {pdf.workers()} workers: {total:.1f} s "
              f"({total / result.pages * 1000:.0f} ms a certificate, worker start included)")
        print(f"  printer PDF {pdf_path.stat().st_size / 1e6:.1f} MB, ZIP of "
              f"{result.zip_files} PDFs {zip_path.stat().st_size / 1e6:.1f} MB; "
              f"main process peak during the bulk render {_mb(_peak_kib()):.0f} MB")
        started = time.perf_counter()
        bulk.render(chosen, contest, "https://contests.example.cn", pdf_path=str(pdf_path))
        print(f"bulk again, warm workers, printer PDF only: "
              f"{time.perf_counter() - started:.1f} s")
        pdf.shutdown()
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_peak = pdf.stats["worker_peak_kib"]
    print(f"peak memory: main process {_mb(main_peak):.0f} MB over the whole run (one "
          f"process doing both), largest worker {_mb(worker_peak):.0f} MB")
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text()
                  .splitlines())
    print(f"  of which now: private {status['RssAnon'].strip()}, memory-mapped files "
          f"(the CJK fonts, shared between processes) {status['RssFile'].strip()}")
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
