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


def sealed_codes(*, until_unsealed: bool = False):
    """A blueprint's context processor giving its pages `sealed_code(entry)`: the entry's
    sealed code (加密) when its stage and event are sealed, else None; one query per stage
    and event a page shows. Judges' pages know entries by their codes for good
    (judging/_entry_label.html); ``until_unsealed`` pages (clerks typing the judges' paper
    sheets, those settling them) show the code only until the organizer unseals it."""
    def processor() -> dict:
        from flask import g

        from .services.draws import sealed_code_map

        def sealed_code(entry) -> str | None:
            cache = g.setdefault("sealed_codes", {})
            key = (entry.stage_id, entry.event_id, until_unsealed)
            if key not in cache:
                cache[key] = sealed_code_map(entry.stage_id, entry.event_id,
                                             sealed_only=until_unsealed)
            return cache[key].get(entry.id)

        return {"sealed_code": sealed_code}

    return processor


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
