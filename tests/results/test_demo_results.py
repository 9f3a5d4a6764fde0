"""End to end through the services on the demo contests: the demo loader marks every entry
(confirmed sheets), confirms advancement and publishes, and the published snapshots say
what the newspaper reported.

Tables are emptied between tests, so each test loads what it reads: one contest
(`load_all(only=...)`, quick) or, for the statuses of all five, the README's command."""
import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.models import (
    AwardRule,
    Conflict,
    Contest,
    Criterion,
    Entry,
    Mark,
    Panel,
    ResultVersion,
    ScoreSheet,
    User,
)
from contests.services.demo.loader import load_all
from contests.services.judging import progress
from contests.services.judging import rubric as judging_rubric
from contests.services.results import publication

VETO_REASON = "违反保密原则"


def load(db, code: str) -> Contest:
    load_all(only=(code,))
    db.session.expire_all()
    return db.session.scalar(select(Contest).where(Contest.code == code))


def published(db, contest: Contest) -> tuple[ResultVersion, dict]:
    (version,) = db.session.scalars(select(ResultVersion).where(
        ResultVersion.contest_id == contest.id)).all()
    return version, json.loads(version.snapshot)


def stage_rows(snapshot: dict, name: str) -> list[dict]:
    (stage,) = [s for s in snapshot["stages"] if s["name"] == name]
    return [row for group in stage["groups"] for row in group["rows"]]


def tiers(snapshot: dict, scope: str) -> Counter:
    return Counter(a["tier"] for a in snapshot["awards"] if a["scope"] == scope)


@pytest.fixture
def mental(db):
    contest = load(db, "MENTAL2026")
    version, snapshot = published(db, contest)
    return contest, version, snapshot


def test_mental_health_quotas_are_exact(db, mental):
    contest, version, snapshot = mental
    assert version.status == snapshot["version"]["status"] == "final"
    assert tiers(snapshot, "individual") == {"特等奖": 1, "一等奖": 3, "二等奖": 6, "三等奖": 12}
    assert tiers(snapshot, "team") == {"特等奖": 1, "一等奖": 2, "二等奖": 3, "三等奖": 4}
    individual = [a for a in snapshot["awards"] if a["scope"] == "individual"]
    assert len({a["entry_id"] for a in individual}) == 22
    assert not any("beyond the quota" in a["why"] for a in snapshot["awards"])
    # Tiers follow the ranking: every special/first/second/third holder outranks the next.
    by_position = sorted(individual, key=lambda a: (a["tier_position"], a["rank"]))
    assert [a["rank"] for a in by_position] == sorted(a["rank"] for a in individual)
    # 31 delegations in the final, two or three members each, ranked on their mean.
    (final,) = [s for s in snapshot["stages"] if s["name"] == "决赛"]
    assert len(final["teams"]) == 31
    assert {t["members"] for t in final["teams"]} <= {2, 3}
    team_awards = sorted((a for a in snapshot["awards"] if a["scope"] == "team"),
                         key=lambda a: a["rank"])
    assert [a["rank"] for a in team_awards] == list(range(1, 11))

    # The tie at the first/second prize boundary is decided by the stated rule.
    rule = db.session.scalar(select(AwardRule).where(AwardRule.contest_id == contest.id,
                                                     AwardRule.scope == "individual"))
    assert rule.tie_policy == "tie_break"
    assert contest.stages[1].ranking_metrics == "total,component:实操技能"
    by_rank = {a["rank"]: a for a in individual}
    last_first, next_one = by_rank[4], by_rank[5]
    assert (last_first["tier"], next_one["tier"]) == ("一等奖", "二等奖")
    assert last_first["total"] == next_one["total"]  # tied on the total at the boundary …
    rows = {r["entry_id"]: r for r in stage_rows(snapshot, "决赛")}
    above = Decimal(rows[last_first["entry_id"]]["components"]["实操技能"])
    below = Decimal(rows[next_one["entry_id"]]["components"]["实操技能"])
    assert above > below  # … and the practical part decides, as the rule states
    # The award says so: why it is a second prize and not a first.
    assert f"placed after {last_first['bib']}" in next_one["why"]
    assert "separated by component 实操技能" in next_one["why"]
    assert f"({below.normalize():f} against {above.normalize():f})" in next_one["why"]


def test_mental_health_vetoed_leader_skipped_and_best_three_per_delegation_advance(
        db, mental):
    contest, _, snapshot = mental
    semi, final = contest.stages
    semi_rows, final_rows = stage_rows(snapshot, "复赛"), stage_rows(snapshot, "决赛")
    assert len(semi_rows) == 106 and len(final_rows) == 88
    assert sum(r["advanced"] for r in semi_rows) == 88
    finalists = {r["contestant_id"] for r in final_rows}
    assert finalists == {r["contestant_id"] for r in semi_rows if r["advanced"]}
    by_delegation: dict[int, list] = {}
    for row in semi_rows:
        by_delegation.setdefault(row["delegation_id"], []).append(row)
    for rows in by_delegation.values():
        rows.sort(key=lambda r: r["rank"])
        going = [r["contestant_id"] for r in rows if r["advanced"]]
        assert going == [r["contestant_id"] for r in rows[:3]]
    # Every finalist was marked by all eight judges: three readers and five practice judges.
    sheets = Counter(db.session.scalars(select(ScoreSheet.entry_id).join(Entry).where(
        Entry.stage_id == final.id, ScoreSheet.status == "confirmed")))
    assert len(sheets) == 88 and set(sheets.values()) == {8}

    # The vetoed leader: shown with the judge's reason, never ranked or awarded.
    (vetoed,) = [r for r in final_rows if r["status"] == "vetoed"]
    assert vetoed["rank"] is None and not vetoed["eligible"]
    assert any(VETO_REASON in note for note in vetoed["notes"])
    assert any(VETO_REASON in line["text"] for line in vetoed["explanation"])
    # Among the leaders: only the special prize winner scored more.
    ahead = [r for r in final_rows if r["status"] == "ranked"
             and Decimal(r["total"]) > Decimal(vetoed["total"])]
    assert [r["rank"] for r in ahead] == [1]
    assert vetoed["entry_id"] not in {a["entry_id"] for a in snapshot["awards"]}
    # So the first prizes went to ranks 2-4: the quota was filled from the next eligible.
    firsts = [a for a in snapshot["awards"] if a["scope"] == "individual"
              and a["tier"] == "一等奖"]
    assert sorted(a["rank"] for a in firsts) == [2, 3, 4]
    # One judge's sheet carries the veto, with its reason.
    (sheet,) = db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.entry_id == vetoed["entry_id"], ScoreSheet.veto_reason.is_not(None)))
    assert VETO_REASON in sheet.veto_reason and sheet.status == "confirmed"
    assert sheet.judge.username == "demo-judge3"


def test_union_chairs_graded_into_bands_with_allowances(db):
    union = load(db, "UNION2026")
    version, snapshot = published(db, union)
    assert version.status == "final"
    (stage,) = union.stages
    counted = Counter(a["tier"] for a in snapshot["awards"])
    assert [counted[band] for band in ("高级", "中级", "初级", "未定等级")] == [0, 4, 10, 6]
    yearly = {(a["tier"], a["benefit"]["period"], a["benefit"]["amount"],
               a["benefit"]["yearly"]) for a in snapshot["awards"]}
    assert yearly == {("中级", "month", "200.00", "2400.00"),
                      ("初级", "month", "100.00", "1200.00"),
                      ("未定等级", "month", "0.00", "0.00")}
    for award in snapshot["awards"]:
        total = Decimal(award["total"])
        low, high = {"中级": (75, 90), "初级": (60, 75), "未定等级": (0, 60)}[award["tier"]]
        assert low <= total < high, award
    assert "高级" in {t.name for t in db.session.scalars(select(AwardRule)).one().tiers}
    # Self-assessment by one account, township by another, the panel by the rest.
    rows = stage_rows(snapshot, stage.name)
    assert len(rows) == 20 and all(r["status"] == "ranked" for r in rows)
    markers: dict[str, Counter] = {}
    for panel in db.session.scalars(select(Panel).where(Panel.stage_id == stage.id)):
        markers[panel.rater_group.name] = Counter(db.session.scalars(
            select(User.username).join(ScoreSheet, ScoreSheet.judge_id == User.id)
            .where(ScoreSheet.panel_id == panel.id)))
    assert markers["个人自评"] == {"demo-judge5": 20}
    assert markers["乡镇（街道）工会评价"] == {"demo-judge4": 20}
    panel_judges = ("demo-chief", "demo-judge1", "demo-judge2", "demo-judge3")
    assert markers["评审组评价"] == dict.fromkeys(panel_judges, 20)


def test_team_leaders_advance_through_three_stages_and_finalists_get_the_title(db):
    lead = load(db, "TEAMLEAD2026")
    version, snapshot = published(db, lead)
    assert version.status == "final"
    preliminary, semi, final = lead.stages
    entries = {stage.name: db.session.scalars(select(Entry).where(
        Entry.stage_id == stage.id)).all() for stage in lead.stages}
    assert [len(entries[s.name]) for s in lead.stages] == [37, 20, 10]
    for stage, following in ((preliminary, semi), (semi, final)):
        rows = stage_rows(snapshot, stage.name)
        going = sorted(r["rank"] for r in rows if r["advanced"])
        assert going == sorted(r["rank"] for r in rows)[:len(entries[following.name])]
        assert {r["contestant_id"] for r in rows if r["advanced"]} == {
            e.contestant_id for e in entries[following.name]}
        assert Counter(e.status for e in entries[stage.name])["advanced"] == len(going)
    # The final carries 30% of the semi-final total.
    semi_totals = {r["contestant_id"]: Decimal(r["total"])
                   for r in stage_rows(snapshot, semi.name)}
    assert all(e.carried_total == semi_totals[e.contestant_id] for e in entries[final.name])
    assert all(e.carried_total is None for e in entries[semi.name])
    for row in stage_rows(snapshot, final.name):
        carried = semi_totals[row["contestant_id"]]
        own = Decimal(row["components"]["团队建设"])
        assert abs(Decimal(row["total"]) - (carried * 3 + own * 7) / 10) <= Decimal("0.01")
    # Every finalist holds the title; first-prize holders' teams are nominated, to confirm.
    titles = [t for t in snapshot["titles"] if t["title"] == "优秀班组长"]
    assert {t["entry_id"] for t in titles} == {e.id for e in entries[final.name]}
    assert {t["state"] for t in titles} == {"awarded"}
    nominations = [t for t in snapshot["titles"] if t["title"] == "推荐申报省工人先锋号"]
    firsts = {a["entry_id"] for a in snapshot["awards"] if a["tier"] == "一等奖"}
    winners = [e.contestant for e in entries[final.name] if e.id in firsts]
    assert len(winners) == 2
    # the nomination names each winner's team (班组), once, with the winner as its reason
    assert sorted(t["name"] for t in nominations) == sorted({w.unit for w in winners})
    assert all(t["subject"] == "unit" and t["entry_id"] is None for t in nominations)
    assert sorted(n for t in nominations for n in t["basis"]) == sorted(w.name for w in winners)
    assert all(t["is_nomination"] and t["state"] == "to_confirm" for t in nominations)


def test_readme_command_leaves_four_final_and_the_hotel_final_in_publicity(db, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    contests = {c.code: c for c in db.session.scalars(select(Contest))}
    assert set(contests) == {"HOTEL2026", "UNION2026", "TEAMLEAD2026", "MENTAL2026",
                             "STUDIO2026"}
    for code, contest in contests.items():
        version, snapshot = published(db, contest)
        assert version.number == 1 and version.status == snapshot["version"]["status"]
        assert version.published_by == db.session.scalar(
            select(User.id).where(User.username == "demo-organizer"))
        assert snapshot["awards"], code
        if code == "HOTEL2026":
            assert version.status == "publicity" and version.finalized_at is None
            assert version.publicity_ends_at == publication.end_moment(
                date.today() + timedelta(days=7))
        else:
            assert version.status == "final" and version.finalized_at is not None
    hotel = contests["HOTEL2026"]
    _, snapshot = published(db, hotel)
    rows = stage_rows(snapshot, "全国总决赛")
    assert len(rows) == 123 and {r["status"] for r in rows} == {"ranked"}
    assert Counter(a["tier"] for a in snapshot["awards"] if a["scope"] == "team")["一等奖"] >= 3

    # Every mark entered: no sheet owed or open on any panel …
    for contest in contests.values():
        for panel_progress in progress.contest_progress(contest.id):
            counts = panel_progress.counts
            assert counts["missing"] == counts["draft"] == counts["submitted"] == 0
            assert counts["confirmed"] == panel_progress.expected > 0
    # … except where a judge recused: demo-judge2 never marked the finalist from their hotel.
    (conflict,) = db.session.scalars(select(Conflict))
    assert db.session.scalar(select(func.count(ScoreSheet.id)).join(Entry).where(
        ScoreSheet.judge_id == conflict.user_id,
        Entry.contestant_id == conflict.contestant_id)) == 0
    assert db.session.scalar(select(func.count(ScoreSheet.id)).join(Entry).where(
        Entry.contestant_id == conflict.contestant_id)) == 10  # heat 3 − 1, 1; final 5 − 1, 3
    # … and on every sheet every marked item of its rubric, on the item's step, within max.
    marks: dict[int, dict] = {}
    for sheet_id, criterion_id, value in db.session.execute(
            select(Mark.sheet_id, Mark.criterion_id, Mark.value)):
        marks.setdefault(sheet_id, {})[criterion_id] = value
    checked = 0
    for panel in db.session.scalars(select(Panel)):
        leaves = judging_rubric.markable(judging_rubric.criteria(panel))
        for sheet_id in db.session.scalars(select(ScoreSheet.id).where(
                ScoreSheet.panel_id == panel.id)):
            assert set(marks[sheet_id]) == set(leaves)
            for criterion_id, value in marks[sheet_id].items():
                leaf = leaves[criterion_id]
                assert 0 <= value <= leaf.max_points and value % leaf.step == 0
            checked += 1
    assert checked == len(marks) == db.session.scalar(select(func.count(ScoreSheet.id)))


def test_hotel_publicity_stays_in_the_future_on_every_load(db):
    hotel = load(db, "HOTEL2026")
    version, _snapshot = published(db, hotel)
    first_end = version.publicity_ends_at
    load(db, "HOTEL2026")
    assert published(db, hotel)[0].publicity_ends_at == first_end  # still running: kept
    version = published(db, hotel)[0]
    version.publicity_ends_at = publication.utc_now() - timedelta(days=1)  # a week later
    db.session.commit()
    load(db, "HOTEL2026")
    version, snapshot = published(db, hotel)
    assert version.status == "publicity" and publication.publicity_running(version)
    assert version.publicity_ends_at == publication.end_moment(date.today() + timedelta(days=7))
    assert snapshot["version"]["publicity_ends_at"] == version.publicity_ends_at.isoformat()


def test_hotel_heats_are_marked_and_each_heats_winner_is_the_finalist(db):
    hotel = load(db, "HOTEL2026")
    heats, final = hotel.stages
    _, snapshot = published(db, hotel)
    rows = stage_rows(snapshot, heats.name)
    # 123 finalists and two others per province and event, every one marked and ranked
    assert len(rows) == 369 and {r["status"] for r in rows} == {"ranked"}
    assert all(Decimal(r["total"]) > 0 for r in rows)
    finalists = set(db.session.scalars(select(Entry.contestant_id).where(
        Entry.stage_id == final.id)))
    heat_entries = db.session.scalars(select(Entry).where(Entry.stage_id == heats.id)).all()
    assert len(heat_entries) == 369 and all(e.heat_id for e in heat_entries)
    by_id = {e.id: e for e in heat_entries}
    best: dict[tuple, tuple] = {}  # (delegation, event) -> (best total, its contestant)
    for row in rows:
        entry = by_id[row["entry_id"]]
        place = (entry.contestant.delegation_id, entry.event_id)
        best[place] = max(best.get(place, (Decimal(-1), None)),
                          (Decimal(row["total"]), entry.contestant_id))
    assert len(best) == 123
    assert {contestant for _total, contestant in best.values()} == finalists


def test_studio_appraisal_has_a_guest_a_deduction_a_single_item_prize_and_a_draw(db):
    """The fifth contest: the guest studio NC10 has the best total but no prize and is
    not counted in the proportions (9 eligible: 10% → 0.9 → 1, 20% → 1.8 → 2,
    30% → 2.7 → 3, rounded up); the best at putting results into practice is NC04, not
    the overall winner; NC07 lost 2 + 2.5 points on every sheet; the order of
    presentation was drawn by lot from a recorded seed that re-runs to the same order."""
    from contests.models import Draw
    from contests.scoring import draws as core
    from contests.services.demo import studio

    contest = load(db, "STUDIO2026")
    _, snapshot = published(db, contest)
    rows = stage_rows(snapshot, "年评比会")
    order = [r["bib"] for r in rows]
    assert order[0] == "NC10" and rows[0]["guest"] and rows[0]["rank"] == 1
    assert not any(r["guest"] for r in rows[1:])
    bib_of = {r["entry_id"]: r["bib"] for r in rows}
    prizes = [(a["tier"], bib_of[a["entry_id"]]) for a in snapshot["awards"]
              if a["rule"] == "年度评比等次"]
    assert [tier for tier, _ in prizes] == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖",
                                           "三等奖"]
    assert [bib for _, bib in prizes] == order[1:7]  # the six after the guest, in order
    (single,) = [a for a in snapshot["awards"] if a["rule"] == "单项奖"]
    assert single["tier"] == "最佳成果转化奖" and bib_of[single["entry_id"]] == "NC04"
    assert bib_of[single["entry_id"]] != order[1]

    # the deductions of record: on each of NC07's five sheets, E1 = 2 and E2 = 2.5 off
    nc07 = next(r for r in rows if r["bib"] == "NC07")
    sheets: dict[int, dict[str, Decimal]] = {}
    for sheet_id, code, value in db.session.execute(
            select(ScoreSheet.id, Criterion.code, Mark.value)
            .join(Mark, Mark.sheet_id == ScoreSheet.id)
            .join(Criterion, Criterion.id == Mark.criterion_id)
            .where(ScoreSheet.entry_id == nc07["entry_id"])):
        sheets.setdefault(sheet_id, {})[code] = value
    assert len(sheets) == 5
    assert all(marks["E1"] == 2 and marks["E2"] == Decimal("2.5") for marks in sheets.values())
    totals = sorted(sum(v for code, v in marks.items() if code[0] in "ABCD") - Decimal("4.5")
                    for marks in sheets.values())
    trimmed = sum(totals[1:-1]) / 3  # the review group's trimmed mean drops one each end
    assert Decimal(nc07["total"]) == trimmed.quantize(Decimal("0.01"))

    (drawn,) = db.session.scalars(select(Draw).where(Draw.contest_id == contest.id)).all()
    assert drawn.kind == "order" and drawn.seed == studio.DRAW_SEED
    lots = json.loads(drawn.result)
    assert len(lots) == 10
    again = core.draw_order(studio.DRAW_SEED, sorted(order))
    assert [(lot["bib"], lot["position"]) for lot in lots] == [
        (lot.entrant, lot.position) for lot in again]
