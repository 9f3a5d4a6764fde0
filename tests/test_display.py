"""One display of decimals: a total reads the same, at the contest's stated precision, on
the organizer's standings, the public results page and the results export."""
import re
from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from openpyxl import load_workbook

from contests import display
from contests.models import Mark, ScoreSheet
from contests.services.results import publication


def test_scores_keep_the_contests_places_and_typed_quantities_stay_as_typed():
    assert display.score(D("90.8"), 2) == "90.80"
    assert display.score("90.805", 2) == "90.81"  # half up
    assert display.score(D("89.5000"), 1) == "89.5"
    assert display.score(None, 2) == "—"
    assert display.plain(D("30.000")) == "30"
    assert display.plain(D("9E+1")) == "90"
    assert display.plain(D("12.50")) == "12.5"
    assert display.money(D("2000")) == "2000.00"
    assert display.at_least(D("8.25"), 1) == D("8.25")  # an export never drops a judge's digit
    assert display.at_least(D("90.8"), 2) == D("90.80")
    with pytest.raises(TypeError):
        display.score(90.8, 2)


def test_the_filters_are_registered(app):
    render = app.jinja_env.from_string(
        "{{ a|score(2) }} {{ b|plain }} {{ c|money }} {{ b|cell }}")
    assert render.render(a=D("90.8"), b=D("30.00"), c=D("300")) == "90.80 30 300.00 30"


def _one_entry_at_90_8(build, session):
    contest = build.contest(code="PLACES", name="两位小数竞赛", is_listed=True,
                            decimal_places=2)
    stage = build.stage(contest, name="决赛")
    event = build.event(contest, name="实操")
    component = build.component(stage, name="实操")
    group = build.rater_group(component, name="裁判组", aggregation="mean")
    criterion = build.criterion(component, name="操作", max_points=D(100), step=D("0.1"))
    judge = build.user("judge", display_name="评委")
    panel = build.panel(stage, event, component, group, name="评审组")
    build.panel_judge(panel, judge)
    person = build.contestant(contest, bib="P1", name="选手甲")
    entry = build.entry(person, event, stage)
    sheet = ScoreSheet(panel_id=panel.id, entry_id=entry.id, judge_id=judge.id,
                       status="confirmed")
    sheet.marks.append(Mark(criterion_id=criterion.id, value=D("90.8")))
    session.add(sheet)
    session.commit()
    return contest, stage


def _cells(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_a_total_of_90_8_reads_90_80_everywhere(client, login, build, db):
    contest, stage = _one_entry_at_90_8(build, db.session)
    organizer = build.user("organizer")
    login(organizer)

    standings = client.get(f"/organizer/contests/{contest.id}/results?lang=en")
    assert standings.status_code == 200
    assert "90.80" in _cells(standings.get_data(as_text=True))

    publication.publish(contest, publicity_ends_on=date.today(), change_note=None,
                        user=organizer)
    public = client.get(f"/contests/{contest.code}/stages/{stage.id}?lang=en")
    assert public.status_code == 200
    assert "90.80" in _cells(public.get_data(as_text=True))

    base = f"/organizer/contests/{contest.id}/exchange/export/standings"
    sheet = load_workbook(BytesIO(client.get(f"{base}?format=xlsx&lang=en").data)).active
    header = [c.value for c in sheet[1]]
    total = sheet.cell(row=2, column=header.index("Total") + 1)
    assert str(total.value) == "90.8" and total.number_format == "0.00"  # Excel: 90.80
    text = client.get(f"{base}?format=csv&lang=en").data.decode("utf-8-sig")
    assert ",90.80," in text
