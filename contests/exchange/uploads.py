"""Parsed uploads kept on the server between preview and confirmation, under a random
token in the instance folder (EXCHANGE_UPLOAD_FOLDER overrides). Only the parsed table is
kept, never the original file; it is deleted once imported and swept after a day."""
import json
import os
import re
import secrets
import time

from flask import current_app

from .readers import Table

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
KEEP_SECONDS = 24 * 3600


def _folder() -> str:
    return current_app.config.get("EXCHANGE_UPLOAD_FOLDER") or os.path.join(
        current_app.instance_path, "exchange-uploads")


def _path(token: str) -> str | None:
    return os.path.join(_folder(), f"{token}.json") if TOKEN.match(token or "") else None


def store(table: Table, *, kind: str, contest_id: int, filename: str) -> str:
    os.makedirs(_folder(), exist_ok=True)
    _sweep()
    token = secrets.token_urlsafe(24)
    record = dict(kind=kind, contest_id=contest_id, filename=filename, mapping=None,
                  table=table.to_dict())
    with open(_path(token), "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False)
    return token


def load(token: str, *, kind: str, contest_id: int) -> dict | None:
    """The stored upload with its Table, or None when unknown, expired or for another
    contest or kind (a token never opens someone else's upload)."""
    path = _path(token)
    if path is None or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        record = json.load(handle)
    if record["kind"] != kind or record["contest_id"] != contest_id:
        return None
    record["table"] = Table.from_dict(record["table"])
    return record


def save_mapping(token: str, record: dict, mapping: list) -> None:
    record = dict(record, mapping=mapping, table=record["table"].to_dict())
    with open(_path(token), "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False)


def discard(token: str) -> None:
    path = _path(token)
    if path and os.path.exists(path):
        os.remove(path)


def _sweep() -> None:
    limit = time.time() - KEEP_SECONDS
    for entry in os.scandir(_folder()):
        if entry.name.endswith(".json") and entry.stat().st_mtime < limit:
            os.remove(entry.path)
