"""Draws by lot (抽签) and sealed codes (加密): each draw is recorded with its seed, the
algorithm that used it, what was drawn from, who drew and when, and the result, so that
anyone can re-run it (contests/scoring/draws.py, docs/draws.md)."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..scoring.draws import DRAW_KIND_VOCABULARY
from .types import known
from .user import _now


class Draw(db.Model):
    """One draw of a stage (of a heat, of an event): running order and workstations,
    judges to panels, or sealed codes. A draw made again before marking replaces the
    previous one, which stays on record (`replaced_at`)."""

    __tablename__ = "draws"
    __table_args__ = (known(DRAW_KIND_VOCABULARY, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    heat_id: Mapped[int | None] = mapped_column(ForeignKey("heats.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    seed: Mapped[str] = mapped_column(String(200))
    seed_sha256: Mapped[str] = mapped_column(String(64))  # SHA-256 of the seed, published
    algorithm: Mapped[str] = mapped_column(String(40))
    inputs: Mapped[str] = mapped_column(Text)  # JSON: the names drawn from, the parameters
    result: Mapped[str] = mapped_column(Text)  # JSON: what the draw decided
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    drawn_at: Mapped[datetime] = mapped_column(default=_now)
    replaced_at: Mapped[datetime | None]
    # Sealed codes only: the explicit, recorded step that maps codes back to entrants.
    unsealed_at: Mapped[datetime | None]
    unsealed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    stage: Mapped["Stage"] = relationship()  # noqa: F821
    heat: Mapped["Heat | None"] = relationship()  # noqa: F821
    event: Mapped["Event | None"] = relationship()  # noqa: F821
    drawn_by: Mapped["User | None"] = relationship(foreign_keys=[drawn_by_id])  # noqa: F821
    unsealed_by: Mapped["User | None"] = relationship(  # noqa: F821
        foreign_keys=[unsealed_by_id])

    @property
    def sealed(self) -> bool:
        return self.kind == "seal" and self.unsealed_at is None


class SealedCode(db.Model):
    """An entry's sealed code in a stage (加密): what judges see instead of any number
    that names the entrant. Held for the draw in force only."""

    __tablename__ = "sealed_codes"
    __table_args__ = (UniqueConstraint("draw_id", "code"), UniqueConstraint("entry_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(12))

    draw: Mapped[Draw] = relationship()
