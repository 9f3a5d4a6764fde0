"""List / new / edit / delete pages for every contest-scoped kind in specs.RESOURCES.
Routes are added one set per kind so each has its own endpoint (organizer.events_list …)."""
from flask import render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from . import bp, loading
from .pages import delete_page, form_page
from .specs import RESOURCES


def _register(resource) -> None:
    base = f"/contests/<int:contest_id>/{resource.name.replace('_', '-')}"

    def listing(contest_id: int):
        contest = loading.contest(contest_id)
        objects = db.session.scalars(resource.listing(contest)).all()
        return render_template("organizer/list.html", contest=contest, resource=resource,
                               objects=objects)

    def create(contest_id: int):
        contest = loading.contest(contest_id)
        obj = resource.model()
        if hasattr(obj, "contest_id"):
            obj.contest_id = contest.id
        return form_page(resource.form, obj, contest=contest,
                         title=_("New: %(kind)s", kind=resource.singular),
                         back_url=url_for(f"organizer.{resource.name}_list",
                                          contest_id=contest.id))

    def edit(contest_id: int, obj_id: int):
        contest = loading.contest(contest_id)
        obj = loading.in_contest(resource.model, obj_id, contest, resource.contest_id_of)
        return form_page(resource.form, obj, contest=contest,
                         title=f"{resource.singular}: {obj}",
                         back_url=url_for(f"organizer.{resource.name}_list",
                                          contest_id=contest.id))

    def delete(contest_id: int, obj_id: int):
        contest = loading.contest(contest_id)
        obj = loading.in_contest(resource.model, obj_id, contest, resource.contest_id_of)
        return delete_page(obj, contest=contest,
                           back_url=url_for(f"organizer.{resource.name}_list",
                                            contest_id=contest.id))

    bp.add_url_rule(f"{base}/", f"{resource.name}_list", listing)
    bp.add_url_rule(f"{base}/new", f"{resource.name}_new", create, methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:obj_id>/edit", f"{resource.name}_edit", edit,
                    methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<int:obj_id>/delete", f"{resource.name}_delete", delete,
                    methods=["POST"])


for _resource in RESOURCES.values():
    _register(_resource)
