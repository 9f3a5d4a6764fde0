"""Input from the web, bounded before anything trusts it.

- `<int:...>` in a route matches only ids a database column can hold (ASCII digits, at
  most MAX_ID): anything else is a 404 at routing, never a database error.
- `id_value` is the `type=` for ids in query strings and form fields, with the same bound.
- `json_object` reads a JSON request body within a size and a nesting depth, with finite
  numbers only (no NaN/Infinity), strings that can be stored (no NUL, no lone surrogates),
  and refuses anything else as `Invalid` / `TooLarge` (JSON answers: 422 / 413).
- `init_app` refuses a NUL character in any query or form value (400): no column can store
  it, and no person types it.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from flask import abort, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, ValidationError

from .refusals import Invalid, TooLarge

# Ids are INTEGER columns: 32 bits on PostgreSQL, which refuses even to compare one with a
# larger number ("integer out of range"), so this is the bound (well inside 63 bits).
MAX_ID = 2**31 - 1
MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 8
MAX_JSON_TEXT = 10_000


class BoundedIntConverter(IntegerConverter):
    """The `int` URL converter, bounded to what an id column holds."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)

    def to_python(self, value: str):
        if len(value) > 10 or not value.isascii():
            raise ValidationError()
        return super().to_python(value)


def id_value(raw) -> int:
    """An id from a query string or form (`request.args.get(name, type=id_value)`): a
    ValueError, so the default, unless it is a whole number from 1 to MAX_ID."""
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        raise ValueError(raw)
    number = int(text)
    if not 0 < number <= MAX_ID:
        raise ValueError(raw)
    return number


def init_app(app) -> None:
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul_characters():
        values = list(request.args.values())
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += list(request.form.values())
        if any("\x00" in value for value in values):
            abort(400)


# ---------------------------------------------------------------- JSON bodies

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str, limit: int) -> bool:
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _no_constant(name: str):
    raise ValueError(name)


def _storable(value, depth: int = 0) -> bool:
    """Finite numbers, strings a database can store, containers of those."""
    if isinstance(value, str):
        return (len(value) <= MAX_JSON_TEXT and "\x00" not in value
                and not any("\ud800" <= c <= "\udfff" for c in value))
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True  # None, booleans, ints (ints are bounded where they are used as ids)


def parse_json_object(raw: bytes, max_depth: int = MAX_JSON_DEPTH) -> dict:
    """The JSON object in `raw`; Invalid when it is not one, is nested deeper than
    `max_depth`, or holds NaN, Infinity or text no column can store."""
    refused = Invalid(_("The request is not a JSON object this service understands."),
                      code="bad_json")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise refused from None
    if _too_deep(body, max_depth):
        raise refused
    try:
        value = json.loads(body, parse_constant=_no_constant, parse_float=Decimal)
    except (ValueError, RecursionError):  # also ints of more than 4300 digits
        raise refused from None
    if not isinstance(value, dict) or not _storable(value):
        raise refused
    return value


def json_object(max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> dict:
    """The request's JSON object, read within `max_bytes` (TooLarge beyond)."""
    too_large = TooLarge(_("The request is too large."), code="too_large")
    if request.content_length is not None and request.content_length > max_bytes:
        raise too_large
    request.max_content_length = max_bytes  # a body sent without a length, too
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large from None
    if len(raw) > max_bytes:
        raise too_large
    return parse_json_object(raw, max_depth)


def is_bounded_int(value, strict: bool = False) -> bool:
    """Whether a JSON field is usable as an id or counter: None, an int from 0 to MAX_ID,
    or a string — which, if it reads as a number, must be one of those too. `strict`
    refuses strings that are not numbers."""
    if value is None:
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= MAX_ID
    if isinstance(value, str):
        if len(value) > 80:
            return False
        try:
            number = int(value)
        except ValueError:
            return not strict
        return 0 <= number <= MAX_ID
    return False
