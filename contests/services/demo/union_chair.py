"""Graded assessment of union chairs in Wu'an's non-public enterprises: one 100-point
assessment by three weighted rater groups, graded into four bands with monthly allowances."""
from datetime import date
from decimal import Decimal

from ...models import Contest, Contestant, Delegation, Entry, Event, Stage, User
from . import playing
from .accounts import JUDGES
from .marking import Field, Seat, SheetPlan, draw
from .names import NameMaker
from .records import Sync, item, put_award_rule, put_component, put_panel, put_rubric

CODE = "UNION2026"
SEED = 20261201
CHAIRS = 20

# Township unions rate their own chairs, so they serve as the delegations.
TOWNS = ("武安镇", "午汲镇", "磁山镇", "阳邑镇", "矿山镇", "康二城镇", "伯延镇")
FIRM_KINDS = ("钢铁有限公司", "冶金有限公司", "洗选煤有限公司", "建材有限公司", "物流有限公司",
              "机械制造有限公司", "铸造有限公司", "农业科技有限公司", "新材料有限公司",
              "商贸有限公司", "焦化有限公司")

RUBRIC = [
    item("A", "业务能力", children=[
        item("A1", "熟悉工会法律法规和政策", 10), item("A2", "落实职代会、厂务公开制度", 8),
        item("A3", "工会经费和资产管理规范", 7)]),
    item("B", "组织能力", children=[
        item("B1", "工会组织健全并按期换届", 7), item("B2", "发展会员、提高入会率", 7),
        item("B3", "组织劳动竞赛和职工文体活动", 6)]),
    item("C", "执行能力", children=[
        item("C1", "完成上级工会部署的任务", 10), item("C2", "工作台账和档案齐全", 5),
        item("C3", "按时报送信息和统计数据", 5)]),
    item("D", "协调能力", children=[
        item("D1", "推动集体协商、签订集体合同", 8), item("D2", "化解劳动关系矛盾", 7),
        item("D3", "与企业行政沟通顺畅", 5)]),
    item("E", "创新能力", children=[
        item("E1", "工作方法和载体创新", 8), item("E2", "形成有特色的工会工作品牌", 7)]),
    item("F", "加分项", kind="bonus", children=[
        item("F1", "获得县级以上工会表彰", 4), item("F2", "经验做法被上级工会推广", 3),
        item("F3", "建成职工书屋、爱心驿站等服务阵地", 3)]),
    # A veto line is marked 1 when it applies; any 1 excludes the chair from grading.
    item("G", "一票否决", kind="veto", step="1", children=[
        item("G1", "发生重大安全生产事故或群体性事件", 1, step="1"),
        item("G2", "考核材料弄虚作假", 1, step="1"),
        item("G3", "违法违纪受到处理", 1, step="1")]),
]

# name, lowest score, monthly allowance (paid once a year at year end)
BANDS = (("高级", 90, 300), ("中级", 75, 200), ("初级", 60, 100), ("未定等级", 0, 0))
JUDGE_FEE = Decimal("300.00")  # 评审费 per judging session, for the judges' fee payroll
SELF, TOWNSHIP, REVIEW = "个人自评", "乡镇（街道）工会评价", "评审组评价"

# How well each chair did, as the review panel will see it: as the newspaper reported, four
# intermediate (75–89), ten junior (60–74), six ungraded, and nobody senior (90 and up).
# Each stays clear of the band edges, so the judges' spread never moves anyone across.
LEVELS = (86, 83, 80.5, 78,
          72, 71, 70, 68.5, 67, 66, 65, 64, 63.5, 62.5,
          57, 55, 52, 49, 46, 41)

DESCRIPTION = (
    "武安市总工会对全市非公企业工会主席（含专职副主席）履职情况开展的年度等级考核。"
    "考核按百分制计分：本人自评占5%，所属乡镇（街道）总工会评价占15%，"
    "由市总领导、机关部室负责人和乡镇总工会主席组成的评审组评价占80%。"
    "评分细则包括业务、组织、执行、协调、创新五项能力，另有加分项和一票否决项。"
    "得分90分及以上为高级，75至89分为中级，60至74分为初级，60分以下为未定等级，"
    "分别享受每月300元、200元、100元工作补贴，未定等级不享受，补贴于年终一次发放。"
    "考核从严掌握，哪一等级无人达标就让它空着。本考核为演示数据，人员与企业均为虚构。"
)


def _skeleton(sync: Sync) -> tuple[Contest, Event, Stage]:
    contest = sync.put(
        Contest, dict(code=CODE), name="武安市2026年度非公企业工会主席等级考核",
        name_en="Wu'an 2026 Grading of Trade-Union Chairs in Non-Public Enterprises",
        organizer="武安市总工会", year=2026, starts_on=date(2026, 11, 2),
        ends_on=date(2026, 11, 20), description=DESCRIPTION, is_listed=True)
    event = sync.put(Event, dict(contest_id=contest.id, name="工会主席履职能力考核"),
                     code="LZ", position=1)
    stage = sync.put(
        Stage, dict(contest_id=contest.id, position=1), name="年度等级考核",
        starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 20), advancement_rule="none",
        advancement_value=None, ranking_metrics="total", ranking_scope="event",
        judge_fee_per_session=JUDGE_FEE)
    return contest, event, stage


def _chairs(sync: Sync, contest: Contest, event: Event, stage: Stage) -> None:
    names = NameMaker(SEED)
    delegations = [
        sync.put(Delegation, dict(contest_id=contest.id, name=f"{town}总工会"),
                 code=f"WA{index:02d}", region=f"武安市{town}")
        for index, town in enumerate(TOWNS, start=1)]
    draws = names.rng.sample(range(1, CHAIRS + 1), CHAIRS)
    for number in range(1, CHAIRS + 1):
        name, gender = names.person(female_share=0.35)
        contestant = sync.put(
            Contestant, dict(contest_id=contest.id, bib=f"WA26-{number:03d}"), name=name,
            gender=gender, unit=names.firm("武安市", FIRM_KINDS),
            delegation_id=delegations[(number - 1) % len(delegations)].id,
            draw_number=draws[number - 1], id_number_masked=_masked_id(number))
        sync.put(Entry, dict(contestant_id=contestant.id, event_id=event.id, stage_id=stage.id),
                 initial=dict(status="registered"), heat_id=None)


def _masked_id(number: int) -> str:
    """A fictional ID number as the service keeps it (Wu'an's area code, the middle
    masked), for the allowance payroll export."""
    return f"130481********{draw(SEED, 'id', number).randrange(10000):04d}"


def load(sync: Sync, users: dict[str, User]) -> Contest:
    contest, event, stage = _skeleton(sync)
    component = put_component(sync, stage, "综合考核", 1, 100, [
        dict(name=SELF, weight=5, aggregation="mean"),
        dict(name=TOWNSHIP, weight=15, aggregation="mean"),
        dict(name=REVIEW, weight=80, aggregation="trimmed_mean", trim_k=1,
             trim_fallback="mean")],
        max_score=Decimal(100), bonus_cap=Decimal(10), allow_over_max=False)
    put_rubric(sync, component, RUBRIC)
    _chairs(sync, contest, event, stage)

    # The chairs' self-assessment forms and the township unions' forms are keyed in by one
    # judge each (one sheet per chair, nobody else marks there); the chief judge and three
    # judges make up the review panel.
    judges = [users[name] for name in JUDGES]
    chief = users["demo-chief"]
    put_panel(sync, "自评表录入", stage, event, component, SELF, [judges[4]])
    put_panel(sync, "乡镇（街道）工会评价录入", stage, event, component, TOWNSHIP, [judges[3]])
    put_panel(sync, "市总工会等级考核评审组", stage, event, component, REVIEW, judges[:3], chief)

    put_award_rule(
        sync, contest, "工会主席等级",
        [dict(name=name, min_score=Decimal(low), quota=None, benefit_amount=Decimal(amount),
              benefit_period="month",
              benefit_note=(f"每月{amount}元，年终一次发放，全年{amount * 12}元" if amount
                            else "不享受工作补贴"))
         for name, low, amount in BANDS],
        stage_id=stage.id, event_id=event.id, scope="individual", method="score_band",
        tie_policy="all_tied")
    return contest


class _Planner:
    """What each sheet comes to: the chair's level, bonus points for recognised work,
    a generous self-assessment, and the review judges' own severity and spread."""

    def __init__(self):
        self.field = Field(SEED)
        levels = list(LEVELS)
        draw(SEED, "levels").shuffle(levels)
        self.levels = {f"WA26-{number:03d}": level
                       for number, level in enumerate(levels, start=1)}

    def __call__(self, stage: Stage):
        return self.plan

    def plan(self, seat: Seat) -> SheetPlan:
        level = self.levels[seat.bib]
        rng = draw(SEED, "bonus", seat.bib)
        # Bonus items are matters of record (an award, a service point), so every rater
        # sees the same ones.
        bonus = rng.choice((2, 3, 4, 5)) if level >= 75 else (
            rng.choice((0, 0.5, 1, 2)) if level >= 60 else 0)
        if seat.group.name == SELF:
            total = level + 6 + self.field.noise(seat, 1.5)
        elif seat.group.name == TOWNSHIP:
            total = level + 1.5 + self.field.noise(seat, 2)
        else:
            total = level + self.field.severity(seat) + self.field.noise(seat, 1.5)
        total = min(total, 100)
        return SheetPlan(Decimal(str(round(total - bonus, 1))), Decimal(str(bonus)))


def play(contest: Contest, users: dict[str, User]) -> list[str]:
    """Enter every rater's sheet, publish the grades and make them final."""
    return playing.play(contest, users, _Planner(), final=True)
