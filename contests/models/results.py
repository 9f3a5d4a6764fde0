"""Published results. A version is a frozen snapshot of standings, awards and titles;
public pages, exports and certificates read the snapshot, never the live marks, so a
later change becomes public only when the organizer publishes again."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.titles import NOMINATION_DECISION_VOCABULARY
from ..scoring.vocabulary import N_, Vocabulary
from .types import known
from .user import _now


def app_zone() -> ZoneInfo:
    """The app's local time zone (config BABEL_DEFAULT_TIMEZONE, Asia/Shanghai)."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or "Asia/Shanghai")


VERSION_STATUS_VOCABULARY = Vocabulary("version_status", {
    "publicity": N_("Publicity period"),
    "final": N_("Final"),
    "superseded": N_("Superseded"),
})
VERSION_STATUSES = VERSION_STATUS_VOCABULARY.names
OBJECTION_STATUS_VOCABULARY = Vocabulary("objection_status", {
    "pending": N_("Pending"),
    "upheld": N_("Upheld"),
    "dismissed": N_("Dismissed"),
})
OBJECTION_STATUSES = OBJECTION_STATUS_VOCABULARY.names
#: An organizer's manual change to who advances (AdvancementException.action).
ADVANCEMENT_ACTION_VOCABULARY = Vocabulary("advancement_action", {
    "add": N_("Added by hand"),
    "remove": N_("Removed by hand"),
})


class ResultVersion(db.Model):
    """成绩公示 / 最终成绩: one published state of a contest's results."""

    __tablename__ = "result_versions"
    __table_args__ = (
        UniqueConstraint("contest_id", "number"),
        known(VERSION_STATUS_VOCABULARY, "status"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="publicity")
    # The moment the publicity period ends (UTC, like every stored moment): objections are
    # accepted before it, finalizing is allowed from it (services/results/publication.py).
    publicity_ends_at: Mapped[datetime | None]
    published_at: Mapped[datetime] = mapped_column(default=_now)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                ondelete="SET NULL"))
    finalized_at: Mapped[datetime | None]
    change_note: Mapped[str | None] = mapped_column(Text)  # what changed since the last one, why
    show_explanations: Mapped[bool] = mapped_column(default=True)
    # JSON (services/results/snapshot_format.py); deferred: only read on a cache miss
    snapshot: Mapped[str] = mapped_column(Text, deferred=True)

    objections: Mapped[list["Objection"]] = relationship(
        back_populates="version", order_by="Objection.filed_at")

    @property
    def publicity_ends_local(self) -> datetime | None:
        """The end of the publicity period on the app's clock (BABEL_DEFAULT_TIMEZONE)."""
        if self.publicity_ends_at is None:
            return None
        return (self.publicity_ends_at.replace(tzinfo=UTC).astimezone(app_zone())
                .replace(tzinfo=None))


class Objection(db.Model):
    """异议: filed by anyone during the publicity period; decided by arbitration."""

    __tablename__ = "objections"
    __table_args__ = (
        known(OBJECTION_STATUS_VOCABULARY, "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("result_versions.id",
                                                       ondelete="CASCADE"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    entry_text: Mapped[str] = mapped_column(String(200))  # which entry, in the filer's words
    filer_name: Mapped[str] = mapped_column(String(100))
    filer_contact: Mapped[str] = mapped_column(String(200))
    grounds: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(default=_now)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    version: Mapped[ResultVersion] = relationship(back_populates="objections")


class AdvancementException(db.Model):
    """An organizer's manual addition to (or removal from) those advancing, with why."""

    __tablename__ = "advancement_exceptions"
    __table_args__ = (
        UniqueConstraint("stage_id", "entry_id"),
        known(ADVANCEMENT_ACTION_VOCABULARY, "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(300))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=_now)

    entry: Mapped["Entry"] = relationship()  # noqa: F821


class NominationDecision(db.Model):
    """A person's decision on a nomination's eligibility (推荐 → confirmed / rejected)."""

    __tablename__ = "nomination_decisions"
    __table_args__ = (
        UniqueConstraint("title_rule_id", "subject"),
        known(NOMINATION_DECISION_VOCABULARY, "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title_rule_id: Mapped[int] = mapped_column(ForeignKey("title_rules.id", ondelete="CASCADE"))
    # the bib of the entry nominated, or the team (work unit) or delegation named
    subject: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=_now)
