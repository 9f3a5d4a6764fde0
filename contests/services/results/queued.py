"""Publishing a contest with more than PUBLISH_INLINE_MAX_ENTRIES entries, as a job
(services/long_work.py): computing every stage and writing the snapshot can outlast a
request. What the organizer typed is checked before queueing (the same refusals as
inline); the worker publishes, and the version and the job's outcome are committed in the
same transaction, so a worker that dies never publishes twice."""
from datetime import datetime

from sqlalchemy import func, select

from ...extensions import db
from ...models import Contest, Entry, Stage, User
from .. import long_work
from . import publication

PUBLISH_INLINE_MAX_ENTRIES = 2_000


def entries(contest: Contest) -> int:
    return db.session.scalar(select(func.count(Entry.id)).join(Stage).where(
        Stage.contest_id == contest.id)) or 0


def queued(contest: Contest) -> int | None:
    """The contest's entries when publishing it should be queued, else None."""
    count = entries(contest)
    limit = long_work.threshold("PUBLISH_INLINE_MAX_ENTRIES", PUBLISH_INLINE_MAX_ENTRIES)
    return count if count > limit else None


def start(contest: Contest, *, publicity_ends_on: datetime, change_note: str | None,
          user: User | None, total: int):
    """Check what was typed (raises the refusals publish would), then queue the work."""
    publication.check(contest, publicity_ends_on=publicity_ends_on, change_note=change_note)
    return long_work.start(contest, "publish", dict(ends=publicity_ends_on.isoformat(),
                                                    change_note=change_note),
                           total=total, user=user)


@long_work.work("publish")
def publish(job, params: dict, progress) -> None:
    contest = db.session.get(Contest, job.contest_id)
    user = db.session.get(User, job.created_by) if job.created_by else None
    ends = datetime.fromisoformat(params["ends"])
    progress.phase("computing", total=job.total)
    listed = publication.versions(contest)
    number = listed[0].number + 1 if listed else 1
    progress.finish(outcome={"version": number})  # committed with the version itself
    version = publication.publish(contest, publicity_ends_on=ends,
                                  change_note=params.get("change_note"), user=user)
    job.outcome = long_work.dumps({"version": version.number,
                                   "ends": publication.shown(version.publicity_ends_at)})
