"""Accounts of organizers, chief judges and judges."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from . import bp, loading
from .forms.users import UserForm
from .pages import delete_page, form_page


def _hash_password(user, form, values) -> None:
    # The password never reaches the model as text; an empty field keeps the old hash.
    if form.password.data:
        user.set_password(form.password.data)
        values["password_hash"] = user.password_hash


@bp.route("/users/")
def users():
    accounts = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("organizer/users.html", users=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    return form_page(UserForm, User(), contest=None, title=_("New account"),
                     back_url=url_for("organizer.users"), values_hook=_hash_password)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = loading.user(user_id)
    return form_page(UserForm, user, contest=None, title=str(user),
                     back_url=url_for("organizer.users"), values_hook=_hash_password)


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
def user_delete(user_id: int):
    user = loading.user(user_id)
    if user.id == current_user.id:
        flash(_("You cannot delete your own account."), "error")
        return redirect(url_for("organizer.users"))
    return delete_page(user, contest=None, back_url=url_for("organizer.users"))
