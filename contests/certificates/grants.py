"""What a final snapshot certifies: one Grant per certificate it calls for. Pure: a
published snapshot (services/results/published.py, the typed reader) in, frozen grants out.

Which results get a certificate:
- every award (individual prize, team prize, grade band);
- the kind follows the rule, never the tier or a benefit: a score band grades (grade),
  a quota or a proportion awards prizes (individual, team), so a first prize with a
  one-off bonus is an award certificate, not a grade;
- a grade band whose benefit is zero (未定等级 beside paid bands) gets none: it records
  that the person was not graded, which nobody frames;
- honorary titles that are awarded; nominations (推荐) get none here, because the honour
  they recommend is conferred by another body, not by this contest.
"""
from dataclasses import asdict, dataclass

from .. import display
from ..scoring.awards import BENEFIT_PERIOD_VOCABULARY
from ..services.results.published import Award, Benefit, Snapshot, Title

#: How each benefit period (scoring.awards.BENEFIT_PERIOD_VOCABULARY) is printed before
#: the amount on a certificate, which is always in Chinese: 每月300元.
PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年", "once": "一次性"}
if list(PERIODS) != list(BENEFIT_PERIOD_VOCABULARY):
    raise ValueError(f"certificate wording for benefit periods {list(PERIODS)} does not "
                     f"match the vocabulary {list(BENEFIT_PERIOD_VOCABULARY)}")


@dataclass(frozen=True)
class Grant:
    """The printed content of one certificate; `subject` says what it certifies."""

    subject: str
    kind: str  # individual / team / title / grade
    name: str
    unit: str
    delegation: str
    award: str  # tier or title
    rule: str
    stage: str
    event: str
    benefit: str
    tier_position: int | None
    entry_id: int | None
    contestant_id: int | None
    delegation_id: int | None

    def printed(self) -> dict:
        """What appears on paper: when any of it changes, the certificate is reissued."""
        data = asdict(self)
        for key in ("subject", "tier_position", "entry_id", "contestant_id", "delegation_id"):
            data.pop(key)
        return data


@dataclass(frozen=True)
class Skipped:
    subject: str
    name: str
    award: str
    reason: str  # a code: "ungraded", "nomination", "not_awarded"


def _plain(amount: str | None) -> str:
    return display.plain(amount or "0", empty=str(amount))  # 300, 3600: yuan as typed


def benefit_text(benefit: Benefit | None) -> str:
    """每月300元（全年3600元）; the snapshot's own note wins when it has one."""
    if benefit is None:
        return ""
    if benefit.note:
        return benefit.note
    text = f"{PERIODS.get(benefit.period, '')}{_plain(benefit.amount)}元"
    if benefit.period not in ("year", "once") and benefit.yearly is not None:
        text += f"（全年{_plain(benefit.yearly)}元）"
    return text


def _holder(item: Award | Title, team: bool) -> str:
    if team and item.delegation_id is not None:
        return f"team:{item.delegation_id}"
    if item.entry_id is not None:
        return f"entry:{item.entry_id}"
    if item.contestant_id is not None:
        return f"contestant:{item.contestant_id}"
    if item.delegation_id is not None:
        return f"team:{item.delegation_id}"
    return f"name:{item.name}"


def _award_grant(item: Award) -> Grant | Skipped:
    subject = f"award:{item.rule_id}:{_holder(item, item.is_team)}"
    if item.is_team:
        kind = "team"
    elif item.method == "score_band":
        kind = "grade"
    else:
        kind = "individual"
    if kind == "grade" and item.benefit is not None and item.benefit.is_zero:
        return Skipped(subject, item.name, item.tier, "ungraded")
    return Grant(subject=subject, kind=kind, name=item.name, unit=item.unit,
                 delegation=item.delegation, award=item.tier, rule=item.rule,
                 stage=item.stage, event=item.event, benefit=benefit_text(item.benefit),
                 tier_position=item.tier_position, entry_id=item.entry_id,
                 contestant_id=item.contestant_id, delegation_id=item.delegation_id)


def _title_grant(item: Title) -> Grant | Skipped:
    subject = f"title:{item.rule_id}:{_holder(item, False)}"
    if item.is_nomination:
        return Skipped(subject, item.name, item.title, "nomination")
    if not item.conferred:
        return Skipped(subject, item.name, item.title, "not_awarded")
    return Grant(subject=subject, kind="title", name=item.name, unit=item.unit,
                 delegation=item.delegation, award=item.title, rule=item.title,
                 stage=item.stage, event=item.event, benefit="", tier_position=None,
                 entry_id=item.entry_id, contestant_id=item.contestant_id,
                 delegation_id=item.delegation_id)


def grants_from_snapshot(snapshot: Snapshot) -> tuple[list[Grant], list[Skipped]]:
    """Grants in snapshot order (awards by rule and tier, then titles): the order in which
    serial numbers are handed out. A subject listed twice is certified once."""
    grants, skipped, seen = [], [], set()
    items = [_award_grant(a) for a in snapshot.awards]
    items += [_title_grant(t) for t in snapshot.titles]
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.subject not in seen:
            seen.add(item.subject)
            grants.append(item)
    return grants, skipped
