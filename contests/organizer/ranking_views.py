"""The "Ranking order" page of a stage: the organizer chooses, in order, the items that
rank its entries (total, a component, a criterion, time taken ...)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..models import Stage
from ..refusals import Invalid
from ..services.results import ranking_order
from . import bp, loading
from .forms.ranking import RankingOrderForm, slots


def _stored(stage: Stage) -> tuple[list[str], str | None]:
    """The stored items that still fit the stage, and why the rest do not."""
    targets = ranking_order.targets_of(stage)
    try:
        return [item.text for item in ranking_order.parse(stage.ranking_metrics or
                                                          ranking_order.DEFAULT, targets)], None
    except Invalid as refusal:
        kept = []
        for part in (stage.ranking_metrics or "").split(ranking_order.SEPARATOR):
            try:
                kept += [item.text for item in ranking_order.parse([part], targets)]
            except Invalid:
                continue
        return list(dict.fromkeys(kept)), str(refusal.message)


@bp.route("/contests/<int:contest_id>/stages/<int:obj_id>/ranking-order",
          methods=["GET", "POST"], endpoint="ranking_order")
def ranking_order_page(contest_id: int, obj_id: int):
    contest = loading.contest(contest_id)
    stage = loading.in_contest(Stage, obj_id, contest, lambda s: s.contest_id)
    back_url = url_for("organizer.contest", contest_id=contest.id)
    options = ranking_order.options(stage)
    stored, problem = _stored(stage)
    if request.method == "POST":
        form = RankingOrderForm()
    else:
        form = RankingOrderForm(items=stored + [""] * (slots(options, stored) - len(stored)))
    form.offer(options)
    error, bad = None, None
    if form.validate_on_submit():
        try:
            ranking_order.save(stage, form.chosen)
        except Invalid as refusal:
            error, bad = str(refusal.message), refusal.details.get("item")
        else:
            flash(_("Saved."), "success")
            return redirect(back_url)
    if request.method == "POST":
        flash(_("Nothing was saved: %(reason)s", reason=error) if error else
              _("Nothing was saved: please correct the fields marked below."), "error")
    return render_template("organizer/ranking_order.html", contest=contest, stage=stage,
                           form=form, problem=problem, bad=bad, back_url=back_url,
                           current=ranking_order.labels(stage.ranking_metrics))



@bp.context_processor
def _ranking_labels() -> dict:
    """`ranking_labels(stage.ranking_metrics)` for organizer pages that show an order."""
    return {"ranking_labels": ranking_order.labels}
