"""Refusals to HTTP responses: the one place where a `Refused` kind becomes a status.

Each blueprint calls `register(blueprint, render)` once; `render(refusal, status)` builds
that audience's answer (a JSON body for the tablet API, an error page or a flashed
message for pages)."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash, g, jsonify, redirect, render_template, request

from .refusals import Busy, Conflict, Invalid, NotAllowed, NotFound, Refused, TooLarge

STATUS: dict[type[Refused], int] = {
    Busy: 503,
    TooLarge: 413,
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


def back_to(url: str) -> str:
    """Declare where this request goes back to when the rules refuse its action (the page
    its form was on); `flash_and_back` sends the visitor there with the reason flashed.
    Returns `url`, so a view also uses it for its own redirect after success."""
    g.refusal_back_to = url
    return url


def flash_and_back(refusal: Refused, status: int):
    """For pages whose forms post an action and go back: the reason is flashed on the page
    the view declared with `back_to`. Without one (or for something missing or forbidden)
    the refusal is an error page."""
    url = g.get("refusal_back_to")
    if url is None or isinstance(refusal, NotFound | NotAllowed) or request.method == "GET":
        return as_page(refusal, status)
    flash(str(refusal.message), "error")
    return redirect(url)


def register(blueprint, render: Callable = as_page) -> None:
    """Answer every Refused that escapes a view of `blueprint` with `render`."""

    def handle(refusal: Refused):
        return render(refusal, status_of(refusal))

    blueprint.register_error_handler(Refused, handle)
