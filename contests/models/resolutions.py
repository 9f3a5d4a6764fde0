"""A chief judge's resolution of a spread beyond a criterion's tolerance: the judges'
marks for one criterion of one entry on one panel differ more than the rubric allows, and
the chief judge lets them stand, saying why. It holds for the marks it was given on (the
lowest and highest then); a re-mark that spreads differently needs a new look."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import MarkValue
from .user import _now


class SpreadResolution(db.Model):
    __tablename__ = "spread_resolutions"
    __table_args__ = (UniqueConstraint("panel_id", "entry_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id", ondelete="CASCADE"))
    lowest: Mapped[MarkValue]
    highest: Mapped[MarkValue]
    reason: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=_now)

    user: Mapped["User | None"] = relationship()  # noqa: F821
    criterion: Mapped["Criterion"] = relationship()  # noqa: F821
