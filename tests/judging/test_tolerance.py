"""A criterion's tolerance holds the chief judge's confirmation while the judges' marks
spread beyond it, until they re-mark or the chief records why the marks may stand; the
consistency check's threshold is the panel's own setting.

The venue: full marks 20; 服务质量 has 礼仪 (tolerance 1 here) and 效率, each out of 10.
On the first entry the chief marks 礼仪 8.5, 效率 8.5 (17) and 甲 marks 礼仪 6, 效率 9
(15): 礼仪 spreads 8.5 - 6 = 2.5, more than 1."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from contests.models import AuditEntry, ScoreSheet, SpreadResolution
from contests.public.explain import line_text
from contests.refusals import Conflict
from contests.services.judging import access, consistency, signoff, tolerance
from contests.services.results.compute import compute_stage


@pytest.fixture
def spread(db, venue, change):
    venue["manner"].tolerance = Decimal(1)
    db.session.commit()
    panel_id = venue["panel"].id
    sheets = {}
    for who, manner, speed in (("chief", "8.5", "8.5"), ("judge", "6", "9")):
        judge = venue[who]
        assert change(judge, venue["manner"], manner).status == 200
        assert change(judge, venue["speed"], speed).status == 200
        sheets[who] = signoff.submit(access.seat(judge, panel_id), venue["entries"][0].id).id
    return sheets


def _status(db, sheet_id) -> str:
    db.session.expire_all()
    return db.session.get(ScoreSheet, sheet_id).status


def test_a_spread_beyond_the_tolerance_refuses_confirmation(app, db, venue, spread):
    chief = access.chief_seat(venue["chief"], venue["panel"].id)
    with app.test_request_context("/?lang=en"), pytest.raises(Conflict) as refused:
        signoff.confirm(chief, spread["judge"])
    assert refused.value.code == "spread"
    assert "礼仪: marks 6 to 8.5 spread 2.5, more than the tolerance 1" in str(refused.value)
    assert _status(db, spread["judge"]) == "submitted"


def test_confirm_all_holds_the_sheets_of_the_entry(client, login, db, venue, spread):
    login(venue["chief"])
    text = client.post(f"/judging/panels/{venue['panel'].id}/confirm-all?lang=en"
                       ).get_data(as_text=True)
    assert "0 sheets confirmed, 2 left submitted." in text
    held = re.search(r'<ul id="held-list">.*?</ul>', text, re.S).group(0)
    assert held.count("<li data-sheet=") == 2 and "spread 2.5" in held
    assert {_status(db, s) for s in spread.values()} == {"submitted"}


def test_after_a_re_mark_within_the_tolerance_the_chief_confirms(
        client, login, db, venue, change, spread):
    panel_id = venue["panel"].id
    login(venue["chief"])
    confirm = f"/judging/panels/{panel_id}/sheets/{spread['judge']}/confirm?lang=en"
    refused = client.post(confirm, follow_redirects=True).get_data(as_text=True)
    assert "more than the tolerance 1" in refused
    assert _status(db, spread["judge"]) == "submitted"
    chief = access.chief_seat(venue["chief"], panel_id)
    signoff.reopen(chief, spread["judge"], "礼仪分差过大，请复评")
    # 甲 re-marks 礼仪 8: 8.5 - 8 = 0.5, within 1
    assert change(venue["judge"], venue["manner"], "8", base_version=1).status == 200
    signoff.submit(access.seat(venue["judge"], panel_id), venue["entries"][0].id)
    assert tolerance.open_spreads(venue["panel"]) == {}
    assert client.post(confirm).status_code == 302
    assert _status(db, spread["judge"]) == "confirmed"


def test_a_resolution_with_a_reason_lets_the_chief_confirm(app, client, login, db, venue,
                                                           spread):
    panel_id = venue["panel"].id
    code = access.entry_code(panel_id, venue["entries"][0].id)
    login(venue["chief"])
    page = client.get(f"/judging/panels/{panel_id}/progress?lang=en").get_data(as_text=True)
    assert 'id="spreads"' in page and "spread 2.5, more than the tolerance 1" in page
    resolve = (f"/judging/panels/{panel_id}/entries/{code}/spreads/"
               f"{venue['manner'].id}/resolve?lang=en")
    # no reason: refused, nothing stored
    assert client.post(resolve, data={"reason": "  "}).status_code == 302
    assert db.session.scalar(select(SpreadResolution)) is None
    client.post(f"/judging/panels/{panel_id}/sheets/{spread['judge']}/confirm")
    assert _status(db, spread["judge"]) == "submitted"
    assert client.post(resolve, data={"reason": "录像复核：礼仪失误确有发生"}).status_code == 302
    row = db.session.scalar(select(SpreadResolution))
    assert (row.lowest, row.highest, row.user_id) == (Decimal(6), Decimal("8.5"),
                                                     venue["chief"].id)
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "resolve_spread"))
    assert audit.reason == "录像复核：礼仪失误确有发生" and audit.user_id == venue["chief"].id
    page = client.get(f"/judging/panels/{panel_id}/progress?lang=en").get_data(as_text=True)
    assert "Resolved by 裁判长" in page and "录像复核：礼仪失误确有发生" in page
    text = client.post(f"/judging/panels/{panel_id}/confirm-all?lang=en").get_data(as_text=True)
    assert "2 sheets confirmed, 0 left submitted." in text
    assert {_status(db, s) for s in spread.values()} == {"confirmed"}
    # the entry's explanation says the chief let the marks stand, and why
    result = compute_stage(venue["stage"]).results["K1"]
    (line,) = [t for t in result.trace if t.code == "spread.resolved"]
    assert line.text.startswith("实操 / 礼仪: the judges' marks 6 to 8.5 differ more than "
                                "the tolerance 1; the chief judge let them stand (")
    assert line.text.endswith("): 录像复核：礼仪失误确有发生")
    with app.test_request_context("/?lang=zh_CN"):
        assert "录像复核：礼仪失误确有发生" in line_text(line, 2)


def test_a_resolution_holds_only_for_the_marks_it_was_given_on(app, db, venue, change, spread):
    panel_id = venue["panel"].id
    chief = access.chief_seat(venue["chief"], panel_id)
    with app.test_request_context("/?lang=en"):
        tolerance.resolve(chief, venue["entries"][0].id, venue["manner"].id, "确认无误")
    assert tolerance.open_spreads(venue["panel"]) == {}
    signoff.reopen(chief, spread["judge"], "复评")
    # 甲 now marks 礼仪 5: 8.5 - 5 = 3.5, another spread, held again
    assert change(venue["judge"], venue["manner"], "5", base_version=1).status == 200
    signoff.submit(access.seat(venue["judge"], panel_id), venue["entries"][0].id)
    (held,) = tolerance.open_spreads(venue["panel"])[venue["entries"][0].id]
    assert held.breach.spread == Decimal("3.5")


def test_the_panel_threshold_decides_which_sheets_are_flagged(db, venue, spread):
    # Totals 17 and 15 differ by 2: at 10% of 20 (2 points) neither is flagged ...
    flags, threshold = consistency.flagged_sheets(venue["panel"])
    assert threshold == Decimal(2) and flags == {}
    # ... at 5% (1 point) both are.
    venue["panel"].flag_percent = Decimal(5)
    db.session.commit()
    flags, threshold = consistency.flagged_sheets(venue["panel"])
    assert threshold == Decimal(1)
    assert set(flags) == {(venue["entries"][0].id, venue["chief"].id),
                          (venue["entries"][0].id, venue["judge"].id)}
