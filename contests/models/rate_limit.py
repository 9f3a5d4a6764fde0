"""Rate-limit counters kept in the application's database, so every worker shares them
(contests/ratelimit_storage.py serves them to Flask-Limiter). Nothing else reads them."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateLimit(db.Model):
    """`count` hits on `key` in the window that ends at `expires_at` (UTC, naive). Keys name a
    limit and whom it counts (an address, or a hash of a username), never a password."""
    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(index=True)
