"""National star-hotel service skills contest: 31 provincial heats of three entrants per
event, whose winners (123 finalists in 31 delegations) go on to the national final."""
from datetime import date, timedelta
from functools import partial

from sqlalchemy import select

from ...extensions import db
from ...models import Conflict, Contest, Contestant, Delegation, Entry, Event, Heat, Stage, User
from .. import appeals
from . import playing
from .accounts import JUDGES
from .marking import Field, Seat, SheetPlan, draw
from .names import NameMaker
from .records import Sync, item, put_award_rule, put_component, put_panel, put_rubric

CODE = "HOTEL2026"
SEED = 20260330

# The 31 provincial-level regions: name, administrative code, capital city.
PROVINCES = (
    ("北京市", "11", "北京"), ("天津市", "12", "天津"), ("河北省", "13", "石家庄"),
    ("山西省", "14", "太原"), ("内蒙古自治区", "15", "呼和浩特"), ("辽宁省", "21", "沈阳"),
    ("吉林省", "22", "长春"), ("黑龙江省", "23", "哈尔滨"), ("上海市", "31", "上海"),
    ("江苏省", "32", "南京"), ("浙江省", "33", "杭州"), ("安徽省", "34", "合肥"),
    ("福建省", "35", "福州"), ("江西省", "36", "南昌"), ("山东省", "37", "济南"),
    ("河南省", "41", "郑州"), ("湖北省", "42", "武汉"), ("湖南省", "43", "长沙"),
    ("广东省", "44", "广州"), ("广西壮族自治区", "45", "南宁"), ("海南省", "46", "海口"),
    ("重庆市", "50", "重庆"), ("四川省", "51", "成都"), ("贵州省", "52", "贵阳"),
    ("云南省", "53", "昆明"), ("西藏自治区", "54", "拉萨"), ("陕西省", "61", "西安"),
    ("甘肃省", "62", "兰州"), ("青海省", "63", "西宁"), ("宁夏回族自治区", "64", "银川"),
    ("新疆维吾尔自治区", "65", "乌鲁木齐"),
)
EVENTS = (("QT", "前厅服务"), ("KF", "客房服务"), ("ZC", "中式餐厅服务"), ("XC", "西式餐厅服务"))
RUNNERS_UP = 2  # each province's heat: the finalist and two others in every event
SKIPPED = ("54", "XC")  # one delegation fielded no one in one event: 31 × 4 − 1 = 123
CONFLICT = ("42", "KF")  # this finalist works at demo-judge2's hotel
HOTEL_KINDS = ("大酒店", "国际大酒店", "宾馆", "饭店", "国际饭店", "度假酒店", "花园酒店")

THEORY = [item("T", "理论知识试卷", children=[
    item("T1", "单项选择题", 40), item("T2", "多项选择题", 30), item("T3", "判断题", 20),
    item("T4", "案例分析题", 10)])]
PRACTICE = [
    item("A", "业务知识", children=[
        item("A1", "岗位规范与操作流程", 8), item("A2", "饭店产品与服务项目", 6),
        item("A3", "安全与卫生知识", 6)]),
    item("B", "服务质量", children=[
        item("B1", "仪容仪表与礼貌礼节", 10), item("B2", "操作规范与熟练程度", 15),
        item("B3", "服务效率", 8), item("B4", "细节与个性化服务", 7)]),
    item("C", "沟通协调", children=[
        item("C1", "语言表达（含外语）", 8), item("C2", "识别并回应宾客需求", 7),
        item("C3", "与同事协作配合", 5)]),
    item("D", "突发情况应对", children=[
        item("D1", "处置方案是否得当", 8), item("D2", "反应速度", 6),
        item("D3", "安抚宾客与后续跟进", 6)]),
]

DESCRIPTION = (
    "文化和旅游部、中华全国总工会、共青团中央、全国妇联联合举办的饭店行业技能比武。"
    "各省（区、市）先组织省内选拔赛，选出的选手组成代表队参加在武汉举行的全国总决赛。"
    "竞赛设前厅服务、客房服务、中式餐厅服务、西式餐厅服务4个赛项，从业务知识、服务质量、"
    "沟通协调和突发情况应对四个方面考察选手；理论知识按30%、实操技能按70%计入总成绩。"
    "本竞赛为演示数据，选手姓名与工作单位均为虚构。"
)


def _components(sync: Sync, stage: Stage, normalised: bool = False) -> dict:
    """Theory 30% + practice 70%, both out of 100; five practice judges, trimmed mean (in
    the heats, where one panel marks every province, each judge's totals are normalised
    to the panel's mean and spread instead, then averaged)."""
    theory = put_component(sync, stage, "理论知识", 1, 30, [
        dict(name="阅卷组", weight=100, aggregation="mean")])
    practice = put_component(sync, stage, "实操技能", 2, 70, [
        dict(name="裁判组", weight=100, aggregation="mean", aggregation_level="sheet",
             normalisation="z_score") if normalised else
        dict(name="裁判组", weight=100, aggregation="trimmed_mean", trim_k=1,
             trim_fallback="mean")])
    put_rubric(sync, theory, THEORY)
    put_rubric(sync, practice, PRACTICE)
    return dict(theory=theory, practice=practice)


def _skeleton(sync: Sync) -> tuple[Contest, dict, Stage, Stage]:
    contest = sync.put(
        Contest, dict(code=CODE), name="2026年全国星级饭店从业人员服务技能竞赛",
        name_en="2026 National Service Skills Contest for Star-Rated Hotel Staff",
        organizer="文化和旅游部、中华全国总工会、共青团中央、全国妇联", year=2026,
        starts_on=date(2026, 1, 12), ends_on=date(2026, 3, 30), description=DESCRIPTION,
        is_listed=True)
    events = {code: sync.put(Event, dict(contest_id=contest.id, name=name), code=code,
                             position=position)
              for position, (code, name) in enumerate(EVENTS, start=1)}
    heats = sync.put(
        Stage, dict(contest_id=contest.id, position=1), name="省内选拔赛",
        starts_on=date(2026, 1, 12), ends_on=date(2026, 2, 27),
        advancement_rule="top_n_per_delegation", advancement_value=1,
        cut_tie_policy="tie_break", ranking_metrics="total,component:实操技能",
        ranking_scope="event")
    final = sync.put(
        Stage, dict(contest_id=contest.id, position=2), name="全国总决赛",
        starts_on=date(2026, 3, 28), ends_on=date(2026, 3, 30), advancement_rule="none",
        advancement_value=None, ranking_metrics="total,component:实操技能",
        ranking_scope="event", appeal_window_hours=APPEAL_HOURS)
    return contest, events, heats, final


def _entrants(sync: Sync, contest: Contest, events: dict, heats: Stage,
              users: dict[str, User]) -> Contestant:
    """Delegations, one provincial heat each, and each heat's entrants in every event: the
    one who goes on to the national final, and RUNNERS_UP others. Returns the finalist who
    shares a work unit with demo-judge2."""
    names = NameMaker(SEED)
    draws = names.rng.sample(range(1, 124), 123)  # finalists' 抽签号, unique in the contest
    seq = dict.fromkeys(events, 0)
    conflicted = None
    places = []
    for index, (province, admin_code, capital) in enumerate(PROVINCES):
        delegation = sync.put(Delegation, dict(contest_id=contest.id, name=f"{province}代表队"),
                              code=admin_code, region=province)
        heat = sync.put(Heat, dict(stage_id=heats.id, name=f"{province}选拔赛"), venue=capital,
                        held_on=date(2026, 1, 12) + timedelta(days=(index * 3) % 46))
        for event_code, event in events.items():
            if (admin_code, event_code) == SKIPPED:
                continue
            seq[event_code] += 1
            name, gender = names.person(female_share=0.65)
            unit = names.firm(capital, HOTEL_KINDS)
            if (admin_code, event_code) == CONFLICT:
                unit = users["demo-judge2"].unit
            contestant = sync.put(
                Contestant, dict(contest_id=contest.id, bib=f"{event_code}{seq[event_code]:02d}"),
                name=name, gender=gender, unit=unit, delegation_id=delegation.id,
                draw_number=draws.pop())
            _enter(sync, contestant, event, heats, heat)
            places.append((delegation, heat, event_code, event, capital))
            if (admin_code, event_code) == CONFLICT:
                conflicted = contestant
    # The heats' other entrants, named after every finalist so the finalists' names and
    # units stay as they were before the heats carried entries.
    for delegation, heat, event_code, event, capital in places:
        for runner in range(1, RUNNERS_UP + 1):
            name, gender = names.person(female_share=0.65)
            contestant = sync.put(
                Contestant, dict(contest_id=contest.id,
                                 bib=f"{delegation.code}{event_code}{runner}"),
                name=name, gender=gender, unit=names.firm(capital, HOTEL_KINDS),
                delegation_id=delegation.id, draw_number=None)
            _enter(sync, contestant, event, heats, heat)
    return conflicted


def _enter(sync: Sync, contestant: Contestant, event: Event, stage: Stage, heat: Heat) -> None:
    sync.put(Entry, dict(contestant_id=contestant.id, event_id=event.id, stage_id=stage.id),
             initial=dict(status="registered"), heat_id=heat.id)


def _judging(sync: Sync, events: dict, stage: Stage, parts: dict, users: dict) -> None:
    # Every member marks: the chief judge and four judges make the five practice judges;
    # two judges and the chief judge read the theory papers.
    judges = [users[name] for name in JUDGES]
    for event in events.values():
        put_panel(sync, f"{event.name}·实操裁判组", stage, event, parts["practice"], "裁判组",
                  judges[:4], chief=users["demo-chief"])
        put_panel(sync, f"{event.name}·理论阅卷组", stage, event, parts["theory"], "阅卷组",
                  judges[3:], chief=users["demo-chief"])


def _heat_judging(sync: Sync, events: dict, heats: Stage, parts: dict, users: dict) -> None:
    # In the heats one smaller panel per event marks every province's heat: two judges and
    # the chief judge on the practice, one reader for the theory papers.
    judges = [users[name] for name in JUDGES]
    for event in events.values():
        put_panel(sync, f"选拔赛·{event.name}·实操裁判组", heats, event, parts["practice"],
                  "裁判组", judges[:2], chief=users["demo-chief"])
        put_panel(sync, f"选拔赛·{event.name}·理论阅卷组", heats, event, parts["theory"],
                  "阅卷组", judges[4:])


def _awards(sync: Sync, contest: Contest, events: dict, final: Stage) -> None:
    # One first prize per event makes the four individual first prizes of the final.
    for event in events.values():
        put_award_rule(sync, contest, f"{event.name}个人奖", [
            dict(name="一等奖", quota=1), dict(name="二等奖", quota=3),
            dict(name="三等奖", quota=6)],
            stage_id=final.id, event_id=event.id, scope="individual", method="quota",
            tie_policy="all_tied")
    # Delegations ranked on their best three finalists (one region fielded only three).
    put_award_rule(sync, contest, "团体奖", [
        dict(name="一等奖", quota=3), dict(name="二等奖", quota=5),
        dict(name="三等奖", quota=8)],
        stage_id=final.id, event_id=None, scope="team", method="quota", tie_policy="all_tied",
        team_aggregation="best_n", team_best_n=3, team_min_members=3)


def load(sync: Sync, users: dict[str, User]) -> Contest:
    contest, events, heats, final = _skeleton(sync)
    heat_parts = _components(sync, heats, normalised=True)
    parts = _components(sync, final)
    conflicted = _entrants(sync, contest, events, heats, users)
    _heat_judging(sync, events, heats, heat_parts, users)
    _judging(sync, events, final, parts, users)
    _awards(sync, contest, events, final)
    judge = users["demo-judge2"]
    sync.put(Conflict, dict(contest_id=contest.id, user_id=judge.id,
                            contestant_id=conflicted.id),
             delegation_id=None, unit=judge.unit, reason="与该选手同一工作单位，执裁回避")
    return contest


# The finalists won their provinces' heats: a strong field.
FIELD = Field(SEED, good=(84, 95), middle=(74, 86), weak=(62, 76), shares=(0.35, 0.45))
PUBLICITY_DAYS = 7


def _plan(seat: Seat) -> SheetPlan:
    return FIELD.usual(seat, written=seat.component.name == "理论知识")


def _heat_plan(finalist_of: dict[str, str], seat: Seat) -> SheetPlan:
    """In the heats the future finalist (a bib without the province code) wins clearly;
    the others trail by 8 to 20 points."""
    written = seat.component.name == "理论知识"
    bib = seat.bib
    if bib[:2].isdigit():  # a runner-up: province code, event code, place
        finalist = finalist_of[bib[:-1]]
        behind = draw(SEED, "behind", bib).uniform(8, 20)
        return FIELD.usual(seat, written, ability=FIELD.ability(finalist) - behind)
    return FIELD.usual(seat, written)


def play(contest: Contest, users: dict[str, User]) -> list[str]:
    """Mark the heats, advance their winners, mark the national final and publish: the
    results stay in their publicity period (objections accepted) for a week, with the
    Beijing delegation's appeal under reconsideration."""
    heat_plan = partial(_heat_plan, _finalists_by_place(contest))
    done = playing.play(contest, users,
                        lambda stage: heat_plan if stage.position == 1 else _plan, final=False,
                        publicity_days=PUBLICITY_DAYS)
    return done + _sample_appeal(contest, users)


# The demo's final takes written appeals for a week after its results were published (a
# real contest office sets hours, e.g. 2), so the demo leader can file one.
APPEAL_HOURS = 168


def _sample_appeal(contest: Contest, users: dict[str, User]) -> list[str]:
    """The Beijing delegation's leader (demo-leader1) has filed an appeal about one of its
    finalists, now under reconsideration by the organizer."""
    if appeals.of_contest(contest.id):
        return []
    delegation = db.session.scalar(select(Delegation).where(
        Delegation.contest_id == contest.id, Delegation.code == "11"))
    final = contest.stages[1]
    entry = db.session.scalar(select(Entry).join(Entry.contestant).where(
        Entry.stage_id == final.id, Contestant.delegation_id == delegation.id)
        .order_by(Contestant.bib))
    appeal = appeals.file(
        users["demo-leader1"], delegation, final, entry_id=entry.id,
        subject="客房服务实操“做夜床”环节扣分有误",
        grounds="本队选手在做夜床环节已按规程完成开床、放置晚安卡，现场视频可证，"
                "但评分表该项得分偏低，请求复核该环节各裁判评分。")
    appeals.start_reconsideration(appeal, users["demo-organizer"])
    return [f"appeal {appeal.tracking} filed, under reconsideration"]


def _finalists_by_place(contest: Contest) -> dict[str, str]:
    """Province code + event code -> the bib of that province's finalist in the event."""
    rows = db.session.execute(
        select(Delegation.code, Contestant.bib).join(Contestant.delegation)
        .where(Contestant.contest_id == contest.id, Contestant.draw_number.is_not(None))).all()
    return {f"{code}{bib.rstrip('0123456789')}": bib for code, bib in rows}
