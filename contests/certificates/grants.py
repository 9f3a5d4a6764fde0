"""What a final snapshot certifies: one Grant per certificate it calls for. Pure: a
snapshot dict (services/results/snapshot_format.py) in, frozen grants out.

Which results get a certificate:
- every award (individual prize, team prize, grade band);
- a grade band whose benefit is zero (未定等级 beside paid bands) gets none: it records
  that the person was not graded, which nobody frames;
- honorary titles that are awarded; nominations (推荐) get none here, because the honour
  they recommend is conferred by another body, not by this contest.
"""
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年", "once": "一次性"}


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
    try:
        value = Decimal(amount or "0")
    except InvalidOperation:
        return str(amount)
    text = format(value.normalize(), "f")
    return text


def benefit_text(benefit: dict | None) -> str:
    """每月300元（全年3600元）; the snapshot's own note wins when it has one."""
    if not benefit:
        return ""
    if benefit.get("note"):
        return benefit["note"]
    amount = _plain(benefit.get("amount"))
    period = benefit.get("period") or "once"
    text = f"{PERIODS.get(period, '')}{amount}元"
    yearly = benefit.get("yearly")
    if period not in ("year", "once") and yearly:
        text += f"（全年{_plain(yearly)}元）"
    return text


def _holder(item: dict, team: bool) -> str:
    if team and item.get("delegation_id") is not None:
        return f"team:{item['delegation_id']}"
    if item.get("entry_id") is not None:
        return f"entry:{item['entry_id']}"
    if item.get("contestant_id") is not None:
        return f"contestant:{item['contestant_id']}"
    if item.get("delegation_id") is not None:
        return f"team:{item['delegation_id']}"
    return f"name:{item.get('name', '')}"


def _zero(benefit: dict | None) -> bool:
    try:
        return benefit is not None and Decimal(benefit.get("amount") or "0") == 0
    except InvalidOperation:
        return False


def _award_grant(item: dict) -> Grant | Skipped:
    team = item.get("scope") == "team"
    subject = f"award:{item['rule_id']}:{_holder(item, team)}"
    if team:
        kind = "team"
    elif item.get("method") == "score_band" or item.get("benefit"):
        kind = "grade"
    else:
        kind = "individual"
    if kind == "grade" and _zero(item.get("benefit")):
        return Skipped(subject, item.get("name", ""), item.get("tier", ""), "ungraded")
    return Grant(subject=subject, kind=kind, name=item.get("name") or "",
                 unit=item.get("unit") or "", delegation=item.get("delegation") or "",
                 award=item.get("tier") or "", rule=item.get("rule") or "",
                 stage=item.get("stage") or "", event=item.get("event") or "",
                 benefit=benefit_text(item.get("benefit")),
                 tier_position=item.get("tier_position"), entry_id=item.get("entry_id"),
                 contestant_id=item.get("contestant_id"),
                 delegation_id=item.get("delegation_id"))


def _title_grant(item: dict) -> Grant | Skipped:
    subject = f"title:{item['rule_id']}:{_holder(item, False)}"
    if item.get("is_nomination"):
        return Skipped(subject, item.get("name", ""), item.get("title", ""), "nomination")
    if item.get("state") not in ("awarded", "confirmed"):
        return Skipped(subject, item.get("name", ""), item.get("title", ""), "not_awarded")
    return Grant(subject=subject, kind="title", name=item.get("name") or "",
                 unit=item.get("unit") or "", delegation=item.get("delegation") or "",
                 award=item.get("title") or "", rule=item.get("title") or "",
                 stage=item.get("stage") or "", event=item.get("event") or "", benefit="",
                 tier_position=None, entry_id=item.get("entry_id"),
                 contestant_id=item.get("contestant_id"),
                 delegation_id=item.get("delegation_id"))


def grants_from_snapshot(snapshot: dict) -> tuple[list[Grant], list[Skipped]]:
    """Grants in snapshot order (awards by rule and tier, then titles): the order in which
    serial numbers are handed out. A subject listed twice is certified once."""
    grants, skipped, seen = [], [], set()
    items = [_award_grant(a) for a in snapshot.get("awards", [])]
    items += [_title_grant(t) for t in snapshot.get("titles", [])]
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.subject not in seen:
            seen.add(item.subject)
            grants.append(item)
    return grants, skipped
