"""The consistency check's threshold is each panel's own setting (percent of full marks,
10 unless the organizer says otherwise), on the panel form and for panels in bulk."""
from decimal import Decimal

from sqlalchemy import select

from contests.models import Panel
from tests.organizer.test_judging_forms import _panel
from tests.organizer.test_panels_bulk import _data, _stage_with_two_events
from tests.organizer.test_panels_bulk import _url as _bulk_url


def test_the_panel_form_sets_the_threshold_and_leaves_10_when_empty(client, organizer, db,
                                                                     build):
    world = build.scored_contest()
    url = f"/organizer/contests/{world['contest'].id}/panels/new?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Flag a sheet total this far from the other judges" in page
    assert client.post(url, data=_panel(world, flag_percent="15")).status_code == 302
    assert client.post(url, data=_panel(world, name="二组", flag_percent="")).status_code == 302
    shares = dict(db.session.execute(select(Panel.name, Panel.flag_percent)).all())
    assert shares["实操评审一组"] == Decimal(15) and shares["二组"] == Decimal(10)
    refused = client.post(url, data=_panel(world, name="三组", flag_percent="120"))
    assert "Must be between 0 and 100." in refused.get_data(as_text=True)
    assert "三组" not in dict(db.session.execute(select(Panel.name, Panel.id)).all())


def test_panels_in_bulk_take_the_threshold(client, organizer, db, build):
    contest, stage, events, components, _groups = _stage_with_two_events(build)
    response = client.post(_bulk_url(contest, stage),
                           data=_data(events, components, flag_percent="12.5"))
    assert response.status_code == 302
    assert set(db.session.scalars(select(Panel.flag_percent))) == {Decimal("12.5")}
