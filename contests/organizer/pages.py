"""The two page shapes every organizer form uses: edit one record, delete one record."""
from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from ..refusals import Refused
from ..responses import back_to
from ..services import organizer as writes


def form_page(form_cls, obj, *, contest, title, back_url, values_hook=None):
    """Show `form_cls` for `obj` (new when obj.id is None); on valid POST save and go back."""
    form = form_cls(contest=contest, obj=obj if obj.id is not None else None)
    if form.validate_on_submit():
        values = form.model_values()
        if values_hook:
            values_hook(obj, form, values)
        try:
            writes.save(obj, values, contest_id=contest.id if contest else None)
        except Refused as refusal:
            flash(str(refusal), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(back_url)
    elif request.method == "POST":
        flash(_("Nothing was saved: please correct the fields marked below."), "error")
    return render_template("organizer/form.html", form=form, title=title, back_url=back_url,
                           contest=contest, obj=obj)


def delete_page(obj, *, contest, back_url):
    """POST only (CSRF-checked): delete unless marks depend on it, then go back."""
    back_to(back_url)
    name = str(obj)
    writes.delete(obj, contest_id=contest.id if contest else None)
    flash(_("Deleted “%(name)s”.", name=name), "success")
    return redirect(back_url)
