"""JSON logs, one object per line, when `JSON_LOGS` is on (CONTESTS_JSON_LOGS=1).

Each line holds `time` (UTC, ISO 8601), `level`, `logger`, `message`; inside a request also
`method` and `path`; the app's one line per answered request (logger `contests.request`)
adds `status`, `duration_ms` and `remote_addr` (the visitor's address once ProxyFix trusts
nginx). gunicorn's own log (deploy/gunicorn.conf.py) uses the same formatter, and its access
lines are turned off then, so each request is logged once. Exceptions add `exception`.
Off (the default), logging is Flask's and gunicorn's as usual."""
import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

from .config import flag

_MARK = "_contests_json_handler"  # our handler on the root logger, replaced not doubled


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            line["method"] = request.method
            line["path"] = request.path
        for key in ("status", "duration_ms", "remote_addr"):
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _MARK, True)
    return handler


def install(level: int = logging.INFO, stream=None) -> logging.Handler:
    """Send every logger through one JSON handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
    handler = json_handler(stream)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def init_app(app: Flask) -> None:
    if not flag(app.config.get("JSON_LOGS")):
        return
    install()
    app.logger.removeHandler(default_handler)  # records go to the root's JSON handler
    requests = logging.getLogger("contests.request")

    @app.before_request
    def _start_clock():
        g._log_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.get("_log_started")
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        requests.info("%s %s %s", request.method, request.path, response.status_code,
                      extra={"status": response.status_code, "duration_ms": duration,
                             "remote_addr": request.remote_addr})
        return response
