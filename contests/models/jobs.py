"""Long work of a contest done by the job worker (contests/jobs.py): an export, an import
or a publication too big for a request. One row per job: what to do (kind and its
parameters), how far it is (phase, done of total), and what came of it (a file under the
instance folder, an outcome, or an error). Bulk certificate renders keep their own table
(CertificateJob: two files, and a scope of their own)."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..scoring.vocabulary import N_, Vocabulary
from .certificates import JOB_STATUS_VOCABULARY
from .types import known
from .user import _now

JOB_KIND_VOCABULARY = Vocabulary("job_kind", {
    "export": N_("Export"),
    "import": N_("Import"),
    "marks_import": N_("Marks import"),
    "preview": N_("Preview of an import"),
    "publish": N_("Publication"),
})
JOB_KINDS = JOB_KIND_VOCABULARY.names


class Job(db.Model):
    """One queued piece of long work of a contest; its page polls `phase`, `done`, `total`."""

    __tablename__ = "jobs"
    __table_args__ = (
        known(JOB_KIND_VOCABULARY, "kind"),
        known(JOB_STATUS_VOCABULARY, "status"),
        CheckConstraint("done >= 0 AND total >= 0", name="counts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(20))
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: what the work needs
    status: Mapped[str] = mapped_column(String(20), default="queued")
    phase: Mapped[str | None] = mapped_column(String(20))  # reading, checking, writing ...
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    result_path: Mapped[str | None] = mapped_column(String(500))  # under the instance folder
    result_name: Mapped[str | None] = mapped_column(String(200))  # the download's name
    outcome: Mapped[str | None] = mapped_column(Text)  # JSON: counts, version number ...
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __str__(self) -> str:
        return f"job {self.id} ({self.kind}, {self.status})"
