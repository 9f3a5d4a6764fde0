"""Published standings page of 1,000 entries under load (wrk on 127.0.0.1): requests per
second with the page cache off (every request renders from the snapshot) and on (the
published page is rendered once per version and language).

    .venv/bin/python benchmarks/bench_public.py [--entries 1000] [--seconds 10]

Needs wrk (Debian: apt-get install wrk). Starts and stops its own gunicorn."""
import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def build_contest(url: str, entries: int) -> str:
    from sqlalchemy import insert

    from contests import create_app
    from contests.extensions import db
    from contests.models import Mark, ScoreSheet
    from contests.services.results import publication
    from tests.builders import Builder

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        build = Builder(db.session)
        contest = build.contest(code="BENCH", name="压力测试竞赛", is_listed=True)
        stage = build.stage(contest, name="决赛")
        event = build.event(contest, name="综合")
        component = build.component(stage, name="实操")
        group = build.rater_group(component, name="裁判组", aggregation="trimmed_mean",
                                  trim_k=1)
        criterion = build.criterion(component, name="综合评分", max_points=Decimal(100),
                                    step=Decimal("0.5"))
        judges = [build.user("judge") for _ in range(5)]
        panel = build.panel(stage, event, component, group)
        for judge in judges:
            build.panel_judge(panel, judge)
        delegations = [build.delegation(contest, name=f"代表队{i:02d}") for i in range(31)]
        rng = random.Random(7)
        entry_ids = []
        for i in range(entries):
            person = build.contestant(contest, bib=f"N{i:04d}", name=f"选手{i:04d}",
                                      delegation_id=delegations[i % 31].id)
            entry_ids.append(build.entry(person, event, stage).id)
        sheets = [{"panel_id": panel.id, "entry_id": e, "judge_id": j.id,
                   "status": "confirmed", "version": 1} for e in entry_ids for j in judges]
        db.session.execute(insert(ScoreSheet), sheets)
        db.session.commit()
        ids = db.session.scalars(db.select(ScoreSheet.id)).all()
        db.session.execute(insert(Mark), [
            {"sheet_id": s, "criterion_id": criterion.id, "version": 1,
             "value": Decimal(rng.randrange(100, 200)) / 2} for s in ids])
        db.session.commit()
        started = time.perf_counter()
        publication.publish(contest, publicity_ends_on=date.today(), change_note=None,
                            user=None)
        print(f"published {entries} entries in {time.perf_counter() - started:.2f} s")
        return f"/contests/BENCH/stages/{stage.id}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, cache: bool):
    port = free_port()
    env = dict(os.environ, CONTESTS_DATABASE_URL=url, CONTESTS_SECRET_KEY="bench",
               CONTESTS_PUBLIC_PAGE_CACHE="1" if cache else "0")
    process = subprocess.Popen(
        [os.path.join(ROOT, ".venv/bin/gunicorn"), "-w", "2", "-k", "gthread", "--threads",
         "4", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"],
        cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, seconds: int) -> float:
    url = f"http://127.0.0.1:{port}{path}"
    urllib.request.urlopen(url).read()  # warm both workers' caches a little
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", url], capture_output=True,
                         text=True, check=True).stdout
    print(out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.db"
    path = build_contest(url, args.entries)
    results = {}
    for cache in (False, True):
        process, port = serve(url, cache)
        try:
            results[cache] = load(port, path, args.seconds)
        finally:
            process.terminate()
            process.wait()
    print(f"uncached render: {results[False]:.0f} req/s")
    print(f"cached page:     {results[True]:.0f} req/s")
    print(f"ratio:           {results[True] / results[False]:.1f}x (aim: 5x or better)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
