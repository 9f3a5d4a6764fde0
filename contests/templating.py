"""Jinja filters shared by all pages."""
from decimal import Decimal

import segno
from flask_babel import gettext as _
from markupsafe import Markup

from . import display
from .vocabularies import CHOICES, label


def cell(value, column: str | None = None) -> str:
    """A table cell: configuration names translated, decimals without trailing noise."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return display.plain(value)
    if column in CHOICES:
        return str(label(value, column))
    return str(value)


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code (no network, no image files)."""
    code = segno.make(text, error="m")
    return Markup(code.svg_inline(scale=5, border=2))


def init_app(app) -> None:
    app.add_template_filter(cell)
    app.add_template_filter(display.score, "score")  # {{ total|score(contest.decimal_places) }}
    app.add_template_filter(display.plain, "plain")  # typed quantities: 30, 12.5
    app.add_template_filter(display.money, "money")  # yuan: 2000.00
    app.add_template_filter(qr_svg)
    from .public import explain  # explanations in the reader's language, on every page

    app.add_template_global(explain.line_text, "explain")  # {{ explain(line, places) }}
    app.add_template_global(explain.lines_text, "explain_all")
    app.add_template_global(explain.exclusion_text)
    app.add_template_global(explain.why_text)
    app.add_template_global(explain.benefit_text)
    app.add_template_global(explain.normalised_text)  # raw beside normalised (#15)
