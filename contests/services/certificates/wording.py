"""Saving a contest's certificate wording: checked (unknown placeholders, a number format
without {serial}) before anything is written, audited."""
from sqlalchemy import select

from ...certificates import numbering
from ...certificates import wording as texts
from ...extensions import db
from ...models import CertificateWording, Contest
from ...refusals import Invalid
from .. import audit
from ..transaction import all_or_nothing


def check(values: dict) -> dict[str, list[str]]:
    problems = texts.check(values.get("title", ""), values.get("body", ""))
    problems["number_format"] = numbering.check_format(values.get("number_format", ""))
    return {k: v for k, v in problems.items() if v}


def saved(contest: Contest, kind: str) -> CertificateWording | None:
    return db.session.scalar(select(CertificateWording).where(
        CertificateWording.contest_id == contest.id, CertificateWording.kind == kind))


def save(contest: Contest, kind: str, values: dict) -> CertificateWording:
    """values: title, body, issuers (one per line), date_text, number_format. Refused
    (Invalid, with `problems` per field name: {"body": ["Unknown placeholder {nmae} …"]})
    before anything is written."""
    problems = check(values)
    if problems:
        raise Invalid("; ".join(p for ps in problems.values() for p in ps), code="wording",
                      problems=problems)
    with all_or_nothing():
        row = saved(contest, kind)
        old = audit.snapshot(row) if row is not None else None
        if row is None:
            row = CertificateWording(contest_id=contest.id, kind=kind)
            db.session.add(row)
        row.title = values["title"].strip()
        row.body = values["body"].strip()
        row.issuers = "\n".join(texts.split_issuers(values.get("issuers"))) or None
        row.date_text = (values.get("date_text") or "").strip() or None
        row.number_format = values["number_format"].strip()
        db.session.flush()
        audit.record("create" if old is None else "update", row, contest_id=contest.id,
                     old=old, new=audit.snapshot(row))
    return row


def reset(contest: Contest, kind: str) -> None:
    """Back to the default wording."""
    row = saved(contest, kind)
    if row is None:
        return
    with all_or_nothing():
        audit.record("delete", row, contest_id=contest.id, old=audit.snapshot(row))
        db.session.delete(row)


def unsaved(contest: Contest, kind: str, values: dict) -> texts.Wording:
    """The wording as typed, for a preview before saving (checked by the caller)."""
    return texts.Wording(kind=kind, title=values["title"].strip(),
                         body=values["body"].strip(),
                         issuers=texts.split_issuers(values.get("issuers")),
                         date_text=(values.get("date_text") or "").strip(),
                         number_format=values["number_format"].strip())
