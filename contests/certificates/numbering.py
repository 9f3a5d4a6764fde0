"""Certificate numbers: a per-contest serial, printed in a format the organizer chooses.
A number is allocated once, when the certificate is issued, and stored; later changes of
the format apply to new certificates only, so a printed number never changes."""
import secrets

from flask_babel import gettext as _

from . import templates_text

DEFAULT_FORMAT = "{code}-{year}-{serial:04d}"
NUMBER_FIELDS = ("code", "year", "serial")
MAX_LENGTH = 80  # Certificate.number


def check_format(fmt: str) -> list[str]:
    """Problems of a number format, as messages; [] when it is usable."""
    problems = templates_text.check(fmt, NUMBER_FIELDS, specs=frozenset({"serial", "year"}))
    if problems:
        return problems
    names = [name for _lit, name, _spec, _conv in templates_text.fields(fmt) if name]
    if "serial" not in names:
        return [_("The number format must contain {serial}, or numbers would repeat.")]
    try:
        sample = format_number(fmt, code="X" * 40, year=2026, serial=99999)
    except (ValueError, TypeError) as error:
        return [_("The number format cannot be used: %(error)s", error=str(error))]
    if len(sample) > MAX_LENGTH:
        return [_("Numbers in this format would be longer than %(n)d characters.",
                  n=MAX_LENGTH)]
    return []


def format_number(fmt: str, *, code: str, year: int, serial: int) -> str:
    return templates_text.fill_plain(fmt, {"code": code, "year": year, "serial": serial})


def new_token() -> str:
    """The QR code's secret: 128 bits, so certificates cannot be found by guessing."""
    return secrets.token_urlsafe(16)
