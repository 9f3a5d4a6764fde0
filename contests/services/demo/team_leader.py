"""Guizhou energy & chemical industry team-leader contest: preliminary → semi-final → final,
15 company delegations, 37 team leaders, 10 finalists, titles and a nomination."""
from datetime import date
from decimal import Decimal

from ...models import Contest, Contestant, Delegation, Entry, Event, Stage, TitleRule, User
from . import playing
from .accounts import JUDGES
from .marking import Field, Seat, SheetPlan
from .names import NameMaker
from .records import Sync, item, put_award_rule, put_component, put_panel, put_rubric, tier

CODE = "TEAMLEAD2026"
SEED = 20260328

# Fictional companies of the province's energy & chemical sector: name, city, sector.
COMPANIES = (
    ("六盘水恒泰煤业集团", "六盘水市", "coal"), ("盘州红果能源有限公司", "六盘水市", "coal"),
    ("毕节黔西北煤电集团", "毕节市", "coal"), ("遵义乌江化工有限公司", "遵义市", "chem"),
    ("瓮安磷化工集团", "黔南州", "chem"), ("开阳磷都化工有限公司", "贵阳市", "chem"),
    ("清镇黔源电力有限公司", "贵阳市", "power"), ("安顺黔中能源集团", "安顺市", "coal"),
    ("兴义煤焦化有限公司", "黔西南州", "chem"), ("织金新型能源化工有限公司", "毕节市", "chem"),
    ("纳雍火电有限责任公司", "毕节市", "power"), ("赤水天然气化工有限公司", "遵义市", "chem"),
    ("凯里煤电有限公司", "黔东南州", "coal"), ("大龙发电有限公司", "铜仁市", "power"),
    ("黔能燃气集团", "贵阳市", "gas"),
)
# Where in the company a team leader works, by sector ({} takes a place name).
SUB_UNITS = {
    "coal": ("{}煤矿综采队", "{}煤矿掘进队", "{}煤矿机电运输队", "{}选煤厂"),
    "chem": ("合成氨车间", "硫酸车间", "磷酸车间", "甲醇车间", "空分车间"),
    "power": ("发电运行部", "设备检修部", "燃料部", "化学运行班"),
    "gas": ("城东输配站", "调度中心", "LNG储配站", "客户服务中心"),
}
PLACES = ("青龙", "白岩", "红岭", "石桥", "龙井", "新田", "大坪", "杉树林", "沙坝", "鸡场")
# 7 companies send three leaders and 8 send two: 37 in all.
TEAM_SIZES = (3,) * 7 + (2,) * 8

THEORY = [
    item("T1", "安全管理", 25), item("T2", "质量与成本管理", 20), item("T3", "生产组织管理", 20),
    item("T4", "政治理论与法律法规", 15), item("T5", "职业道德与应急处置", 10),
    item("T6", "生态环保", 10)]


def _pair(code: str, name: str, first: tuple, second: tuple) -> dict:
    """A rubric item with two sub-items, each given as (name, points)."""
    return item(code, name, children=[item(f"{code}1", *first), item(f"{code}2", *second)])


SCENARIO = [
    _pair("S1", "事故隐患辨识", ("找准隐患", 15), ("判断风险等级", 15)),
    _pair("S2", "应急处置指挥", ("处置步骤正确", 25), ("指令清楚及时", 15)),
    _pair("S3", "现场沟通与班组动员", ("信息上报", 15), ("稳定人员情绪", 15)),
]
PRACTICE = [
    _pair("M1", "班组安全管理", ("安全确认与交接班", 15), ("隐患排查闭环", 15)),
    _pair("M2", "质量与成本控制", ("质量控制点管理", 13), ("降本增效措施", 12)),
    _pair("M3", "生产计划与现场管理", ("作业计划安排", 13), ("现场定置管理", 12)),
    _pair("M4", "班组制度建设", ("制度完整", 10), ("落实考核", 10)),
]
TEAMWORK = [
    _pair("B1", "团队建设方案", ("目标清晰", 15), ("措施可行", 15)),
    _pair("B2", "现场展示与答辩", ("展示效果", 20), ("答辩", 20)),
    _pair("B3", "班组文化与创新成果", ("班组文化", 15), ("创新成果", 15)),
]

DESCRIPTION = (
    "贵州省能源化学工会组织的全省行业班组长技能比武，分预赛、复赛、决赛三个阶段，"
    "依次考查理论知识、情景模拟和管理实务、团队建设，内容涵盖安全、质量、成本、生产管理，"
    "以及政治理论、法律法规、职业道德、应急处置和生态环保。预赛前20名进入复赛，"
    "复赛前10名进入决赛；决赛总成绩由复赛成绩的30%加上决赛成绩的70%构成。"
    "进入决赛的选手均获“优秀班组长”称号，"
    "一等奖选手所在班组符合条件的，优先推荐申报“省工人先锋号”。"
    "本竞赛为演示数据，人员与企业均为虚构。"
)
PANEL = dict(name="评委组", weight=100, aggregation="trimmed_mean", trim_k=1, trim_fallback="mean")


def _stages(sync: Sync, contest: Contest) -> tuple[list[Stage], list[tuple]]:
    """The stages, and (stage, component, rater group) triples to build panels for."""
    rows = (
        (1, "预赛", date(2026, 1, 16), "top_n", 20, 0),
        (2, "复赛", date(2026, 3, 5), "top_n", 10, 0),
        (3, "决赛", date(2026, 3, 28), "none", None, 30),
    )
    stages = [sync.put(Stage, dict(contest_id=contest.id, position=position), name=name,
                       starts_on=held, ends_on=held, advancement_rule=rule,
                       advancement_value=None if value is None else Decimal(value),
                       cut_tie_policy="tie_break", carry_over_percent=Decimal(carry),
                       ranking_metrics="total", ranking_scope="overall")
              for position, name, held, rule, value, carry in rows]
    theory = put_component(sync, stages[0], "理论考试", 1, 100, [
        dict(name="阅卷组", weight=100, aggregation="mean")])
    scenario = put_component(sync, stages[1], "情景模拟", 1, 50, [PANEL])
    practice = put_component(sync, stages[1], "管理实务", 2, 50, [PANEL])
    teamwork = put_component(sync, stages[2], "团队建设", 1, 100, [PANEL])
    for component, rubric in ((theory, THEORY), (scenario, SCENARIO), (practice, PRACTICE),
                              (teamwork, TEAMWORK)):
        put_rubric(sync, component, rubric)
    return stages, [(stages[0], theory, "阅卷组"), (stages[1], scenario, "评委组"),
                    (stages[1], practice, "评委组"), (stages[2], teamwork, "评委组")]


def _leaders(sync: Sync, contest: Contest, event: Event, first: Stage) -> None:
    names = NameMaker(SEED)
    draws = names.rng.sample(range(1, 38), 37)
    number = 0
    teams = zip(COMPANIES, TEAM_SIZES, strict=True)
    for index, ((company, city, sector), size) in enumerate(teams, start=1):
        delegation = sync.put(Delegation, dict(contest_id=contest.id, name=f"{company}代表队"),
                              code=f"GZ{index:02d}", region=city)
        for _ in range(size):
            number += 1
            name, gender = names.person(female_share=0.2)
            sub_unit = names.rng.choice(SUB_UNITS[sector]).format(names.rng.choice(PLACES))
            contestant = sync.put(
                Contestant, dict(contest_id=contest.id, bib=f"GZ-{number:03d}"), name=name,
                gender=gender, unit=f"{company}{sub_unit}", delegation_id=delegation.id,
                draw_number=draws[number - 1])
            sync.put(Entry, dict(contestant_id=contestant.id, event_id=event.id,
                                 stage_id=first.id), initial=dict(status="registered"),
                     heat_id=None)


def load(sync: Sync, users: dict[str, User]) -> Contest:
    contest = sync.put(
        Contest, dict(code=CODE), name="2026年贵州省能源化学行业班组长职业技能竞赛",
        name_en="2026 Guizhou Energy & Chemical Industry Team Leader Skills Contest",
        organizer="贵州省能源化学工会", year=2026, starts_on=date(2026, 1, 16),
        ends_on=date(2026, 3, 28), description=DESCRIPTION, is_listed=True)
    event = sync.put(Event, dict(contest_id=contest.id, name="班组长综合管理"), code="BZZ",
                     position=1)
    stages, panels = _stages(sync, contest)
    # Entries exist for the preliminary only: advancement fills the later stages.
    _leaders(sync, contest, event, stages[0])

    judges = [users[name] for name in JUDGES]
    for stage, component, group_name in panels:
        # Every member marks: three read the papers, five (the chief among them) judge.
        markers = judges[3:] if group_name == "阅卷组" else judges[:4]
        put_panel(sync, f"{stage.name}·{component.name}{group_name}", stage, event, component,
                  group_name, markers, chief=users["demo-chief"])

    final = stages[2]
    rule = put_award_rule(sync, contest, "决赛个人奖", [
        dict(name="一等奖", quota=2), dict(name="二等奖", quota=3), dict(name="三等奖", quota=5)],
        stage_id=final.id, event_id=event.id, scope="individual", method="quota",
        tie_policy="all_tied")
    sync.put(TitleRule, dict(contest_id=contest.id, name="优秀班组长"), basis="stage_finalist",
             stage_id=final.id, award_tier_id=None, top_n=None, is_nomination=False,
             description="进入决赛的选手由省能源化学工会授予")
    sync.put(TitleRule, dict(contest_id=contest.id, name="推荐申报省工人先锋号"),
             basis="tier_holder", stage_id=final.id, award_tier_id=tier(rule, "一等奖").id,
             top_n=None, is_nomination=True, nomination_subject="unit",
             description="一等奖选手所在班组，经核实符合条件的优先推荐申报")
    return contest


FIELD = Field(SEED)


def _plan(seat: Seat) -> SheetPlan:
    return FIELD.usual(seat, written=seat.component.name == "理论考试")


def play(contest: Contest, users: dict[str, User]) -> list[str]:
    """Mark the preliminary, confirm who advances (top 20), mark the semi-final, confirm
    (top 10, 30% carried into the final), mark the final, publish, make final."""
    return playing.play(contest, users, lambda stage: _plan, final=True)
