"""The judging benchmark's tablets (benchmarks/bench_judging.py): each signs in through the
login form, then sends its changes one at a time as static/js/sheet.js does, with lost
answers sent again (now and then while the first request still runs) and server errors
retried; some tablets per client process, as threads."""
from __future__ import annotations

import http.client
import json
import random
import re
import socket
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from judging_world import HOST, PASSWORD, PAUSED, Tablet


# --------------------------------------------------------------------------- a tablet
class Browser:
    """One tablet's keep-alive HTTP connection with its session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = None
        self.reconnects = 0

    def _connect(self):
        self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        self.connection.connect()
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes, float]:
        """Send once; if a kept-alive connection was closed under us before any answer,
        connect again and send again (a tablet's resend: harmless, the key is the same)."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for _attempt in range(3):
            if self.connection is None:
                self._connect()
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                self.reconnects += 1
                continue
            elapsed = time.perf_counter() - started
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders()), data, elapsed
        raise ConnectionError(f"{method} {path}: no answer after 3 connections")

    def close(self):
        if self.connection is not None:
            self.connection.close()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def sign_in(browser: Browser, tablet: Tablet) -> str:
    """The login form (CSRF on), then the first sheet's page for its CSRF token."""
    status, _, page, _ = browser.request("GET", "/auth/login")
    token = CSRF_FIELD.search(page.decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": tablet.username,
                                   "password": PASSWORD}).encode()
    status, headers, _, _ = browser.request(
        "POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302 or not headers.get("Location", "").endswith("/judging/"):
        raise RuntimeError(f"{tablet.username}: sign-in answered {status}")
    status, _, page, _ = browser.request(
        "GET", f"/judging/panels/{tablet.panel_id}/entries/{tablet.entries[0]}/")
    if status != 200:
        raise RuntimeError(f"{tablet.username}: sheet page answered {status}")
    return CSRF_META.search(page.decode()).group(1)


def plan_changes(tablet: Tablet, count: int, rng: random.Random) -> list[dict]:
    """A judge's changes in order: first marks entry by entry, and now and then a
    correction of an earlier mark (built on its current version)."""
    slots = [(e, c) for e in tablet.entries for c, _max, _step in tablet.leaves]
    limits = {c: (maximum, step) for c, maximum, step in tablet.leaves}
    versions: dict[tuple[int, int], int] = {}
    changes = []
    next_slot = 0
    while len(changes) < count:
        if versions and (next_slot == len(slots) or rng.random() < 0.2):
            entry, criterion = rng.choice(sorted(versions))
        else:
            entry, criterion = slots[next_slot]
            next_slot += 1
        maximum, step = limits[criterion]
        value = step * rng.randint(0, int(maximum / step))
        base = versions.get((entry, criterion), 0)
        versions[(entry, criterion)] = base + 1
        changes.append({"key": str(uuid.uuid4()), "kind": "mark", "panel": tablet.panel_id,
                        "entry": entry, "criterion": str(criterion),
                        "value": format(value.normalize(), "f"), "base_version": base,
                        "device": f"bench-{tablet.username}"})
    return changes


@dataclass
class TabletResult:
    username: str
    changes: list[dict]
    latencies: list[float] = field(default_factory=list)        # first sends
    replay_latencies: list[float] = field(default_factory=list)  # resends
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    reconnects: int = 0


def run_tablet(tablet: Tablet, port: int, args, seed: int, ready: threading.Barrier,
               go: threading.Event, start_at: list[float]) -> TabletResult:
    rng = random.Random(seed)
    browser = Browser(port)
    result = TabletResult(tablet.username, plan_changes(tablet, args.changes, rng))
    try:
        csrf = sign_in(browser, tablet)
    except Exception as problem:
        result.problems.append(f"sign-in: {problem}")
        csrf = ""
    headers = {"Content-Type": "application/json", "X-CSRFToken": csrf,
               "User-Agent": "bench-tablet"}
    ready.wait()
    go.wait()
    # Tablets start spread over the first think time, then pace themselves.
    PAUSED.wait(max(0.0, start_at[0] - time.monotonic()) + rng.random() * args.think_ms / 1000)

    def send(change, to: Browser) -> tuple[int, dict, float]:
        status, _, data, elapsed = to.request("POST", "/judging/api/changes",
                                              json.dumps(change).encode(), headers)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        try:
            body = json.loads(data)
        except ValueError:
            body = {"raw": data[:200].decode(errors="replace")}
        return status, body, elapsed

    second = None
    for change in result.changes:
        if rng.random() < args.race:
            # The tablet gave up waiting and sent again on a new connection while the
            # first request was still running.
            second = second or Browser(port)
            second.cookies = browser.cookies
            answers = [None, None]

            def other(change=change, to=second, answers=answers):
                answers[1] = send(change, to)

            helper = threading.Thread(target=other)
            helper.start()
            answers[0] = send(change, browser)
            helper.join()
            result.latencies.append(answers[0][2])
            result.replay_latencies.append(answers[1][2])
            first, again = answers[0][1], answers[1][1]
            if not (answers[0][0] == answers[1][0] == 200
                    and first.get("version") == again.get("version")
                    and first.get("value") == again.get("value")
                    and (first.get("replayed") or again.get("replayed"))):
                result.problems.append(
                    f"concurrent resend answered {sorted([answers[0][0], answers[1][0]])}: "
                    f"{change['key']} {_short(answers[0][1])} / {_short(answers[1][1])}")
            status, body, _ = min(answers, key=lambda a: a[0])  # a 200 if there is one
            replay_ok = True
        else:
            status, body, elapsed = send(change, browser)
            result.latencies.append(elapsed)
            replay_ok = False
        # As sheet.js does: a server error (or 408/429) keeps the change queued, and it is
        # sent again, same key, a little later.
        for _retry in range(10):
            if status < 500 and status not in (408, 429):
                break
            result.problems.append(f"server answered {status} (the tablet sends again): "
                                   f"{change['key']} {_short(body)}")
            PAUSED.wait(args.retry_ms / 1000)
            status, body, elapsed = send(change, browser)
            result.replay_latencies.append(elapsed)
            replay_ok = True
        if status != 200 or not body.get("ok") or (body.get("replayed") and not replay_ok):
            result.problems.append(f"save answered {status}: {change['key']} {_short(body)}")
        elif rng.random() < args.resend:
            # The answer was "lost": the tablet sends the same change again.
            again_status, again, again_elapsed = send(change, browser)
            result.replay_latencies.append(again_elapsed)
            if again_status != 200 or not again.get("replayed") \
                    or again.get("version") != body.get("version"):
                result.problems.append(f"resend answered {again_status}: {change['key']} "
                                       f"{_short(again)}")
        if args.think_ms:
            PAUSED.wait(rng.uniform(0.5, 1.5) * args.think_ms / 1000)
    result.reconnects = browser.reconnects + (second.reconnects if second else 0)
    browser.close()
    if second:
        second.close()
    return result


def _short(body: dict) -> str:
    body = {k: v for k, v in body.items() if k != "state"}
    return json.dumps(body, ensure_ascii=False)[:160]


def client_process(tablets: list[Tablet], port: int, args, seed: int, barrier, start_at,
                   results) -> None:
    """Some of the tablets, as threads in one process (several processes keep the client's
    own GIL out of the measured latency)."""
    signed_in = threading.Barrier(len(tablets) + 1)
    go = threading.Event()
    out: list[TabletResult] = [None] * len(tablets)
    shared_start = [0.0]

    def one(i):
        out[i] = run_tablet(tablets[i], port, args, seed * 10_000 + i, signed_in, go,
                            shared_start)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(tablets))]
    for thread in threads:
        thread.start()
    signed_in.wait()         # this process's tablets have signed in,
    barrier.wait()           # and so have every other process's;
    barrier.wait()           # the start time is set.
    shared_start[0] = time.monotonic() + (start_at.value - time.time())
    go.set()
    for thread in threads:
        thread.join()
    results.put([r.__dict__ for r in out])

