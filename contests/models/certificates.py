"""Award certificates (证书): numbered once, verifiable by token, revoked rather than changed;
their per-contest wording; and the background jobs that render them in bulk."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .types import known
from .user import _now

CERTIFICATE_KIND_VOCABULARY = Vocabulary("certificate_kind", {
    "individual": N_("Individual award"),
    "team": N_("Team award"),
    "title": N_("Honorary title"),
    "grade": N_("Grade"),
})
CERTIFICATE_KINDS = CERTIFICATE_KIND_VOCABULARY.names
CERTIFICATE_STATUS_VOCABULARY = Vocabulary("certificate_status", {
    "valid": N_("Valid"),
    "revoked": N_("Revoked"),
})
CERTIFICATE_STATUSES = CERTIFICATE_STATUS_VOCABULARY.names
JOB_STATUS_VOCABULARY = Vocabulary("job_status", {
    "queued": N_("waiting"),
    "running": N_("rendering"),
    "done": N_("done"),
    "failed": N_("failed"),
})
JOB_STATUSES = JOB_STATUS_VOCABULARY.names


class Certificate(db.Model):
    """One printed certificate. Everything printed on it is stored here at issue time, so
    re-rendering always gives the same text and number; a changed result revokes it and
    issues a new one (`replaced_by`)."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("contest_id", "serial"),
        known(CERTIFICATE_KIND_VOCABULARY, "kind"),
        known(CERTIFICATE_STATUS_VOCABULARY, "status"),
        CheckConstraint("serial >= 1", name="serial_positive"),
        Index("ix_certificates_contest_subject", "contest_id", "subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    serial: Mapped[int]  # per contest, allocated once, never reused
    number: Mapped[str] = mapped_column(String(80), unique=True)  # printed; look-up key
    token: Mapped[str] = mapped_column(String(64), unique=True)  # in the QR code; unguessable
    kind: Mapped[str] = mapped_column(String(20))
    # Stable identity of what is certified across versions: "award:<rule>:entry:<id>" …
    subject: Mapped[str] = mapped_column(String(120))
    entry_id: Mapped[int | None] = mapped_column(index=True)  # snapshot ids, not foreign keys:
    contestant_id: Mapped[int | None]  # the record outlives later edits of the live rows
    delegation_id: Mapped[int | None]
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_unit: Mapped[str | None] = mapped_column(String(200))
    holder_delegation: Mapped[str | None] = mapped_column(String(200))
    award: Mapped[str] = mapped_column(String(200))  # tier (一等奖, 中级) or title
    rule: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str | None] = mapped_column(String(200))
    event: Mapped[str | None] = mapped_column(String(200))
    benefit: Mapped[str | None] = mapped_column(String(300))  # printed benefit text
    tier_position: Mapped[int | None]
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("result_versions.id", ondelete="SET NULL"))
    version_number: Mapped[int]  # the final version it was issued from
    issued_on: Mapped[date]  # the date printed on it
    issued_at: Mapped[datetime] = mapped_column(default=_now)
    status: Mapped[str] = mapped_column(String(20), default="valid")
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    revoked_in_version: Mapped[int | None]  # set when a later final version superseded it
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL"))

    contest: Mapped["Contest"] = relationship()  # noqa: F821
    replaced_by: Mapped["Certificate | None"] = relationship(remote_side=[id])

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name} {self.award}"


class CertificateWording(db.Model):
    """What a contest's certificates of one kind say; placeholders such as {name} are
    filled from the certificate (see certificates.wording)."""

    __tablename__ = "certificate_wordings"
    __table_args__ = (
        UniqueConstraint("contest_id", "kind"),
        known(CERTIFICATE_KIND_VOCABULARY, "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    issuers: Mapped[str | None] = mapped_column(Text)  # one issuing body per line
    date_text: Mapped[str | None] = mapped_column(String(100))  # empty: the issue date
    number_format: Mapped[str] = mapped_column(String(100))  # "{code}-{year}-{serial:04d}"

    def __str__(self) -> str:
        return self.title


class CertificateJob(db.Model):
    """A bulk render run in the background: progress for the organizer's page, and the
    printer PDF and per-person ZIP in the instance folder when done."""

    __tablename__ = "certificate_jobs"
    __table_args__ = (
        known(JOB_STATUS_VOCABULARY, "status"),
        CheckConstraint("done >= 0 AND total >= 0", name="counts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(Text, default="{}")  # JSON: stage, event, tier filters
    status: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    pdf_path: Mapped[str | None] = mapped_column(String(500))
    zip_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __str__(self) -> str:
        return f"job {self.id} ({self.status})"
