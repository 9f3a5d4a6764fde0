"""One refusal model for the whole product.

Services, the CLI and jobs raise a `Refused` (or one of its kinds) when the rules say no:
it carries a machine-readable `code` (for JSON answers, logs and tests) and a translated
`message` a person reads, plus optional structured `details` (the current value of a
stale mark, the row that failed ...). It never carries an HTTP status: each blueprint
maps the kind to a response in one place (`contests/responses.py`).

Standard library only, so anything (services, CLI, jobs) may raise it without Flask.
"""
from __future__ import annotations


class Refused(Exception):
    """The rules refuse this request; nothing was changed."""

    code = "refused"

    def __init__(self, message, code: str | None = None, **details):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return str(self.message)


class Invalid(Refused):
    """The request itself is wrong: a value out of range, a missing field, a bad file."""

    code = "invalid"


class TooLarge(Invalid):
    """The request is larger than this service reads (a body beyond its limit)."""

    code = "too_large"


class NotFound(Refused):
    """The thing asked for does not exist, or this user may not know that it exists."""

    code = "not_found"


class NotAllowed(Refused):
    """The thing exists and the user may know it, but may not do this to it."""

    code = "not_allowed"


class Conflict(Refused):
    """The current state of the data forbids it: a stale version, a locked sheet,
    a duplicate name, a final result."""

    code = "conflict"


class Busy(Refused):
    """Another request changed the same data at the same moment; nothing was changed and
    the same request may simply be sent again."""

    code = "busy"
