"""Guangdong workers' mental-health service skills contest: a semi-final of 106 contestants
from 31 delegations, the best three of each delegation in the final, prizes by quota for
individuals (special 1, first 3, second 6, third 12) and delegations (1, 2, 3, 4)."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ...extensions import db
from ...models import Contest, Contestant, Delegation, Entry, Event, Stage, User
from . import playing
from .accounts import JUDGES
from .marking import Field, Seat, SheetPlan
from .names import NameMaker
from .records import Sync, item, put_award_rule, put_component, put_panel, put_rubric

CODE = "MENTAL2026"
SEED = 20261025

# The 21 prefecture-level cities, then ten provincial industry and system unions with the
# kinds of workplaces their contestants come from (a city's name goes in front of those
# marked with {}).
CITIES = ("广州", "深圳", "珠海", "汕头", "佛山", "韶关", "河源", "梅州", "惠州", "汕尾", "东莞",
          "中山", "江门", "阳江", "湛江", "茂名", "肇庆", "清远", "潮州", "揭阳", "云浮")
SECTORS = (
    ("省直机关工会", ("省人力资源和社会保障厅", "省交通运输厅", "省卫生健康委员会",
                      "省生态环境厅", "省总工会机关")),
    ("省教科文卫工会", ("{}医科大学附属医院", "{}职业技术学院", "{}市疾病预防控制中心",
                        "{}师范学院心理健康教育中心")),
    ("省能源化学工会", ("{}供电局", "{}石化分公司", "{}燃气集团", "{}核电运营公司")),
    ("省交通运输工会", ("{}高速公路管理中心", "{}港航集团", "{}公交集团", "{}铁路客运段")),
    ("省金融工会", ("{}农商银行", "{}保险分公司", "{}证券营业部", "{}信用合作联社")),
    ("省建设建材工会", ("{}建筑工程集团", "{}水泥有限公司", "{}市政设计院", "{}建材集团")),
    ("省农林水利工会", ("{}农垦集团", "{}林场", "{}水利水电工程局", "{}农业科学研究所")),
    ("省商贸旅游工会", ("{}百货集团", "{}酒店管理集团", "{}物流集团", "{}旅游集团")),
    ("省邮电通信工会", ("{}邮政分公司", "{}移动分公司", "{}电信分公司", "{}铁塔分公司")),
    ("省属国有企业工会", ("广东恒健投资控股公司", "广东交通实业投资公司", "广东能源集团",
                          "广东机场管理集团", "广东广业投资集团")),
)
# Where a city's contestants work: union and public services, or a local firm.
CITY_SERVICES = ("市职工服务中心", "市总工会职工心理服务站", "市第三人民医院心理科",
                 "区职工服务站", "街道党群服务中心")
FIRM_KINDS = ("电子科技有限公司", "制造有限公司", "物流有限公司", "实业有限公司",
              "电器股份有限公司")
# Delegations send four, three or two contestants to the semi-final (18 × 4 + 8 × 3 + 5 × 2
# = 106); the best three of each go to the final (18 × 3 + 8 × 3 + 5 × 2 = 88).
TEAM_SIZES = (4,) * 18 + (3,) * 8 + (2,) * 5

THEORY = [item("T", "理论知识试卷", children=[
    item("T1", "单项选择题", 40), item("T2", "多项选择题", 30), item("T3", "判断题", 10),
    item("T4", "案例分析题", 20)])]
PRACTICE = [
    item("A", "心理评估", children=[
        item("A1", "初始访谈与资料收集", 10), item("A2", "心理测量工具的选用与解释", 10)]),
    item("B", "个体心理咨询模拟", children=[
        item("B1", "咨询关系的建立", 10), item("B2", "问题评估与概念化", 10),
        item("B3", "咨询技术的运用", 15)]),
    item("C", "团体心理辅导", children=[
        item("C1", "方案设计", 10), item("C2", "现场带领", 10)]),
    item("D", "心理危机干预", children=[
        item("D1", "风险识别与评估", 8), item("D2", "处置与转介", 7)]),
    item("E", "职业素养", children=[
        item("E1", "伦理意识与保密", 5), item("E2", "语言表达与仪态", 5)]),
    # Marked 1 when it applies: the contestant is excluded from ranking and prizes.
    item("V", "一票否决", kind="veto", step="1", children=[
        item("V1", "泄露来访者隐私等严重违反职业伦理", 1, step="1"),
        item("V2", "冒名顶替或考核材料弄虚作假", 1, step="1")]),
]
THEORY_NAME, PRACTICE_NAME = "理论知识", "实操技能"

DESCRIPTION = (
    "广东省总工会组织的全省职工心理健康服务职业技能大赛，面向企业、机关和事业单位中"
    "从事职工心理服务的工会干部、社工和心理咨询人员。各地级以上市总工会和省产业（系统）"
    "工会共组成31支代表队，先参加复赛，每支代表队成绩最好的3名选手（不足3名的全部）进入决赛。"
    "两轮均考理论知识（占30%）和实操技能（占70%），实操由5名评委评分，去掉一个最高分和"
    "一个最低分后取平均。决赛个人奖设特等奖1名、一等奖3名、二等奖6名、三等奖12名；"
    "团体奖按代表队决赛选手的平均成绩排名，设特等奖1个、一等奖2个、二等奖3个、三等奖4个。"
    "总成绩相同的，实操成绩高者名次在前。严重违反职业伦理的实行一票否决，不参与排名和评奖。"
    "本竞赛为演示数据，选手姓名与工作单位均为虚构。"
)

# The final's six leaders, scripted so that the demo shows the quota rules at work:
# (theory, practical) component scores; the total is 30% theory + 70% practical.
LEADERS = (
    (Decimal(92), Decimal(95), None),  # 94.10: special prize
    (Decimal(95), Decimal(93), (        # 93.60 would be second: vetoed by one judge
        "demo-judge3", "模拟个体咨询中，将来访者的姓名和工作单位透露给“单位领导”角色，"
                       "违反保密原则")),
    (Decimal(90), Decimal(92), None),  # 91.40: first prize
    (Decimal(88), Decimal(91), None),  # 90.10: first prize
    (Decimal(83), Decimal(91), None),  # 88.60: first prize, ahead on the practical part …
    (Decimal(90), Decimal(88), None),  # 88.60: … of this one, who gets a second prize
)
# Practical sheets of a scripted leader: the trimmed mean drops -2 and +2.5, keeping P.
SPREAD = (Decimal(-2), Decimal(-1), Decimal(0), Decimal(1), Decimal("2.5"))
# Everyone else in the final stays below the leaders: abilities above 80 and sheet totals
# above 84 are compressed (a quarter, a third of the excess), and no sheet passes 87.
CROWDED, CROWDED_SHEET, CEILING = 80, Decimal(84), Decimal(87)


def _skeleton(sync: Sync) -> tuple[Contest, Event, Stage, Stage]:
    contest = sync.put(
        Contest, dict(code=CODE), name="2026年广东省职工心理健康服务职业技能大赛",
        name_en="2026 Guangdong Workers' Mental Health Service Skills Contest",
        organizer="广东省总工会", year=2026, starts_on=date(2026, 9, 12),
        ends_on=date(2026, 10, 25), description=DESCRIPTION, is_listed=True)
    event = sync.put(Event, dict(contest_id=contest.id, name="职工心理健康服务"), code="XL",
                     position=1)
    semi = sync.put(
        Stage, dict(contest_id=contest.id, position=1), name="复赛",
        starts_on=date(2026, 9, 12), ends_on=date(2026, 9, 13),
        advancement_rule="top_n_per_delegation", advancement_value=Decimal(3),
        cut_tie_policy="tie_break", carry_over_percent=Decimal(0),
        ranking_metrics=f"total,component:{PRACTICE_NAME}", ranking_scope="event")
    final = sync.put(
        Stage, dict(contest_id=contest.id, position=2), name="决赛",
        starts_on=date(2026, 10, 24), ends_on=date(2026, 10, 25), advancement_rule="none",
        advancement_value=None, cut_tie_policy="tie_break", carry_over_percent=Decimal(0),
        ranking_metrics=f"total,component:{PRACTICE_NAME}", ranking_scope="event")
    return contest, event, semi, final


def _assessment(sync: Sync, stage: Stage, event: Event, users: dict[str, User]) -> None:
    """Theory 30% (a reading group, mean) and practice 70% (five judges, trimmed mean)."""
    theory = put_component(sync, stage, THEORY_NAME, 1, 30, [
        dict(name="阅卷组", weight=100, aggregation="mean")])
    practice = put_component(sync, stage, PRACTICE_NAME, 2, 70, [
        dict(name="评委组", weight=100, aggregation="trimmed_mean", trim_k=1,
             trim_fallback="mean")])
    put_rubric(sync, theory, THEORY)
    put_rubric(sync, practice, PRACTICE)
    judges = [users[name] for name in JUDGES]
    chief = users["demo-chief"]
    put_panel(sync, f"{stage.name}·理论阅卷组", stage, event, theory, "阅卷组", judges[3:],
              chief=chief)
    put_panel(sync, f"{stage.name}·实操评委组", stage, event, practice, "评委组", judges[:4],
              chief=chief)


def _delegations(sync: Sync, contest: Contest, event: Event, semi: Stage) -> None:
    names = NameMaker(SEED)
    teams = [(f"{city}市总工会代表队", f"{city}市", city, None) for city in CITIES]
    teams += [(f"{union}代表队", "广东省", None, units) for union, units in SECTORS]
    draws = names.rng.sample(range(1, sum(TEAM_SIZES) + 1), sum(TEAM_SIZES))
    number = 0
    for index, ((name, region, city, units), size) in enumerate(
            zip(teams, TEAM_SIZES, strict=True), start=1):
        delegation = sync.put(Delegation, dict(contest_id=contest.id, name=name),
                              code=f"GD{index:02d}", region=region)
        for _ in range(size):
            number += 1
            person, gender = names.person(female_share=0.7)
            if units is not None:
                unit = names.rng.choice(units).format(names.rng.choice(CITIES))
            elif names.rng.random() < 0.5:
                unit = f"{city}{names.rng.choice(CITY_SERVICES)}"
            else:
                unit = names.firm(f"{city}市", FIRM_KINDS)
            contestant = sync.put(
                Contestant, dict(contest_id=contest.id, bib=f"XL{number:03d}"), name=person,
                gender=gender, unit=unit, delegation_id=delegation.id,
                draw_number=draws[number - 1])
            sync.put(Entry, dict(contestant_id=contestant.id, event_id=event.id,
                                 stage_id=semi.id), initial=dict(status="registered"),
                     heat_id=None)


def load(sync: Sync, users: dict[str, User]) -> Contest:
    contest, event, semi, final = _skeleton(sync)
    for stage in (semi, final):
        _assessment(sync, stage, event, users)
    # Entries exist for the semi-final only: confirming advancement fills the final.
    _delegations(sync, contest, event, semi)
    put_award_rule(sync, contest, "决赛个人奖", [
        dict(name="特等奖", quota=1), dict(name="一等奖", quota=3), dict(name="二等奖", quota=6),
        dict(name="三等奖", quota=12)],
        stage_id=final.id, event_id=event.id, scope="individual", method="quota",
        tie_policy="tie_break")
    put_award_rule(sync, contest, "决赛团体奖", [
        dict(name="特等奖", quota=1), dict(name="一等奖", quota=2), dict(name="二等奖", quota=3),
        dict(name="三等奖", quota=4)],
        stage_id=final.id, event_id=event.id, scope="team", method="quota",
        tie_policy="tie_break", team_aggregation="mean", team_best_n=None, team_min_members=2)
    return contest


class _Planner:
    """What each sheet comes to: the field as usual, the final's six leaders scripted."""

    def __init__(self):
        self.field = Field(SEED)
        self.leaders: dict[str, tuple] = {}

    def __call__(self, stage: Stage):
        if stage.position == 2:
            bibs = db.session.scalars(select(Contestant.bib).join(Entry).where(
                Entry.stage_id == stage.id)).all()
            ranked = sorted(bibs, key=lambda bib: (-self.field.ability(bib), bib))
            self.leaders = dict(zip(ranked, LEADERS, strict=False))  # the six most able
        return self.plan

    def plan(self, seat: Seat) -> SheetPlan:
        written = seat.component.name == THEORY_NAME
        if seat.stage.position == 1:
            return self.field.usual(seat, written=written)
        script = self.leaders.get(seat.bib)
        if script is None:
            ability = self.field.ability(seat.bib)
            if ability > CROWDED:
                ability = CROWDED + (ability - CROWDED) / 4
            total = self.field.usual(seat, written, ability).total
            if total > CROWDED_SHEET:
                total = CROWDED_SHEET + (total - CROWDED_SHEET) / 3
            return SheetPlan(min(total, CEILING))
        theory, practical, veto = script
        if written:
            return SheetPlan(theory)
        members = sorted(m.user.username for m in seat.panel.judges)
        offset = SPREAD[members.index(seat.judge.username) % len(SPREAD)]
        reason = veto[1] if veto and seat.judge.username == veto[0] else None
        return SheetPlan(practical + offset, veto_reason=reason)


def play(contest: Contest, users: dict[str, User]) -> list[str]:
    """Mark the semi-final, send the best three of each delegation to the final, mark it,
    publish, and make the results final."""
    return playing.play(contest, users, _Planner(), final=True)
