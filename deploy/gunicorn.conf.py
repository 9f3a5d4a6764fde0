"""gunicorn settings for production (docs/operations.md):

    .venv/bin/gunicorn --config deploy/gunicorn.conf.py app:app

Threads (gthread): a worker waits on the database part of the time, so each has two
threads; workers follow the CPU count. Two, not more: the threads of a worker share one
GIL, and a judge's save is mostly Python (SQLAlchemy), so a third or fourth thread adds
requests waiting for the GIL (and database backends competing for the cores) rather than
throughput; measured with benchmarks/bench_judging.py, 200 tablets on 2 cores (PostgreSQL:
p50 22 ms with 2 threads against 51 ms with 4, docs/performance.md). Every value can be
changed without editing this file:

    CONTESTS_BIND          where to listen                 127.0.0.1:8000 (nginx in front)
    CONTESTS_WEB_WORKERS   worker processes                the CPU count, at least 2
    CONTESTS_WEB_THREADS   threads per worker              2
    CONTESTS_WEB_TIMEOUT   seconds before a stuck worker is restarted   60
    CONTESTS_FORWARDED_ALLOW_IPS   nginx's address when it runs on another machine
    CONTESTS_JSON_LOGS=1   gunicorn's own log as JSON lines (contests/logging_setup.py); the
                           app then logs one JSON line per request itself, so gunicorn's
                           access log is off

Each worker keeps its own page cache (PUBLIC_PAGE_CACHE_BYTES, 32 MiB by default).
Long work (certificates, exports, big imports) runs in the job worker (`flask jobs worker`,
deploy/contests-worker.service), never in a request, so the timeout can stay short.
"""
import os

_env = os.environ.get


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = _env("CONTESTS_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(_env("CONTESTS_WEB_WORKERS") or max(2, _cpus()))
threads = int(_env("CONTESTS_WEB_THREADS") or 2)
timeout = int(_env("CONTESTS_WEB_TIMEOUT") or 60)
graceful_timeout = 30  # a restart lets requests in flight finish
keepalive = 5  # nginx keeps connections to the upstream open
max_requests = 5000  # recycle workers now and then (bounded memory), not all at once
max_requests_jitter = 500
# nginx's address(es): gunicorn believes X-Forwarded-Proto only from there (the app's own
# ProxyFix, CONTESTS_PROXY_FIX=1, handles X-Forwarded-For)
forwarded_allow_ips = _env("CONTESTS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to standard output / error: journald keeps them (journalctl -u contests-web).
errorlog = "-"
loglevel = _env("CONTESTS_LOG_LEVEL", "info")
accesslog = "-"
# the visitor's address as nginx saw it, the request, status, size, time in microseconds
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'

if _env("CONTESTS_JSON_LOGS", "").strip().lower() in ("1", "true", "yes", "on"):
    accesslog = None  # the app writes one JSON line per request (with status and duration)
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "contests.logging_setup.JsonFormatter"}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json",
                              "stream": "ext://sys.stderr"}},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["json"],
                               "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
        "root": {"level": "INFO", "handlers": []},
    }
