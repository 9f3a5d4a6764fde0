"""Strict reading of the stored JSON for published.py: each value checked for its kind,
decimals parsed from their strings, and every refusal naming the place in the document
("stages[0].groups[1].rows[3].total: '9x' is not a decimal number"). Standard library only.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation


class MalformedSnapshot(ValueError):
    """The stored document is not a published snapshot this code can read."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"published snapshot, {where}: {problem}")
        self.where = where
        self.problem = problem


_REQUIRED = object()


class Node:
    """One JSON object of the document, with its path for error messages."""

    def __init__(self, data, where: str):
        if not isinstance(data, dict):
            raise MalformedSnapshot(where, f"expected an object, found {_kind(data)}")
        self.data, self.where = data, where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, types: tuple, default=_REQUIRED):
        """The value at `key` of one of `types` (None in types: null allowed); a missing
        key, or a null where null is not allowed, gives `default` when there is one."""
        value = self.data.get(key)
        if value is None:
            if key in self.data and None in types:
                return None
            if default is _REQUIRED:
                raise MalformedSnapshot(self.at(key), "missing")
            return default
        wanted = tuple(t for t in types if t is not None)
        if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
            names = " or ".join(_JSON[t] for t in wanted)
            raise MalformedSnapshot(self.at(key), f"expected {names}, found {_kind(value)}")
        return value

    def text(self, key: str, default=_REQUIRED) -> str:
        return self.get(key, (str,), default)

    def number(self, key: str, default=_REQUIRED) -> int | None:
        return self.get(key, (int, None), default)

    def ident(self, key: str) -> int:
        """A required whole number (an id, a version number): never null."""
        return self.get(key, (int,))

    def flag(self, key: str, default=_REQUIRED) -> bool:
        return self.get(key, (bool,), default)

    def choice(self, key: str, allowed: tuple, default=_REQUIRED) -> str:
        value = self.text(key, default)
        if value not in allowed:
            raise MalformedSnapshot(self.at(key), f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def decimal(self, key: str, default=_REQUIRED) -> Decimal | None:
        return _decimal(self.get(key, (str, None), default), self.at(key))

    def date(self, key: str) -> date | None:
        return as_date(self.get(key, (str, None), None), self.at(key))

    def moment(self, key: str) -> datetime | None:
        return as_moment(self.get(key, (str, None), None), self.at(key))

    def node(self, key: str, default=_REQUIRED) -> Node | None:
        value = self.get(key, (dict, None), default)
        return None if value is None else Node(value, self.at(key))

    def nodes(self, key: str, default=_REQUIRED) -> list[Node]:
        values = self.get(key, (list,), default)
        return [Node(v, f"{self.at(key)}[{i}]") for i, v in enumerate(values)]

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.get(key, (list,), [])
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise MalformedSnapshot(f"{self.at(key)}[{i}]",
                                        f"expected text, found {_kind(value)}")
        return tuple(values)


_JSON = {dict: "an object", list: "a list", str: "text", int: "a whole number",
         bool: "true or false", float: "a binary number"}


def _kind(value) -> str:
    if value is None:
        return "null"
    return next((name for kind, name in _JSON.items() if type(value) is kind),
                type(value).__name__)


def _decimal(text: str | None, where: str) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MalformedSnapshot(where, f"{text!r} is not a decimal number") from None
    if not value.is_finite():
        raise MalformedSnapshot(where, f"{text!r} is not a finite number")
    return value


def as_date(text: str | None, where: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise MalformedSnapshot(where, f"{text!r} is not a date (YYYY-MM-DD)") from None


def as_moment(text: str | None, where: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        raise MalformedSnapshot(where, f"{text!r} is not a date and time") from None
