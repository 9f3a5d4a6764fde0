"""The organizer's provisional standings are computed on each view from submitted and
confirmed sheets (issue #14: current within a second of a confirmed sheet; the benchmark
benchmarks/bench_recompute.py measures that time at 500 entries, this test what the
organizer sees).

Worked example (tests/results/scored.py, trimmed mean dropping one highest and one
lowest): A3's judges gave 80, 81, 82, 83, 84 → (81 + 82 + 83) / 3 = 82.00. With the fifth
judge's sheet open again (draft, not counted) A3 has four sheets: drop 80 and 83 →
(81 + 82) / 2 = 81.50 and one sheet missing. The judge submits, the chief judge confirms:
82.00 again, nothing missing."""
import re

from contests.models import ScoreSheet
from contests.services.judging import access, signoff
from tests.results.scored import scored_contest


def _a3_row(page: str) -> str:
    """The standings row of A3 (its cells' text, tags removed)."""
    row = next(r for r in re.findall(r"<tr\b.*?</tr>", page, re.S) if ">A3<" in r)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_a_confirmed_sheet_shows_on_the_live_provisional_standings(db, build, client, login):
    world = scored_contest(build, db.session)
    contest, panel, judges = world["contest"], world["panel"], world["judges"]
    chief = build.user("judge", display_name="裁判长")
    build.panel_judge(panel, chief, is_chief=True, marks=False)
    sheet = db.session.query(ScoreSheet).filter_by(entry_id=world["entries"]["A3"].id,
                                                   judge_id=judges[4].id).one()
    sheet.status = "draft"  # the chief judge sent it back; the judge has not resubmitted
    db.session.commit()
    sheet_id = sheet.id
    login(build.user("organizer"))
    url = f"/organizer/contests/{contest.id}/results?lang=en"

    before = client.get(url)
    assert before.status_code == 200
    row = _a3_row(before.get_data(as_text=True))
    assert "81.50" in row and "82.00" not in row
    assert row.endswith("81.50 1")  # rank 3, total 81.50, one sheet missing

    signoff.submit(access.seat(judges[4], panel.id), world["entries"]["A3"].id)
    signoff.confirm(access.chief_seat(chief, panel.id), sheet_id)

    after = client.get(url)
    row = _a3_row(after.get_data(as_text=True))
    assert row.endswith("82.00")  # rank 3, total 82.00, no sheet missing
    assert db.session.get(ScoreSheet, sheet_id).status == "confirmed"
