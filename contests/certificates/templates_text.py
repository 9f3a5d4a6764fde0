"""Organizer-written text with {placeholders}: checked when saved, filled when printed.

str.format itself is never run on organizer text: it would allow {name.__class__} and
friends. The text is parsed with string.Formatter and only bare, known names are allowed."""
from string import Formatter

from flask_babel import gettext as _


def fields(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(literal, field name, format spec, conversion) pieces; ValueError on bad braces."""
    return list(Formatter().parse(text))


def check(text: str, allowed, *, specs: frozenset = frozenset()) -> list[str]:
    """Problems of `text` as messages naming the placeholder; [] when it is fine.
    `specs`: placeholders that may carry a format spec ({serial:04d})."""
    try:
        pieces = fields(text)
    except ValueError:
        return [_("Unbalanced “{” or “}”: write {{ or }} for a brace that is not a "
                  "placeholder.")]
    problems = []
    for _literal, name, spec, conversion in pieces:
        if name is None:
            continue
        if name == "" or name not in allowed:
            problems.append(_("Unknown placeholder {%(name)s}; known: %(known)s.",
                              name=name, known=", ".join(f"{{{k}}}" for k in allowed)))
        elif conversion or (spec and name not in specs):
            problems.append(_("The placeholder {%(name)s} cannot take “!” or “:” options.",
                              name=name))
    return problems


def fill(text: str, values: dict, wrap=None) -> list:
    """The text as a list of pieces: literal strings and `wrap(name, value)` results
    (plain values when wrap is None). Unknown names are left as written."""
    out = []
    for literal, name, spec, _conversion in fields(text):
        if literal:
            out.append(literal)
        if name is None:
            continue
        if name not in values:
            out.append("{" + name + "}")
            continue
        value = values[name]
        if spec:
            value = format(value, spec)
        out.append(wrap(name, value) if wrap else str(value))
    return out


def fill_plain(text: str, values: dict) -> str:
    return "".join(str(piece) for piece in fill(text, values))
