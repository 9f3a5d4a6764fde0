"""Certificate numbers: a per-contest serial, printed in a format the organizer chooses.
A number is allocated once, when the certificate is issued, and stored; later changes of
the format apply to new certificates only, so a printed number never changes.

The default format never prints the year twice: a code that already carries the contest's
year (JSXH2026) is followed by the serial alone (JSXH2026-0001); a code without it gets the
year (HOTEL-2026-0001). A contest that already numbered certificates in the earlier default
(JSXH2026-2026-0001) keeps that format, so one contest's numbers stay one sequence."""
import secrets

from flask_babel import gettext as _

from . import templates_text

DEFAULT_FORMAT = "{code}-{year}-{serial:04d}"  # a code without its year: HOTEL-2026-0001
DATED_CODE_FORMAT = "{code}-{serial:04d}"  # a code that carries its year: JSXH2026-0001
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


def code_has_year(code: str, year: int | None) -> bool:
    return year is not None and str(year) in (code or "")


def default_format(code: str, year: int | None, first: tuple[int, str] | None = None) -> str:
    """The format of a contest's numbers when the organizer has not chosen one. `first`:
    (serial, number) of the contest's first issued certificate, if any: a contest already
    numbered in the earlier default goes on in it."""
    if not code_has_year(code, year):
        return DEFAULT_FORMAT
    if first is not None and first[1] == format_number(DEFAULT_FORMAT, code=code, year=year,
                                                       serial=first[0]):
        return DEFAULT_FORMAT
    return DATED_CODE_FORMAT


def new_token() -> str:
    """The QR code's secret: 128 bits, so certificates cannot be found by guessing."""
    return secrets.token_urlsafe(16)
