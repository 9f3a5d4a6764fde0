"""Explanations are sentences in the reader's language, built from the core's structured
lines: no core identifier (trimmed_mean, all_tied, stage total) reaches a page, numbers
are shown at the contest's precision, a one-off bonus is never "per year"."""
from decimal import Decimal
from types import MappingProxyType

import pytest
from flask_babel import force_locale

from contests.public.explain import benefit_text, line_text, lines_text
from contests.scoring.explain import note
from contests.services.results.published import Benefit, Explanation
from contests.services.results.snapshot import trace_json
from tests.test_language import offending

D = Decimal
DATA = ("实操技能", "理论知识", "裁判组", "浙江省代表队", "一等奖", "二等奖", "职业素养", "违反保密原则")

ROWS = note("aggregate.rows", component="实操技能", group="裁判组", method="trimmed_mean",
            level="sheet", judges=("裁判1", "裁判2", "裁判3", "裁判4", "裁判5"),
            criteria=("sheet total",),
            marks=tuple({"sheet total": D(m)} for m in ("95.5000", "95.5", "97", "97", "94.5")),
            dropped=((4, 3),), numerators=(D("288.0000"),), denominator=3)
LINES = {
    "rows": ROWS,
    "weighted": note("components.weighted", what="stage total",
                     parts=(("理论知识", D("96.166666666"), D("30.000")),
                            ("实操技能", D("96"), D("70.000"))), value=D("96.05")),
    "rounding": note("rounding.applied", step="total", exact=D("96.05"), value=D("96.05"),
                     places=2),
    "placed": note("rank.placed", rank=1, count=31, metrics=("total", "component 实操技能"),
                   values=(D("96.05"), D("96"))),
    "vetoed": note("entry.vetoed", reasons=("职业素养: 违反保密原则",),
                   vetoes=(("职业素养", "违反保密原则"),)),
    "incomplete": note("entry.incomplete", reasons=("rater group 裁判组 has no marks",),
                       lines=(note("groups.missing_refused", component="实操技能",
                                   group="裁判组"),)),
    "advance": note("advance.top_n", rank=2, n=3, per="delegation", group="浙江省代表队"),
    "tie": note("advance.tie_at_cut", n=20, per="", group="", other="A07",
                metrics=("total",), policy="all_tied"),
    "quota": note("award.quota", tier="二等奖", position=1, quota=2, rank=3,
                  method="proportion"),
    "proportion": note("award.proportion", tier="二等奖", percent=D("10"), eligible=37,
                       raw=D("3.7000"), rounding="floor", quota=3),
    "once": note("award.benefit", tier="一等奖", amount=D("2000"), period="once",
                 payout=D("2000.00"), payout_period="year"),
    "monthly": note("award.benefit", tier="一等奖", amount=D("300"), period="month",
                    payout=D("3600.00"), payout_period="year"),
    "award_tie": note("award.tie_at_quota", tier="一等奖", quota=1, other="A01",
                      metrics=("total",), policy="all_tied"),
    "team": note("team.total", method="best_n", n=3, count=3, members=("1 90", "2 80"),
                 value=D("170")),
    "gate": note("gate.failed", component="理论知识", score=D("55.5"), pass_mark=D("60")),
}


def _in(app, lang, line, places=2):
    with app.test_request_context(), force_locale(lang):
        return line_text(line, places)


@pytest.mark.parametrize("name", sorted(LINES))
def test_every_line_is_wholly_chinese_in_chinese(app, name):
    text = _in(app, "zh_CN", LINES[name])
    assert offending(text.replace("N = 3", ""), "zh_CN") == [], text


@pytest.mark.parametrize("name", sorted(LINES))
def test_every_line_reads_as_english_in_english(app, name):
    text = _in(app, "en", LINES[name])
    for data in DATA:  # names of things, as the organizer typed them
        text = text.replace(data, " ")
    assert offending(text, "en") == [], text
    for identifier in ("trimmed_mean", "all_tied", "floor", "best_n", "half_up"):
        assert identifier not in text


def test_the_judges_marks_and_results_show_at_the_contests_precision(app):
    zh = _in(app, "zh_CN", ROWS)
    assert "去掉最高分和最低分后的平均分" in zh and "按评分表总分汇总" in zh
    assert "裁判1 95.50" in zh and "95.5000" not in zh
    assert "去掉最低分裁判5、最高分裁判4" in zh and zh.endswith("→ 96.00")
    en = _in(app, "en", ROWS)
    assert "judge 1 95.50" in en and "(dropped: lowest judge 5, highest judge 4) → 96.00" in en
    assert _in(app, "en", ROWS, places=1).endswith("→ 96.0")
    assert _in(app, "zh_CN", LINES["weighted"]) == \
        "本阶段成绩：理论知识 96.17 × 30% + 实操技能 96.00 × 70% = 96.05"
    assert _in(app, "zh_CN", LINES["placed"]) == "按总成绩、实操技能排名，在31人中列第1名：96.05、96.00"


def test_a_one_off_bonus_is_never_per_year(app):
    assert _in(app, "zh_CN", LINES["once"]) == "一等奖：一次性奖励2000.00元"
    assert _in(app, "en", LINES["once"]) == "一等奖: a one-off bonus of 2000.00 yuan"
    assert "每月300.00元" in _in(app, "zh_CN", LINES["monthly"])
    assert "per year" in _in(app, "en", LINES["monthly"])
    with app.test_request_context(), force_locale("zh_CN"):
        assert benefit_text(Benefit(D("2000"), "once", D("2000"))) == "一次性奖励2000.00元"
        assert benefit_text(Benefit(D("300"), "month", D("3600"))) == "工作补贴每年3600.00元"


def test_a_veto_names_the_criterion_and_the_reason(app):
    assert _in(app, "zh_CN", LINES["vetoed"]) == \
        "一票否决（职业素养：违反保密原则）：列出原因，不参与排名和评奖"
    assert _in(app, "en", LINES["vetoed"]) == \
        "vetoed (职业素养: 违反保密原则): shown with its reason, never ranked or awarded"


def test_award_wording_follows_the_rule(app):
    assert _in(app, "zh_CN", LINES["quota"]) == "二等奖：按比例确定的2个名额中的第1个（名次3）"
    assert "向下取整" in _in(app, "zh_CN", LINES["proportion"])
    advancement_tie, award_tie = _in(app, "zh_CN", LINES["tie"]), _in(app, "zh_CN",
                                                                       LINES["award_tie"])
    assert "晋级线上并列者全部晋级" in advancement_tie
    assert "晋级" not in award_tie and "与该奖项最后一名并列者全部获奖" in award_tie


def test_a_published_line_renders_from_its_stored_parameters(app):
    (stored,) = trace_json([ROWS])
    line = Explanation(stored["code"], MappingProxyType(stored["params"]), stored["text"])
    assert _in(app, "zh_CN", line) == _in(app, "zh_CN", ROWS)
    # a line nested in another (the reasons an entry is not finalized) too
    (stored,) = trace_json([LINES["incomplete"]])
    line = Explanation(stored["code"], MappingProxyType(stored["params"]), stored["text"])
    assert _in(app, "zh_CN", line) == ("成绩未确定：实操技能：评分组“裁判组”没有评分；"
                                       "按竞赛规定不予计算，成绩无法确定")


def test_a_line_of_the_first_snapshot_format_still_reads(app):
    """Published before lists were kept: parameters joined into text."""
    old = Explanation("rank.placed", MappingProxyType(
        {"rank": "1", "count": "31", "metrics": "total, component 实操技能",
         "values": "96.05, 96"}), "rank 1 of 31 by total, component 实操技能: 96.05, 96")
    assert _in(app, "zh_CN", old) == "按总成绩、实操技能排名，在31人中列第1名：96.05、96.00"
    unknown = Explanation("aggregate.rows", MappingProxyType({"marks": "mappingproxy(...)"}),
                          "english as it was")
    assert _in(app, "zh_CN", unknown) == "english as it was"


def test_lines_join_as_one_paragraph(app):
    with app.test_request_context(), force_locale("zh_CN"):
        text = lines_text([LINES["quota"], LINES["once"]], 2)
    assert text == "二等奖：按比例确定的2个名额中的第1个（名次3）；一等奖：一次性奖励2000.00元"


def test_a_things_name_is_not_a_persons_name(app):
    from contests.organizer.forms.assessment import ComponentRow, RaterGroupRow
    from contests.organizer.forms.contest import ContestForm, EventForm
    from contests.organizer.forms.judging import PanelForm
    from contests.organizer.forms.people import ContestantForm, DelegationForm
    from contests.organizer.specs import RESOURCES

    with app.test_request_context(), force_locale("zh_CN"):
        for form in (ContestForm, EventForm, DelegationForm, PanelForm, ComponentRow,
                     RaterGroupRow):
            assert str(form.name.args[0]) == "名称", form
        assert str(ContestantForm.name.args[0]) == "姓名"
        headers = {name: dict(r.columns) for name, r in RESOURCES.items()}
        assert str(headers["events"]["name"]) == str(headers["panels"]["name"]) == "名称"
        assert str(headers["contestants"]["name"]) == "姓名"
