"""Exports of published results: standings (per stage, event, heat, delegation), award
and title lists, grades with yearly benefit totals. They read the newest published
snapshot, as the public pages do: an export always matches what was announced.

The one exception is the provisional standings: computed live from submitted and
confirmed sheets for the organizer, and marked as provisional on every row, in the sheet
name and the file name, with the time they were computed."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ..public.explain import why_text
from ..services.results.publication import versions
from ..services.results.published import Snapshot, read
from .exports import ExportKind, register
from .writers import Column, Sheet


def _snapshot(contest) -> Snapshot | None:
    found = versions(contest)
    return read(found[0]) if found else None


def _none(title) -> list[Sheet]:
    return [Sheet(title, [Column(_l("Note"), width=40)],
                  [[str(_l("No results have been published yet."))]])]


def standings(contest) -> list[Sheet]:
    snap = _snapshot(contest)
    if snap is None:
        return _none(_l("Standings"))
    places = snap.places  # as published, even if the contest changed it since
    columns = [Column(_l("Stage")), Column(_l("Event")), Column(_l("Heat")),
               Column(_l("Rank"), "integer"), Column(_l("Bib number")), Column(_l("Name")),
               Column(_l("Delegation"), width=24), Column(_l("Work unit"), width=24),
               Column(_l("Total"), "number", places), Column(_l("Status")),
               Column(_l("Advanced"))]
    rows, teams = [], []
    for stage, _group, r in snap.standings():
        rows.append([stage.name, r.event, r.heat, r.rank, r.bib, r.name, r.delegation, r.unit,
                     r.total, r.status, "✓" if r.advanced else ""])
    for stage in snap.stages:
        teams.extend([stage.name, t.rank, t.delegation, t.total, t.members]
                     for t in stage.teams)
    sheets = [Sheet(_l("Standings"), columns, rows)]
    if teams:
        sheets.append(Sheet(_l("Delegations"), [
            Column(_l("Stage")), Column(_l("Rank"), "integer"), Column(_l("Delegation"), width=24),
            Column(_l("Total"), "number", places), Column(_l("Members counted"), "integer")],
            teams))
    return sheets


def awards(contest) -> list[Sheet]:
    snap = _snapshot(contest)
    if snap is None:
        return _none(_l("Awards"))
    places = snap.places  # as published, even if the contest changed it since
    award_rows = [[a.rule, a.stage, a.event, a.tier, a.name, a.bib, a.delegation, a.unit,
                   a.total, why_text(a, places)] for a in snap.awards]
    title_rows = [[t.title, t.state, t.name, t.delegation, t.unit, why_text(t, places)]
                  for t in snap.titles]
    return [
        Sheet(_l("Awards"), [Column(_l("Award rule"), width=20), Column(_l("Stage")),
                             Column(_l("Event")), Column(_l("Tier")), Column(_l("Name")),
                             Column(_l("Bib number")), Column(_l("Delegation"), width=24),
                             Column(_l("Work unit"), width=24),
                             Column(_l("Total"), "number", places),
                             Column(_l("Why"), width=50)], award_rows),
        Sheet(_l("Titles and nominations"), [
            Column(_l("Title or nomination"), width=24), Column(_l("State")), Column(_l("Name")),
            Column(_l("Delegation"), width=24), Column(_l("Work unit"), width=24),
            Column(_l("Why"), width=50)], title_rows),
    ]


def grades(contest) -> list[Sheet]:
    """Grade bands with the allowance per period and the yearly total to pay."""
    snap = _snapshot(contest)
    if snap is None:
        return _none(_l("Grades"))
    rows = [[a.rule, a.tier, a.name, a.unit, a.total,
             a.benefit.amount if a.benefit else None,
             a.benefit.period if a.benefit else "",
             a.benefit.yearly if a.benefit else None]
            for a in snap.awards if a.method == "score_band"]
    places = snap.places  # as published, even if the contest changed it since
    return [Sheet(_l("Grades"), [
        Column(_l("Grading")), Column(_l("Grade")), Column(_l("Name")),
        Column(_l("Work unit"), width=24), Column(_l("Total"), "number", places),
        Column(_l("Allowance"), "number", 2), Column(_l("Paid")),
        Column(_l("Per year"), "number", 2)], rows)]


def provisional(contest) -> list[Sheet]:
    """Live standings (not published): every row says PROVISIONAL and when computed."""
    from ..services.results import publication
    from ..services.results.compute import compute_contest
    from ..services.results.loading import PROVISIONAL
    from ..services.results.snapshot import standings as typed_standings

    computed = compute_contest(contest, PROVISIONAL)
    at = publication.to_local(publication.utc_now())
    mark = _("PROVISIONAL")
    places = contest.decimal_places
    columns = [Column(lazy_pgettext("provisional or final", "Results"), width=12),
               Column(_l("Computed at"), "datetime", width=20),
               Column(_l("Stage")), Column(_l("Event")), Column(_l("Heat")),
               Column(_l("Rank"), "integer"), Column(_l("Bib number")), Column(_l("Name")),
               Column(_l("Delegation"), width=24), Column(_l("Work unit"), width=24),
               Column(_l("Total"), "number", places), Column(_l("Status")),
               Column(_l("Missing sheets"), "integer")]
    rows = []
    for stage_results in computed.stages:
        typed = typed_standings(stage_results, places)
        for group in typed.groups:
            rows.extend([mark, at, stage_results.stage.name, r.event, r.heat, r.rank, r.bib,
                         r.name, r.delegation, r.unit, r.total, r.status,
                         stage_results.missing.get(r.bib, 0)] for r in group.rows)
    sheets = [Sheet(_l("Provisional standings"), columns, rows)]
    from ..public.explain import lines_text  # the reasons in the reader's language

    teams = [[mark, at, t.stage, t.standing, t.event, t.rank, t.delegation, t.total,
              t.counted or None, lines_text(t.reasons, places)]
             for t in computed.team_standings_rows()]
    if teams:
        sheets.append(Sheet(_l("Provisional team standings"), [
            Column(lazy_pgettext("provisional or final", "Results"), width=12),
            Column(_l("Computed at"), "datetime", width=20),
            Column(_l("Stage")), Column(_l("Team standings"), width=20), Column(_l("Event")),
            Column(_l("Rank"), "integer"), Column(_l("Delegation"), width=24),
            Column(_l("Total"), "number", places), Column(_l("Members counted"), "integer"),
            Column(_l("Not ranked because"), width=40)], teams))
    return sheets


register(ExportKind("provisional", _l("Standings (provisional, not published)"), provisional))
register(ExportKind("standings", _l("Standings (published)"), standings))
register(ExportKind("awards", _l("Awards and titles (published)"), awards))
register(ExportKind("grades", _l("Grades and allowances (published)"), grades))
