"""Issue #15 items 3, 10, 11 through the service: a normalised rater group shows raw beside
normalised, a team nomination names the team once, the payroll export pays allowances and
judges' fees to the cent."""
from datetime import date
from decimal import Decimal as D
from io import BytesIO

from openpyxl import load_workbook

from contests.models import AwardTier, Mark, ScoreSheet
from contests.services.results import publication
from tests.results.scored import scored_contest


def _publish(world, user):
    publication.publish(world["contest"], publicity_ends_on=date.today(), change_note=None,
                        user=user)


def test_the_provisional_page_shows_raw_beside_normalised(client, login, build, db):
    world = scored_contest(build, db.session)
    group = world["panel"].rater_group
    group.aggregation, group.trim_k, group.normalisation = "mean", 0, "z_score"
    db.session.commit()
    login(build.user("organizer"))
    page = client.get(f"/organizer/contests/{world['contest'].id}/results?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    # A6's raw sheet totals 65..69 average 67; the normalised value differs from it.
    assert "实操 / 裁判组: raw 67.00 → normalised" in text
    # The judges' raw marks are stored unchanged.
    assert sorted(m.value for m in db.session.query(Mark).join(ScoreSheet).where(
        ScoreSheet.entry_id == world["entries"]["A6"].id)) == [65, 66, 67, 68, 69]
    _publish(world, build.user("organizer"))
    entry = world["entries"]["A1"]
    public = client.get(f"/contests/DEMO/entries/{entry.id}?lang=zh_CN")
    assert "x′ = m + s × (x − mⱼ) / sⱼ" in public.get_data(as_text=True)


def test_a_team_nomination_names_the_team_once(client, login, build, db):
    world = scored_contest(build, db.session)
    for bib in ("A1", "A2"):  # the two best share a team (班组)
        world["entries"][bib].contestant.unit = "六枝矿三号班组"
    db.session.commit()
    build.title_rule(world["contest"], name="省工人先锋号", basis="top_n", top_n=2,
                     stage_id=world["first"].id, is_nomination=True,
                     nomination_subject="unit")
    organizer = build.user("organizer")
    login(organizer)
    preview = client.get(f"/organizer/contests/{world['contest'].id}/awards?lang=zh_CN")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert html.count('name="subject" value="六枝矿三号班组"') == 1
    _publish(world, organizer)
    page = client.get("/contests/DEMO/titles?lang=zh_CN")
    text = page.get_data(as_text=True)
    section = text.split("省工人先锋号", 1)[1]
    assert section.count("六枝矿三号班组") >= 1
    assert "选手A1, 选手A2" in section  # the winners it rests on
    assert "选手A1</a>" not in section  # no nomination for the persons themselves


def test_payroll_export_pays_allowances_and_judges_fees(client, login, build, db):
    world = scored_contest(build, db.session)
    contest, first = world["contest"], world["first"]
    tier = db.session.query(AwardTier).filter_by(name="一等奖").one()
    tier.benefit_amount, tier.benefit_period = D("300"), "month"
    world["entries"]["A1"].contestant.id_number_masked = "320102********1234"
    first.judge_fee_per_session = D("350.50")
    chief = build.user("chief_judge", display_name="裁判长", unit="省总工会")
    build.panel_judge(world["panel"], chief, marks=False, is_chief=True)
    db.session.commit()
    organizer = build.user("organizer")
    _publish(world, organizer)
    # A second panel of the same stage after publishing: 评委1 submits a sheet on it,
    # 评委2 sits there with a draft only (not paid for it).
    component = build.component(first, name="理论")
    group = build.rater_group(component, name="阅卷组")
    criterion = build.criterion(component, name="试卷", max_points=D(100), step=D(1))
    second = build.panel(first, world["event"], component, group, name="理论阅卷组")
    one, two = world["judges"][0], world["judges"][1]
    build.panel_judge(second, one)
    build.panel_judge(second, two)
    for judge, status in ((one, "submitted"), (two, "draft")):
        sheet = ScoreSheet(panel_id=second.id, entry_id=world["entries"]["A1"].id,
                           judge_id=judge.id, status=status)
        sheet.marks.append(Mark(criterion_id=criterion.id, value=D(80)))
        db.session.add(sheet)
    db.session.commit()
    login(organizer)
    url = f"/organizer/contests/{contest.id}/exchange/export/payroll?format=xlsx&lang=en"
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["Allowances", "Judges' fees"]
    allowances = [[c.value for c in row] for row in book["Allowances"].iter_rows()]
    assert allowances[0] == ["Grading", "Grade", "Name", "Work unit", "ID number",
                             "Allowance", "Paid", "Per year"]
    # 300 yuan a month, paid once a year: 12 × 300 = 3600.00
    assert allowances[1] == ["个人奖", "一等奖", "选手A1", None, "320102********1234", 300,
                             "per month", 3600]
    assert book["Allowances"].cell(row=2, column=8).number_format == "0.00"
    assert allowances[-1][0] == "Total" and allowances[-1][7] == 3600
    fees = [[c.value for c in row] for row in book["Judges' fees"].iter_rows(min_row=2)]
    by_judge = {row[1]: row for row in fees[:-1]}
    # 评委1: the 复赛 panel and the theory panel: 2 × 350.50 = 701.00
    assert by_judge["评委1"] == ["复赛", "评委1", None, 2, D("350.5"), 701]
    # 评委2: the 复赛 panel only (a draft on the second panel is not a session): 350.50
    assert by_judge["评委2"][3:] == [1, D("350.5"), D("350.5")]
    # the chief chairs without marking: paid for the panel that sat
    assert by_judge["裁判长"] == ["复赛", "裁判长", "省总工会", 1, D("350.5"), D("350.5")]
    # 2 sessions + 4 judges × 1 + the chief × 1 = 7 sessions: 7 × 350.50 = 2453.50
    assert fees[-1][0] == "Total" and fees[-1][5] == D("2453.5")


def test_payroll_export_is_for_the_contests_organizers_only(client, login, build, db):
    world = scored_contest(build, db.session)
    login(build.user("judge"))
    url = f"/organizer/contests/{world['contest'].id}/exchange/export/payroll?format=xlsx"
    assert client.get(url).status_code in (302, 403)
