"""Published standings page of 1,000 entries under load (wrk on 127.0.0.1), side by side in
one run, every server bound to 127.0.0.1 on a free port and stopped by its PID:

- uncached: gunicorn, page cache and published files off (every request renders);
- flask_cached: the same gunicorn serving the published files (contests/public/files.py);
- flask_floor: a minimal Flask app under the same gunicorn returning the same bytes;
- nginx: the published files straight from disk (the layout files.py writes), Flask behind;
- ceiling: the same nginx serving the same bytes as a plain static file.

    .venv/bin/python benchmarks/bench_public.py [--entries 1000] [--seconds 10]

Needs wrk and nginx (installed with apt-get when missing; the nginx ratio is n/a if that
fails). The last line is
`public: nginx/ceiling=X.XX flask_cached/flask_floor=Y.YY cached/uncached=Z`."""
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


NGINX = """worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
user root;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    # published pages only for visitors with no session cookie and no ?lang= (they may
    # have chosen English, or be signed in): everyone else is answered by Flask
    map "$cookie_session$arg_lang" $published_lang {{ "" zh_CN; default "-"; }}
    upstream flask {{ server 127.0.0.1:{flask_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/static;
        location = /ceiling.html {{ }}
        location ~ "^/contests/(?<code>[A-Za-z0-9][A-Za-z0-9_.-]*)(?<rest>/(stages|entries|delegations)/[0-9]+|/awards|/titles)?$" {{
            root {published};
            gzip_static on;
            add_header Cache-Control "public, max-age=60";
            add_header Vary "Accept-Encoding, Cookie";
            try_files /$code/current/$published_lang$rest/index.html @flask;
        }}
        location @flask {{
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_pass http://flask;
        }}
    }}
}}
"""

FLOOR = """from flask import Flask

app = Flask(__name__)
with open({page!r}, "rb") as f:
    BODY = f.read()


@app.route("/<path:_any>")
def page(_any):
    return BODY, 200, {{"Content-Type": "text/html; charset=utf-8"}}
"""


def build_contest(url: str, entries: int, published: str) -> tuple[str, float, float]:
    """The contest, published (files off), then its pages written: (path, seconds to
    publish, seconds to write every page)."""
    from sqlalchemy import insert

    from contests import create_app
    from contests.extensions import db
    from contests.models import Mark, ScoreSheet
    from contests.public import files
    from contests.services.results import publication
    from tests.builders import Builder

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PUBLISHED_FILES": False})
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
        published_in = time.perf_counter() - started
        print(f"published {entries} entries in {published_in:.2f} s")
        app.config["PUBLISHED_DIR"] = published
        started = time.perf_counter()
        pages = files.write_contest(contest.id, "http://127.0.0.1/")
        written_in = time.perf_counter() - started
        print(f"wrote {pages} pages (both languages, with .gz) in {written_in:.2f} s")
        return f"/contests/BENCH/stages/{stage.id}", published_in, written_in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str, process) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"the server on port {port} did not start")


def gunicorn(env: dict, module: str = "app:app", chdir: str = ROOT):
    port = free_port()
    process = subprocess.Popen(
        [os.path.join(ROOT, ".venv/bin/gunicorn"), "-w", "2", "-k", "gthread", "--threads",
         "4", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", chdir, module],
        cwd=ROOT, env=dict(os.environ, **env))
    return process, port


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load(port: int, path: str, seconds: int, label: str) -> float:
    url = f"http://127.0.0.1:{port}{path}"
    urllib.request.urlopen(url).read()  # warm up: both workers look the version up
    urllib.request.urlopen(url).read()
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", url], capture_output=True,
                         text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    print(f"{label:13s} {rate:9.0f} req/s")
    return rate


def ensure(tool: str) -> bool:
    if shutil.which(tool) or os.path.exists(f"/usr/sbin/{tool}"):
        return True
    subprocess.run(["apt-get", "install", "-y", "-q", tool], capture_output=True)
    return bool(shutil.which(tool) or os.path.exists(f"/usr/sbin/{tool}"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not ensure("wrk"):
        raise SystemExit("wrk is missing and could not be installed: apt-get install wrk")
    has_nginx = ensure("nginx")
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.db"
    published = os.path.join(folder, "published")
    path, _published_in, _written_in = build_contest(url, args.entries, published)
    page = os.path.join(published, "BENCH", "current", "zh_CN",
                        path.split("/BENCH/")[1], "index.html")
    os.makedirs(os.path.join(folder, "static"))
    shutil.copyfile(page, os.path.join(folder, "static", "ceiling.html"))
    with open(os.path.join(folder, "floor.py"), "w") as out:
        out.write(FLOOR.format(page=page))
    base = {"CONTESTS_DATABASE_URL": url, "CONTESTS_SECRET_KEY": "bench",
            "CONTESTS_JOBS_IMMEDIATE": "1"}
    servers = {
        "uncached": lambda: gunicorn(dict(base, CONTESTS_PUBLIC_PAGE_CACHE="0",
                                          CONTESTS_PUBLISHED_FILES="0")),
        "flask_cached": lambda: gunicorn(dict(base, CONTESTS_PUBLISHED_DIR=published)),
        "flask_floor": lambda: gunicorn({}, "floor:app", folder),
    }
    results = {}
    for name, start in servers.items():
        process, port = start()
        try:
            wait_for(port, path, process)
            results[name] = load(port, path, args.seconds, name)
        finally:
            stop(process)
    nginx_ratio = "n/a"
    if has_nginx:
        flask, flask_port = servers["flask_cached"]()
        port = free_port()
        with open(os.path.join(folder, "nginx.conf"), "w") as out:
            out.write(NGINX.format(tmp=folder, port=port, flask_port=flask_port,
                                   published=published))
        nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", folder,
                                  "-c", os.path.join(folder, "nginx.conf"), "-g",
                                  "daemon off;"])
        try:
            wait_for(flask_port, path, flask)
            wait_for(port, "/ceiling.html", nginx)
            results["ceiling"] = load(port, "/ceiling.html", args.seconds, "ceiling")
            results["nginx"] = load(port, path, args.seconds, "nginx")
            nginx_ratio = f"{results['nginx'] / results['ceiling']:.2f}"
        finally:
            stop(nginx)
            stop(flask)
    else:
        print("nginx is missing and could not be installed: nginx/ceiling is n/a")
    shutil.rmtree(folder)
    print(f"public: nginx/ceiling={nginx_ratio} "
          f"flask_cached/flask_floor={results['flask_cached'] / results['flask_floor']:.2f} "
          f"cached/uncached={results['flask_cached'] / results['uncached']:.0f}")


if __name__ == "__main__":
    main()
