"""Benchmark: import a national registration file of 20,000 contestants (one entry each)
into a contest with 31 delegations, 4 events and 2 stages, on a fresh SQLite database
(or CONTESTS_DATABASE_URL). Prints the time of each step: write the file, read it, plan
the import, apply it in one transaction, re-plan the same file (all rows unchanged).

Run:  PYTHONPATH=. python benchmarks/bench_import.py [--rows N] [--format xlsx|csv]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale

from contests import create_app
from contests.exchange.fields import KINDS
from contests.exchange.idnumber import with_check_character
from contests.exchange.plan import build_plan, default_mapping
from contests.exchange.readers import read_table
from contests.exchange.writers import Column, Sheet, to_csv, to_xlsx
from contests.extensions import db
from contests.models import Contest, Delegation, Event, Stage
from contests.services.exchange.imports import apply

EVENTS = ("前厅服务", "客房服务", "中式餐厅服务", "西式餐厅服务")
HEADERS = ("参赛编号", "姓名", "性别", "单位", "代表队", "身份证号", "项目", "阶段")


def _contest() -> Contest:
    contest = Contest(code="BENCH", name="导入基准", year=2026)
    db.session.add(contest)
    db.session.flush()
    for position, name in enumerate(("省内选拔赛", "全国总决赛"), start=1):
        db.session.add(Stage(contest_id=contest.id, position=position, name=name))
    for position, name in enumerate(EVENTS, start=1):
        db.session.add(Event(contest_id=contest.id, position=position, name=name))
    for n in range(31):
        db.session.add(Delegation(contest_id=contest.id, name=f"第{n + 1}代表队"))
    db.session.commit()
    return contest


def _file(rows: int, fmt: str) -> bytes:
    def lines():
        for n in range(rows):
            birth = f"19{70 + n % 30:02d}{n % 12 + 1:02d}{n % 28 + 1:02d}"
            yield [f"N{n:05d}", f"选手{n}", "女" if n % 2 else "男", f"第{n % 97}饭店",
                   f"第{n % 31 + 1}代表队", with_check_character(f"110105{birth}{n % 1000:03d}"),
                   EVENTS[n % 4], "全国总决赛"]

    sheet = Sheet("报名表", [Column(h) for h in HEADERS], lines())
    return to_xlsx([sheet]) if fmt == "xlsx" else to_csv(sheet, "gb18030")


def _timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label:<28}{time.perf_counter() - started:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("CONTESTS_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context(), force_locale("en"):
            db.drop_all()
            db.create_all()
            contest = _contest()
            data = _timed(f"write {args.format} ({args.rows:,} rows)",
                          lambda: _file(args.rows, args.format))
            print(f"{'file size':<28}{len(data) / 1e6:8.2f} MB")
            table = _timed("read", lambda: read_table(data, KINDS["contestants"]))
            mapping = default_mapping("contestants", table)
            plan = _timed("plan", lambda: build_plan("contestants", table, mapping, contest))
            assert plan.ok, [str(p) for p in plan.problems[:5]]
            outcome = _timed("apply (one transaction)", lambda: apply(plan, source="bench"))
            print(f"{'created':<28}{outcome.created}")
            again = _timed("re-plan (unchanged)",
                           lambda: build_plan("contestants", table, mapping, contest))
            assert again.changes == []
            db.drop_all()


if __name__ == "__main__":
    main()
