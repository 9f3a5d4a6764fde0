"""A prize's base and rounding, a guest's exclusion and a single-item prize, explained in
the reader's language (worked: 37 eligible of 42 entrants, first prize 10% -> 3.7 -> 3)."""
from decimal import Decimal

import pytest
from flask_babel import force_locale

from contests.public.explain import line_text
from contests.scoring.explain import note
from contests.services.results.published import Explanation
from contests.services.results.snapshot import trace_json
from tests.test_language import offending

D = Decimal
LEFT_OUT = (("withdrawn", 1), ("disqualified", 1), ("vetoed", 1), ("guest", 2))
LINES = {
    "proportion": note("award.proportion", tier="一等奖", percent=D("10"), eligible=37,
                       raw=D("3.7000"), rounding="floor", quota=3, left_out=LEFT_OUT),
    "base": note("award.base", tier="特等奖", quota=1, eligible=37, left_out=LEFT_OUT),
    "guest": note("entry.guest"),
    "ranked_on": note("award.ranked_on", tier="最佳实操奖", metric="component 实操技能",
                      value=D("92.5")),
    "no_value": note("award.no_value", tier="最佳实操奖", metric="component 实操技能"),
}


def _in(app, lang, line):
    with app.test_request_context(), force_locale(lang):
        return line_text(line, 2)


def test_the_proportion_states_base_and_rounding(app):
    assert _in(app, "zh_CN", LINES["proportion"]) == (
        "一等奖占参赛有效人数10%：有效人数37人（不含退赛1、取消资格1、一票否决1、"
        "不参与评奖2），37×10%=3.7，向下取整为3名")
    assert _in(app, "en", LINES["proportion"]) == (
        "一等奖: 10% of the eligible entrants: 37 eligible (not counting withdrawn 1, "
        "disqualified 1, vetoed 1, guests 2); 37 × 10% = 3.7, Round down: 3 places")


def test_a_quota_states_its_base(app):
    assert _in(app, "zh_CN", LINES["base"]) == (
        "特等奖名额1名，在参赛有效人数37人中评定（不含退赛1、取消资格1、一票否决1、不参与评奖2）")


def test_a_line_published_before_bases_were_stated_still_reads(app):
    old = note("award.proportion", tier="一等奖", percent=D("10"), eligible=37,
               raw=D("3.7000"), rounding="floor", quota=3)
    assert _in(app, "zh_CN", old) == "一等奖占参赛有效人数10%：有效人数37人，37×10%=3.7，向下取整为3名"


def test_a_published_base_reads_the_same_as_the_live_one(app):
    (stored,) = trace_json([LINES["proportion"]])
    line = Explanation(stored["code"], stored["params"], stored["text"])
    assert _in(app, "zh_CN", line) == _in(app, "zh_CN", LINES["proportion"])


def test_single_item_wording(app):
    assert _in(app, "zh_CN", LINES["ranked_on"]) == \
        "最佳实操奖：单项奖，按实操技能成绩（92.50）评定，不按总成绩"


@pytest.mark.parametrize("name", sorted(LINES))
def test_every_line_is_wholly_in_the_reader_s_language(app, name):
    assert offending(_in(app, "zh_CN", LINES[name]), "zh_CN") == []
    english = _in(app, "en", LINES[name])
    for data in ("一等奖", "特等奖", "最佳实操奖", "实操技能"):
        english = english.replace(data, " ")
    assert offending(english, "en") == [], english
