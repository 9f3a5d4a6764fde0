"""Public results pages: everything here reads the published snapshot, never live marks."""
from flask import abort, render_template, request

from .. import throttle
from ..certificates import lookup
from . import bp
from .explain import line_text
from .snapshots import cached_page, listed_contest, published


def _page(code: str, template: str, **context):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    return cached_page(version, lambda: render_template(
        template, contest=contest, version=version, snap=snapshot, line_text=line_text,
        **context))


@bp.route("/contests/<code>/stages/<int:stage_id>")
def stage(code: str, stage_id: int):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    found = snapshot.stage(stage_id)
    if found is None:
        abort(404)
    return cached_page(version, lambda: render_template(
        "public/stage.html", contest=contest, version=version, snap=snapshot, stage=found))


@bp.route("/contests/<code>/awards")
def awards(code: str):
    return _page(code, "public/awards.html")


@bp.route("/contests/<code>/titles")
def titles(code: str):
    return _page(code, "public/titles.html")


@bp.route("/contests/<code>/entries/<int:entry_id>")
def entry(code: str, entry_id: int):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    rows = snapshot.rows_of_entry(entry_id)
    if not rows:
        abort(404)
    person = rows[0][2].contestant_id
    stage_ids = {s.id for s, _g, _r in rows}
    mine_awards = snapshot.awards_of(person)
    mine_titles = snapshot.titles_of(person)
    return cached_page(version, lambda: render_template(
        "public/entry.html", contest=contest, version=version, snap=snapshot, rows=rows,
        awards=mine_awards, titles=mine_titles, line_text=line_text, stage_ids=stage_ids,
        certificates=_certificates(contest, person)))


def _certificates(contest, contestant_id):
    return lookup.valid_for_contestant(contest, contestant_id)


@bp.route("/contests/<code>/search")
@throttle.certificates  # a number typed here is a certificate look-up
def search(code: str):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    query = (request.args.get("q") or "").strip()
    hits = [(stage_, row) for stage_, row in snapshot.entries()
            if query in (row.name, row.bib) or (len(query) >= 2 and query in row.name)
            ] if query else []
    certificate = _certificate_by_number(query) if query else None
    return render_template("public/search.html", contest=contest, version=version,
                           snap=snapshot, query=query, hits=hits, certificate=certificate)


def _certificate_by_number(number: str):
    return lookup.by_number(number)
