"""Hand-written result snapshots (services/results/snapshot_format.py, format 1) and final
ResultVersion rows, so certificate tests need no scoring or publishing."""
import json
from datetime import UTC, datetime
from itertools import count

from contests.models import ResultVersion

RARE_NAME = "喆堃镕玥珺翀瑄燚垚犇昇彧"  # less common name characters, all in GB18030
_ids = count(1000)


def person(name: str, *, unit: str = "某某大酒店", delegation: str = "北京代表队",
           delegation_id: int = 1) -> dict:
    """An individual: entry and contestant ids as the live database had them."""
    entry_id = next(_ids)
    return {"entry_id": entry_id, "contestant_id": entry_id + 50_000, "name": name,
            "unit": unit, "delegation": delegation, "delegation_id": delegation_id,
            "bib": f"B{entry_id}"}


def award(who: dict, tier: str = "一等奖", *, rule_id: int = 1, rule: str = "个人奖",
          tier_position: int = 1, scope: str = "individual", method: str = "quota",
          stage: str = "全国总决赛", event: str = "前厅服务", benefit: dict | None = None) -> dict:
    base = {"rule_id": rule_id, "rule": rule, "scope": scope, "method": method,
            "stage": stage, "event": event, "tier": tier, "tier_position": tier_position,
            "total": "95.50", "rank": 1, "benefit": benefit, "why": ""}
    if scope == "team":
        base.update({"entry_id": None, "contestant_id": None, "unit": "", "bib": "",
                     "delegation_id": who["delegation_id"], "name": who["delegation"],
                     "delegation": who["delegation"]})
    else:
        base.update(who)
    return base


def grade(who: dict, tier: str, amount: str, *, rule_id: int = 7, position: int = 1) -> dict:
    yearly = str(int(amount) * 12)
    return award(who, tier, rule_id=rule_id, rule="工会主席等级", method="score_band",
                 tier_position=position, stage="等级考核", event="履职能力考核",
                 benefit={"amount": amount, "period": "month", "yearly": yearly})


def title(who: dict, name: str = "优秀班组长", *, rule_id: int = 3,
          is_nomination: bool = False, state: str = "awarded") -> dict:
    return {"rule_id": rule_id, "title": name, "is_nomination": is_nomination,
            "state": state, **{k: who[k] for k in ("entry_id", "contestant_id",
                                                   "delegation_id", "name", "unit",
                                                   "delegation")}, "why": ""}


def snapshot(contest, awards=(), titles=(), number: int = 1) -> dict:
    return {
        "format": 1,
        "contest": {"id": contest.id, "code": contest.code, "name": contest.name,
                    "name_en": contest.name_en or "", "year": contest.year,
                    "organizer": contest.organizer or "", "decimal_places": 2},
        "version": {"number": number, "status": "final", "publicity_ends_on": None,
                    "published_at": "2026-05-03T08:00:00+00:00", "change_note": ""},
        "stages": [], "awards": list(awards), "titles": list(titles),
    }


def final_version(session, contest, awards=(), titles=(), number: int = 1,
                  status: str = "final") -> ResultVersion:
    version = ResultVersion(
        contest_id=contest.id, number=number, status=status,
        finalized_at=datetime(2026, 5, 3, 2, 0, tzinfo=UTC),
        snapshot=json.dumps(snapshot(contest, awards, titles, number), ensure_ascii=False))
    session.add(version)
    session.commit()
    return version


def certificate_and_job(session, contest) -> tuple:
    """A valid certificate and a finished-without-files render job of `contest`, written
    directly (no version needed): for tests that only need the routes to have something."""
    from datetime import date

    from contests.certificates.numbering import new_token
    from contests.models import Certificate, CertificateJob
    certificate = Certificate(contest_id=contest.id, serial=1, number=f"{contest.code}-0001",
                              token=new_token(), kind="individual", subject="award:1:entry:1",
                              holder_name="王彧", award="一等奖", version_number=1,
                              issued_on=date(2026, 5, 3))
    job = CertificateJob(contest_id=contest.id, status="done", total=1, done=1)
    session.add_all([certificate, job])
    session.commit()
    return certificate, job
