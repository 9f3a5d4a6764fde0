"""Refusals to HTTP responses: the one place where a `Refused` kind becomes a status.

Each blueprint calls `register(blueprint, render)` once; `render(refusal, status)` builds
that audience's answer (a JSON body for the tablet API, an error page or a flashed
message for pages)."""
from __future__ import annotations

from collections.abc import Callable

from flask import jsonify, render_template

from .refusals import Conflict, Invalid, NotAllowed, NotFound, Refused

STATUS: dict[type[Refused], int] = {
    NotFound: 404,
    NotAllowed: 403,
    Invalid: 422,
    Conflict: 409,
    Refused: 409,
}


def status_of(refusal: Refused) -> int:
    """The HTTP status for a refusal: its nearest kind in STATUS."""
    for kind in type(refusal).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 409


def as_json(refusal: Refused, status: int):
    """The JSON answer every API endpoint gives for a refusal."""
    body = {"ok": False, "error": refusal.code, "message": str(refusal.message)}
    body.update({k: v for k, v in refusal.details.items() if k not in body})
    return jsonify(body), status


def as_page(refusal: Refused, status: int):
    """The error page, in the visitor's language, with the refusal's message."""
    return render_template("error.html", code=status, message=str(refusal.message)), status


def register(blueprint, render: Callable = as_page) -> None:
    """Answer every Refused that escapes a view of `blueprint` with `render`."""

    def handle(refusal: Refused):
        return render(refusal, status_of(refusal))

    blueprint.register_error_handler(Refused, handle)
