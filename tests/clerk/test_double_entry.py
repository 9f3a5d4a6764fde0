"""Paper sheets typed twice by two clerks: agreement stores the judge's sheet, a
difference waits for an organizer or the chief judge, the same clerk cannot type both
copies, and a clerk reaches only the contests they are a member of."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from contests.extensions import db
from contests.models import ContestMember, PaperSheet, ScoreSheet
from contests.services import draws


@pytest.fixture
def paper(build):
    contest = build.contest()
    stage = build.stage(contest)
    event = build.event(contest)
    component = build.component(stage)
    group = build.rater_group(component)
    first = build.criterion(component, name="仪容仪表", max_points=Decimal(10))
    second = build.criterion(component, name="操作流程", max_points=Decimal(20), position=2)
    panel = build.panel(stage, event, component, group)
    judge = build.user("judge")
    build.panel_judge(panel, judge)
    chief = build.user("chief_judge")
    build.panel_judge(panel, chief, is_chief=True, marks=False)
    entry = build.entry(build.contestant(contest, bib="P01"), event, stage)
    clerks = [build.user("clerk") for _ in range(2)]
    for clerk in clerks:
        build.session.add(ContestMember(contest_id=contest.id, user_id=clerk.id))
    build.session.commit()
    url = (f"/clerk/contests/{contest.id}/panels/{panel.id}/judges/{judge.id}"
           f"/entries/{entry.id}")
    return dict(contest=contest, panel=panel, judge=judge, chief=chief, entry=entry,
                clerks=clerks, criteria=(first, second), url=url,
                review=f"/paper-review/contests/{contest.id}/panels/{panel.id}/judges/"
                       f"{judge.id}/entries/{entry.id}")


def typed(world, a, b, **extra):
    first, second = world["criteria"]
    return {f"c{first.id}": a, f"c{second.id}": b, **extra}


def judge_sheets(world):
    return db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.judge_id == world["judge"].id)).all()


def test_two_matching_copies_store_the_judges_submitted_sheet(paper, client, login):
    login(paper["clerks"][0])
    assert client.get("/clerk/").status_code == 200
    assert 'data-state="none"' in client.get(
        f"/clerk/contests/{paper['contest'].id}/panels/{paper['panel'].id}").text
    assert client.post(paper["url"], data=typed(paper, "8.5", "17")).status_code == 302
    assert judge_sheets(paper) == []  # one copy: nothing reaches the results yet

    login(paper["clerks"][1])
    page = client.get(paper["url"])
    assert "8.5" not in page.text and 'id="clerk-sheet-form"' in page.text  # blind
    assert client.post(paper["url"], data=typed(paper, "8.5", "17")).status_code == 302
    [sheet] = judge_sheets(paper)
    assert sheet.status == "submitted"
    first, second = paper["criteria"]
    assert {m.criterion_id: m.value for m in sheet.marks} == {first.id: Decimal("8.5"),
                                                             second.id: Decimal(17)}
    stored = db.session.scalar(select(PaperSheet))
    assert stored.state == "stored" and stored.score_sheet_id == sheet.id


def test_the_same_clerk_cannot_type_the_second_copy(paper, client, login):
    login(paper["clerks"][0])
    client.post(paper["url"], data=typed(paper, "8", "17"))
    assert 'id="clerk-sheet-same-clerk"' in client.get(paper["url"]).text
    again = client.post(paper["url"], data=typed(paper, "8", "17"))
    assert again.status_code == 403
    assert judge_sheets(paper) == []
    assert len(db.session.scalar(select(PaperSheet)).copies) == 1


def test_a_bad_mark_is_refused_and_nothing_saved(paper, client, login):
    login(paper["clerks"][0])
    page = client.post(paper["url"], data=typed(paper, "11", ""))
    assert page.status_code == 422
    assert db.session.scalar(select(func.count(PaperSheet.id))) == 0


def test_differing_copies_wait_and_are_settled_item_by_item(paper, client, login):
    first, second = paper["criteria"]
    login(paper["clerks"][0])
    client.post(paper["url"], data=typed(paper, "8", "17"))
    login(paper["clerks"][1])
    client.post(paper["url"], data=typed(paper, "8", "15"))
    assert judge_sheets(paper) == []  # a difference reaches nothing
    assert db.session.scalar(select(PaperSheet)).state == "mismatch"

    login(paper["chief"])  # the panel's chief judge (an organizer may as well)
    listing = client.get(f"/paper-review/contests/{paper['contest'].id}/panels/"
                         f"{paper['panel'].id}")
    assert 'data-state="mismatch"' in listing.text
    page = client.get(paper["review"])
    assert f'data-criterion="{second.id}" data-differs="yes"' in page.text
    assert f'data-criterion="{first.id}" data-differs="no"' in page.text
    assert client.post(paper["review"], data={f"c{second.id}": "21"}).status_code == 422
    assert judge_sheets(paper) == []
    assert client.post(paper["review"], data={f"c{second.id}": "16"}).status_code == 302
    [sheet] = judge_sheets(paper)
    assert {m.criterion_id: m.value for m in sheet.marks} == {first.id: Decimal(8),
                                                             second.id: Decimal(16)}
    assert db.session.scalar(select(PaperSheet)).resolved_by == paper["chief"].id


def test_an_organizer_settles_too_and_a_plain_judge_cannot(paper, client, login, build):
    login(paper["clerks"][0])
    client.post(paper["url"], data=typed(paper, "8", "17"))
    login(paper["clerks"][1])
    client.post(paper["url"], data=typed(paper, "9", "17"))
    login(paper["judge"])
    assert client.get(paper["review"]).status_code == 403
    login(build.user("chief_judge"))  # chairs no panel of this contest
    assert client.get(f"/paper-review/contests/{paper['contest'].id}/").status_code == 404
    login(build.user("organizer"))
    overview = client.get(f"/paper-review/contests/{paper['contest'].id}/?lang=en")
    assert '<span class="paper-mismatches">1 differ</span>' in overview.text
    first, _second = paper["criteria"]
    assert client.post(paper["review"], data={f"c{first.id}": "9"}).status_code == 302
    assert [m.value for m in judge_sheets(paper)[0].marks if m.criterion_id == first.id] \
        == [Decimal(9)]


def test_a_clerk_of_another_contest_finds_nothing(paper, client, login, build):
    other = build.user("clerk")
    elsewhere = build.contest()
    build.session.add(ContestMember(contest_id=elsewhere.id, user_id=other.id))
    build.session.commit()
    login(other)
    assert paper["contest"].name not in client.get("/clerk/").text
    assert client.get(f"/clerk/contests/{paper['contest'].id}/panels/"
                      f"{paper['panel'].id}").status_code == 404
    assert client.get(paper["url"]).status_code == 404
    assert client.post(paper["url"], data=typed(paper, "8", "17")).status_code == 404
    assert db.session.scalar(select(func.count(PaperSheet.id))) == 0
    login(paper["judge"])
    assert client.get("/clerk/").status_code == 403


# Sealed codes (加密): while a stage's codes are sealed, a clerk typing a judge's paper sheet,
# and whoever settles two copies that differ, know the entry by the sealed code the judge's
# sheet carries, never by its bib, draw number or name; once the organizer unseals the
# codes, the bib and name show again.


def _pages(client, world):
    contest, panel = world["contest"], world["panel"]
    grid = client.get(f"/clerk/contests/{contest.id}/panels/{panel.id}?lang=en")
    sheet = client.get(world["url"] + "?lang=en")
    return [grid, sheet]


def _review_pages(client, world):
    contest, panel = world["contest"], world["panel"]
    listing = client.get(f"/paper-review/contests/{contest.id}/panels/{panel.id}?lang=en")
    return [listing, client.get(world["review"] + "?lang=en")]


def test_clerks_see_the_sealed_code_until_the_codes_are_unsealed(paper, client, login,
                                                                  build):
    entry = paper["entry"]
    person = entry.contestant
    person.name, person.draw_number = "王小丽", 7
    paper["panel"].reveal_names = True  # even a panel that shows names shows the code only
    db.session.commit()
    organizer = build.user("organizer")
    seal = draws.seal(entry.stage, event=entry.event, seed="clerk-seed")
    code = draws.sealed_code_map(entry.stage_id, entry.event_id)[entry.id]

    clerk, second = paper["clerks"]
    login(clerk)
    for page in _pages(client, paper):
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f"Code {code}" in text
        assert "P01" not in text and "王小丽" not in text and "draw 7" not in text
    client.post(paper["url"], data=typed(paper, "8", "17"))
    login(second)
    client.post(paper["url"], data=typed(paper, "9", "17"))  # the copies differ
    login(paper["chief"])
    for page in _review_pages(client, paper):
        text = page.get_data(as_text=True)
        assert f"Code {code}" in text and "P01" not in text and "王小丽" not in text

    draws.unseal(seal, organizer)
    login(clerk)
    grid = _pages(client, paper)[0].get_data(as_text=True)
    assert "P01" in grid and "王小丽" in grid and "draw 7" in grid
    assert f"Code {code}" not in grid
    login(paper["chief"])
    for page in _review_pages(client, paper):
        text = page.get_data(as_text=True)
        assert "P01" in text and "王小丽" in text and f"Code {code}" not in text
