"""Nanchuan district's alliance of model-worker innovation studios: the yearly appraisal
(年评比会) of the studios' technical innovation, seminars, demonstration and putting results
into practice, with a deduction item, a guest studio, a single-item prize and a draw for
the order of presentation."""
from datetime import date
from decimal import Decimal

from ...models import Contest, Contestant, Delegation, Entry, Event, Heat, Stage, User
from .. import draws
from . import playing
from .accounts import JUDGES
from .marking import Field, Seat, SheetPlan, stage_has_sheets
from .names import NameMaker
from .records import Sync, item, put_award_rule, put_component, put_panel, put_rubric

CODE = "STUDIO2026"
SEED = 20261127

# The alliance's three groups, by trade, serve as the delegations.
GROUPS = (("NY", "农业及乡村振兴小组"), ("GY", "工业小组"), ("WJW", "文教卫小组"))
# Each studio: bib, group, what it works on, its leader's unit, how well its year went
# (level out of 100 before deductions) and how strong its putting results into practice
# was (D, out of 25). The last one was set up this year: it is appraised alongside the
# others as a guest (不参与评奖), and had the best year of all.
STUDIOS = (
    ("NC01", "NY", "肉牛养殖", "南川区{}肉牛养殖专业合作社", 88.5, 20.5),
    ("NC02", "NY", "畜禽疫病防治", "南川区畜牧兽医服务中心", 84, 23.5),
    ("NC03", "NY", "绿色蔬菜种植", "南川区{}蔬菜种植基地", 79, 19),
    ("NC04", "NY", "土壤改良与农技推广", "南川区农业技术推广站", 82.5, 24.5),
    ("NC05", "GY", "精密控制设备", "重庆{}精控有限公司", 86, 18.5),
    ("NC06", "GY", "供用电安全", "南川区{}供电服务有限公司", 80.5, 21),
    ("NC07", "GY", "页岩气开采", "重庆{}页岩气开发有限公司", 74, 16.5),
    ("NC08", "WJW", "中医药适宜技术", "南川区中医院", 77.5, 19.5),
    ("NC09", "WJW", "职业技能培训", "南川区职业教育中心", 71, 15),
    ("NC10", "WJW", "基层健康管理", "南川区{}社区卫生服务中心", 91, 22),
)
GUEST = "NC10"
# Deductions are matters of record, the same on every judge's sheet: (bib, item, points).
DEDUCTIONS = (("NC05", "E1", Decimal(2)), ("NC07", "E2", Decimal("2.5")),
              ("NC07", "E1", Decimal(2)))

RUBRIC = [
    item("A", "技术创新", children=[
        item("A1", "技术攻关项目的数量与难度", 15), item("A2", "专利、工法和技术标准", 15)]),
    item("B", "研讨沙龙", children=[
        item("B1", "参加联盟季度会和小组例会", 10), item("B2", "举办研讨沙龙与技术交流", 10)]),
    item("C", "示范带动", children=[
        item("C1", "带徒传技与职工培训", 15), item("C2", "跨企业、跨行业协作攻关", 10)]),
    item("D", "成果转化", children=[
        # judges' marks for D1 more than 3 points apart hold the sheets for the chief judge
        item("D1", "成果推广应用", 15, tolerance="3"), item("D2", "经济和社会效益", 10)]),
    # Points taken off, each up to its maximum; the total never goes below zero. They are
    # matters of record (measurements), the same on every judge's sheet.
    item("E", "扣分项", kind="deduction", aspect="measurement", children=[
        item("E1", "年度材料逾期报送", 4, aspect="measurement", tolerance="0"),
        item("E2", "无故缺席联盟季度会（每次2.5分）", 5, step="2.5", aspect="measurement",
             tolerance="0")]),
]

DESCRIPTION = (
    "重庆市南川区总工会2022年8月发动9家劳模创新工作室组建联盟，按行业分为农业及乡村振兴小组、"
    "工业小组、文教卫小组，打破区域、产业、企业壁垒，为劳模工匠和产业工人搭建开放式合作平台。"
    "联盟实行季度会和年评比会制度：年终就各工作室在该年度开展的技术创新、研讨沙龙、示范带动、"
    "成果转化等方面进行评比，设扣分项；按参评有效工作室数评定一、二、三等奖，另设最佳成果转化奖。"
    "年评比会汇报顺序现场抽签确定。本年度新组建的工作室列席参评，不参与评奖。"
    "本评比为演示数据，工作室名称、负责人与单位均为虚构。"
)


def _skeleton(sync: Sync) -> tuple[Contest, Event, Stage, Heat]:
    contest = sync.put(
        Contest, dict(code=CODE), name="南川区劳模创新工作室联盟2026年度评比",
        name_en="Nanchuan Model-Worker Innovation Studio Alliance 2026 Yearly Appraisal",
        organizer="重庆市南川区总工会", year=2026, starts_on=date(2026, 11, 16),
        ends_on=date(2026, 11, 27), description=DESCRIPTION, is_listed=True)
    event = sync.put(Event, dict(contest_id=contest.id, name="劳模创新工作室年度评比"),
                     code="PB", position=1)
    stage = sync.put(
        Stage, dict(contest_id=contest.id, position=1), name="年评比会",
        starts_on=date(2026, 11, 26), ends_on=date(2026, 11, 26), advancement_rule="none",
        advancement_value=None, ranking_metrics="total,criterion:D 成果转化", ranking_scope="event")
    heat = sync.put(Heat, dict(stage_id=stage.id, name="年评比会现场汇报"),
                    venue="南川区职工服务中心", held_on=date(2026, 11, 26))
    return contest, event, stage, heat


def _studios(sync: Sync, contest: Contest, event: Event, stage: Stage, heat: Heat) -> None:
    names = NameMaker(SEED)
    groups = {code: sync.put(Delegation, dict(contest_id=contest.id, name=name), code=code,
                             region="重庆市南川区")
              for code, name in GROUPS}
    for bib, group, _work, unit, _level, _practice in STUDIOS:
        leader, _gender = names.person(female_share=0.4)
        contestant = sync.put(
            Contestant, dict(contest_id=contest.id, bib=bib),
            name=f"{leader}劳模创新工作室", gender=None,
            unit=unit.format(names.firm_word()), delegation_id=groups[group].id,
            draw_number=None)
        sync.put(Entry, dict(contestant_id=contestant.id, event_id=event.id, stage_id=stage.id),
                 initial=dict(status="registered"), heat_id=heat.id, guest=bib == GUEST)


def load(sync: Sync, users: dict[str, User]) -> Contest:
    contest, event, stage, heat = _skeleton(sync)
    component = put_component(sync, stage, "年度评比", 1, 100, [
        dict(name="评比组", weight=100, aggregation="trimmed_mean", trim_k=1,
             trim_fallback="mean")],
        max_score=Decimal(100), bonus_cap=None, allow_over_max=False)
    put_rubric(sync, component, RUBRIC)
    _studios(sync, contest, event, stage, heat)
    judges = [users[name] for name in JUDGES]
    put_panel(sync, "年度评比组", stage, event, component, "评比组", judges[:4],
              chief=users["demo-chief"])
    # Prizes by proportion of the studios appraised for awards (the guest is not counted).
    put_award_rule(sync, contest, "年度评比等次", [
        dict(name="一等奖", proportion=Decimal(10)), dict(name="二等奖", proportion=Decimal(20)),
        dict(name="三等奖", proportion=Decimal(30))],
        stage_id=stage.id, event_id=event.id, scope="individual", method="proportion",
        proportion_rounding="ceil", tie_policy="all_tied")
    # A single-item prize: the best at putting results into practice (item D).
    put_award_rule(sync, contest, "单项奖", [dict(name="最佳成果转化奖", quota=1)],
                   stage_id=stage.id, event_id=event.id, scope="individual", method="quota",
                   award_basis="criterion", award_basis_key="D 成果转化", tie_policy="tie_break")
    return contest


class _Planner:
    """Each studio's year (its level and its practice item), the judges' severity and
    noise, and the deductions of record."""

    def __init__(self):
        self.field = Field(SEED)
        self.studios = {bib: (level, practice) for bib, *_, level, practice in STUDIOS}

    def __call__(self, stage: Stage):
        return self.plan

    def plan(self, seat: Seat) -> SheetPlan:
        level, practice = self.studios[seat.bib]
        shift = self.field.severity(seat, 0.8) + self.field.noise(seat, 1.2)
        # The practice item (D) as the studio earned it; the rest of the level spread over
        # A–C, each judge a little more or less generous.
        d_share = Decimal(str(round(practice + shift / 4, 1)))
        rest = Decimal(str(round(level - practice + shift * 3 / 4, 1)))
        fixed = tuple((code, points) for bib, code, points in DEDUCTIONS if bib == seat.bib)
        return SheetPlan(rest + d_share, parts=(("D", d_share),), fixed=fixed)


# The seed the organizer typed for the draw of the order of presentation (the evening's
# draw number of a public lottery, as contest offices often use).
DRAW_SEED = "2026-11-25-168"


def play(contest: Contest, users: dict[str, User]) -> list[str]:
    """Draw the order of presentation, mark the appraisal, publish it and make it final."""
    done = []
    (stage,) = contest.stages
    (heat,) = stage.heats
    if draws.in_force(stage, "order", heat_id=heat.id) is None and not stage_has_sheets(stage):
        draws.draw_order(stage, heat=heat, seed=DRAW_SEED, user=users["demo-organizer"])
        done.append("order of presentation drawn by lot")
    return done + playing.play(contest, users, _Planner(), final=True)
