"""Score forms for a computer-marked theory exam: every entrant of a component's panels
(one per event) once, with bib and name, the score empty (the download on the marks import
page) or filled (`scores`, for tests, demos and browser tests that need a sample
theory-exam file)."""
from ..extensions import db
from ..models import Component, Contestant
from ..services.judging import access
from .files import render
from .plan_marks import MARK_KINDS, exam_panels
from .writers import Column, Sheet


def exam_form(component: Component, scores: dict | None = None) -> list[Sheet]:
    """The component's score form as sheets for files.render: bib, name, score; an entrant
    of several of its panels (several events) is listed once."""
    kind = MARK_KINDS["exam"]
    rows: dict = {}
    for panel in exam_panels(component):
        for bib, name in db.session.execute(access.panel_entries(panel).with_only_columns(
                Contestant.bib, Contestant.name)):
            rows.setdefault(bib, name)
    scores = scores or {}
    return [Sheet(kind.title, [Column(f.label, width=18) for f in kind.fields],
                  [[bib, name, scores.get(bib, "")] for bib, name in rows.items()])]


def exam_csv(component: Component, scores: dict | None = None) -> bytes:
    """A sample theory-exam file (UTF-8 CSV with BOM, as Excel saves it)."""
    return render(exam_form(component, scores), "csv")
