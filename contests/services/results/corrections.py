"""What has changed since the results were published: entries whose official total (or
status) now differs from the newest published version. The organizer sees them flagged
on the publication page; they become public only by publishing again (after final
results, as a correction)."""
from dataclasses import dataclass
from decimal import Decimal

from ...models import Contest, ResultVersion
from .compute import compute_contest
from .loading import OFFICIAL
from .published import Standing, read
from .snapshot import standings


@dataclass(frozen=True)
class Difference:
    """One entry of one stage whose official result is not what was published."""

    stage: str
    bib: str
    name: str
    published_total: Decimal | None
    current_total: Decimal | None
    published_status: str | None  # None: not in the published version
    current_status: str | None  # None: no longer in the results


def _by_entry(stages) -> dict[tuple[int, int], tuple[str, Standing]]:
    return {(stage.id, row.entry_id): (stage.name, row)
            for stage in stages for row in stage.rows}


def differences(contest: Contest, published: ResultVersion | None) -> list[Difference]:
    """Entries whose current official total or status differs from `published` (the
    newest version, whatever its status); none when nothing was published yet."""
    if published is None:
        return []
    places = contest.decimal_places
    before = _by_entry(read(published).stages)
    now = _by_entry(standings(s, places) for s in compute_contest(contest, OFFICIAL).stages)
    found = []
    for key in list(now) + [k for k in before if k not in now]:
        was, is_ = before.get(key, (None, None))[1], now.get(key, (None, None))[1]
        if was is not None and is_ is not None and (was.total, was.status) == (is_.total,
                                                                               is_.status):
            continue
        stage, row = now.get(key) or before[key]
        found.append(Difference(stage=stage, bib=row.bib, name=row.name,
                                published_total=was.total if was else None,
                                current_total=is_.total if is_ else None,
                                published_status=was.status if was else None,
                                current_status=is_.status if is_ else None))
    return found
