"""Parsed uploads kept on the server between preview and confirmation, under a random
token in the instance folder (EXCHANGE_UPLOAD_FOLDER overrides). Only the parsed table is
kept, never the original file, and it is sealed: encrypted and authenticated (Fernet) with
a key derived from SECRET_KEY, so the names and full ID numbers it holds are never on disk
in clear. It is deleted once imported and purged an hour after the upload: by the next
upload, and by `flask exchange purge-previews`. Changing SECRET_KEY makes waiting previews
unreadable (they answer as expired)."""
import base64
import json
import os
import re
import secrets
import time

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from .readers import Table

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
KEEP_SECONDS = 3600  # a preview lives one hour from its upload
SUFFIX = ".sealed"
PREVIEW_SUFFIX = ".preview.sealed"  # a big upload's preview, built by a job; purged with it
LEGACY_SUFFIX = ".json"  # unsealed previews written before issue 11: purged on sight
KEY_PURPOSE = b"contests/exchange/uploads v1"


def _folder() -> str:
    return current_app.config.get("EXCHANGE_UPLOAD_FOLDER") or os.path.join(
        current_app.instance_path, "exchange-uploads")


def _path(token: str) -> str | None:
    return os.path.join(_folder(), f"{token}{SUFFIX}") if TOKEN.match(token or "") else None


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=KEY_PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def _write(path: str, record: dict) -> None:
    """Sealed, readable by the service's user only, replaced in one step."""
    sealed = _fernet().encrypt(json.dumps(record, ensure_ascii=False).encode())
    partial = f"{path}.{secrets.token_hex(4)}.tmp"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(sealed)
    os.replace(partial, path)


def store(table: Table, *, kind: str, contest_id: int, filename: str,
          extra: dict | None = None) -> str:
    """`extra`: what else the import was asked with (a marks import's panel or stage and
    the status its sheets get), sealed with the table so the confirmation applies it."""
    os.makedirs(_folder(), mode=0o700, exist_ok=True)
    purge()
    token = secrets.token_urlsafe(24)
    record = dict(extra or {}, kind=kind, contest_id=contest_id, filename=filename,
                  mapping=None, created=time.time(), table=table.to_dict())
    _write(_path(token), record)
    return token


def _expired(created: float, now: float | None = None) -> bool:
    return (now or time.time()) - created > KEEP_SECONDS


def load(token: str, *, kind: str, contest_id: int) -> dict | None:
    """The stored upload with its Table, or None when unknown, expired, unreadable (another
    SECRET_KEY) or for another contest or kind (a token never opens someone else's
    upload). An expired one is deleted on the way."""
    path = _path(token)
    if path is None or not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        sealed = handle.read()
    try:
        record = json.loads(_fernet().decrypt(sealed))
    except (InvalidToken, ValueError):
        return None
    if _expired(min(record.get("created", 0), os.path.getmtime(path))):
        discard(token)
        return None
    if record["kind"] != kind or record["contest_id"] != contest_id:
        return None
    record["table"] = Table.from_dict(record["table"])
    return record


def save_mapping(token: str, record: dict, mapping: list) -> None:
    """Keeps the upload's time: choosing columns does not extend the hour."""
    path = _path(token)
    stat = os.stat(path)
    _write(path, dict(record, mapping=mapping, table=record["table"].to_dict()))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _preview_path(token: str) -> str | None:
    path = _path(token)
    return path and path.removesuffix(SUFFIX) + PREVIEW_SUFFIX


def save_preview(token: str, key: dict, preview: dict) -> None:
    """The preview of a big upload as its job built it (services/exchange/
    queued_preview.py), sealed beside the upload for the page to read; `key`: what it was
    built with (the column mapping ...), so a preview of other choices is never shown."""
    path = _preview_path(token)
    if path and os.path.exists(_path(token)):
        _write(path, {"key": key, "preview": preview})


def load_preview(token: str, key: dict) -> dict | None:
    path = _preview_path(token)
    if path is None or not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        sealed = handle.read()
    try:
        stored = json.loads(_fernet().decrypt(sealed))
    except (InvalidToken, ValueError):
        return None
    return stored["preview"] if stored.get("key") == key else None


def discard(token: str) -> None:
    for path in (_path(token), _preview_path(token)):
        if path and os.path.exists(path):
            os.remove(path)


def purge(*, everything: bool = False) -> int:
    """Deletes previews older than an hour (all of them with everything=True), unsealed
    ones of earlier versions and abandoned partial writes; the number deleted."""
    folder = _folder()
    if not os.path.isdir(folder):
        return 0
    now, removed = time.time(), 0
    for entry in os.scandir(folder):
        name = entry.name
        old = _expired(entry.stat().st_mtime, now)
        if (name.endswith(LEGACY_SUFFIX) or (name.endswith(".tmp") and old)
                or (name.endswith(SUFFIX) and (everything or old))):
            try:
                os.remove(entry.path)
            except FileNotFoundError:  # another worker was quicker
                continue
            removed += 1
    return removed
