"""Play a demo contest through, with the real services: mark every stage that has entries,
confirm advancement into the next stage, publish the results and (for finished contests)
end the publicity period.

Each step runs only when its outcome is missing (a stage with entries but no sheets, a next
stage without entries, a contest without published results), so loading again changes
nothing, and a run interrupted half-way is completed by the next one."""
from datetime import date, timedelta

from sqlalchemy import func, select

from ...extensions import db
from ...models import Contest, Entry, Stage, User
from ..results import advancement, publication
from .marking import mark_stage, stage_has_sheets


def _has_entries(stage: Stage) -> bool:
    return bool(db.session.scalar(select(func.count(Entry.id)).where(Entry.stage_id == stage.id)))


def play(contest: Contest, users: dict[str, User], planner, *, final: bool,
         publicity_days: int = 0) -> list[str]:
    """Marks, advancement and publication for `contest`; `planner(stage)` gives the
    function that says what each sheet of the stage comes to. Results are published with a
    publicity period ending `publicity_days` from today and, when `final`, made final
    the day after. Returns what was done, in words."""
    organizer = users["demo-organizer"]
    done = []
    try:
        for stage in contest.stages:
            if _has_entries(stage) and not stage_has_sheets(stage):
                sheets, marks = mark_stage(stage, planner(stage))
                db.session.commit()
                done.append(f"{stage.name}: {sheets} sheets with {marks} marks entered")
            following = advancement.next_stage(stage)
            if (following is not None and stage.advancement_rule != "none"
                    and _has_entries(stage) and not _has_entries(following)):
                outcome = advancement.confirm(stage, organizer)  # commits
                done.append(f"{outcome['advancing']} advance to {following.name}")
        versions = publication.versions(contest)
        if not versions:
            ends = date.today() + timedelta(days=publicity_days)
            version = publication.publish(contest, publicity_ends_on=ends, change_note=None,
                                          user=organizer)  # commits
            done.append(f"results published (publicity until {ends.isoformat()})")
            versions = [version]
        elif not final and publicity_days and versions[0].published_by == organizer.id:
            # the demo's own version in publicity stays open to objections on every load
            moved = publication.keep_open(versions[0], organizer,
                                          date.today() + timedelta(days=publicity_days))
            if moved:
                done.append(f"publicity period moved to {moved}")
        # Only the demo's own first version is made final (also when a run stopped between
        # publishing and finalizing); a version published later by hand is left alone.
        if final and len(versions) == 1:
            (version,) = versions
            if version.status == "publicity" and version.published_by == organizer.id:
                publication.finalize(version, organizer, now=version.publicity_ends_at)
                done.append("results final")
    except Exception:
        db.session.rollback()
        raise
    return done


def state(contest: Contest) -> str:
    """The public state of the contest's results, for the loader's summary."""
    version = publication.public_version(contest)
    if version is None:
        return "results not published"
    if version.status == "publicity":
        return (f"results v{version.number} in publicity until "
                f"{publication.shown(version.publicity_ends_at)}")
    return f"results v{version.number} {version.status}"
