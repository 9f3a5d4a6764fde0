"""The ranking order of a stage is chosen, never typed: ordered select boxes on the stage's
own page, and a read-only cell (with a link to that page) in the stages grid."""
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, FieldList, SelectField

from ...extensions import db
from ...models import Stage
from ...services.results import ranking_order
from ...web_input import id_value

MIN_SLOTS = 4


class RankingOrderForm(FlaskForm):
    """Item 1 ranks; item 2 breaks ties on item 1, and so on. The service checks the
    choices (and names a bad one), so the selects do not refuse on their own."""

    items = FieldList(SelectField(_l("Ranking item"), validate_choice=False), min_entries=1)

    def offer(self, options: list[tuple[str, str]]) -> None:
        """Give every select the stage's items; all but the first may be left empty."""
        for index, entry in enumerate(self.items):
            entry.choices = list(options) if index == 0 else [("", "—")] + list(options)

    @property
    def chosen(self) -> list[str]:
        return [entry.data or "" for entry in self.items]


def slots(options: list, chosen: list[str]) -> int:
    """How many selects to show: the current order plus room to add, never more than
    there are items to choose."""
    return max(1, min(len(options), max(len([c for c in chosen if c]) + 2, MIN_SLOTS)))


def _cell(field, **_kwargs) -> Markup:
    shown = escape(" › ".join(ranking_order.labels(field.data)))
    stage = field.stage
    if stage is None:  # a spare row: the order is chosen once the stage is saved
        return Markup('<span class="muted">{}</span>').format(shown)
    url = url_for("organizer.ranking_order", contest_id=stage.contest_id, obj_id=stage.id)
    return Markup('<span class="ranking-order">{}</span> <a class="button small" '
                  'href="{}">{}</a>').format(shown, url, _("Change"))


class RankingOrderCell(Field):
    """The stage's ranking order, read-only in the stages grid: a post never changes it
    (it is chosen on the stage's "Ranking order" page)."""

    widget = staticmethod(_cell)
    stage = None

    def process_formdata(self, valuelist) -> None:
        """Ignore whatever is posted under this name."""

    def bind_stage(self, stage_id) -> None:
        """Show the stored order of the row's stage (also when a post is shown again)."""
        try:
            self.stage = db.session.get(Stage, id_value(stage_id)) if stage_id else None
        except ValueError:  # not an id at all: the rows editor refuses the forged row
            self.stage = None
        if self.stage is not None:
            self.data = self.stage.ranking_metrics
