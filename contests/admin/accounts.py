"""Accounts: list, create, edit, delete. Setting a password or changing a role also asks
for the administrator's own current password (checked by the service)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..organizer import loading
from ..organizer.forms.users import UserForm
from ..refusals import Refused
from ..responses import back_to
from ..services import accounts
from . import bp


@bp.route("/")
def users():
    found = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", users=found)


def _account_page(user: User, title: str):
    form = UserForm(obj=user if user.id is not None else None)
    if form.validate_on_submit():
        try:
            accounts.save(user, form.account_values(), password=form.password.data or None,
                          actor=current_user, current_password=form.current_password.data)
        except Refused as refusal:
            if refusal.code == "current_password":
                form.refuse(form.current_password, str(refusal))
            flash(str(refusal), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
    return render_template("organizer/form.html", form=form, title=title,
                           back_url=url_for("admin.users"), contest=None, obj=user)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    return _account_page(User(), _("New account"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = loading.user(user_id)
    return _account_page(user, str(user))


@bp.route("/users/<int:user_id>/delete", methods=["POST"])
def user_delete(user_id: int):
    user = loading.user(user_id)
    back = back_to(url_for("admin.users"))
    if user.id == current_user.id:
        flash(_("You cannot delete your own account."), "error")
        return redirect(back)
    name = str(user)
    accounts.delete(user, actor=current_user)
    flash(_("Deleted “%(name)s”.", name=name), "success")
    return redirect(back)
