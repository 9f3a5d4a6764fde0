"""Read an uploaded spreadsheet into a plain table of text cells.

The type is decided by the bytes, not the file name: an .xlsx is a ZIP holding
xl/workbook.xml; anything else must be text (see encoding.py) and is read as CSV.
Cells that cannot be trusted (formulas, merged cells) become problems, not values."""
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import iterparse

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from ..refusals import Invalid
from . import encoding
from .fields import ImportKind, looks_like_header
from .problems import Problem, file_refused

HEADER_SEARCH = 10  # a title row or two may sit above the header row
SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "old_excel", None),
    (b"%PDF", "wrong_type", _l("a PDF document")),
    (b"\x89PNG", "wrong_type", _l("an image")),
    (b"\xff\xd8\xff", "wrong_type", _l("an image")),
    (b"GIF8", "wrong_type", _l("an image")),
    (b"Rar!", "wrong_type", _l("a RAR archive")),
    (b"7z\xbc\xaf", "wrong_type", _l("a 7-Zip archive")),
)
ZIP_KINDS = (("word/", _l("a Word document")), ("ppt/", _l("a PowerPoint presentation")),
             ("content.xml", _l("an OpenDocument file (save it as .xlsx)")))
GUARDED = tuple("=+-@")  # a leading ' written by our CSV export keeps these from Excel


@dataclass
class Table:
    source: str  # "xlsx" or "csv"
    encoding: str | None
    header_row: int
    headers: list[str]
    rows: list[list] = field(default_factory=list)  # [sheet row number, [cell texts]]
    problems: list[Problem] = field(default_factory=list)  # formulas and merged cells

    def to_dict(self) -> dict:
        return dict(source=self.source, encoding=self.encoding, header_row=self.header_row,
                    headers=self.headers, rows=self.rows,
                    problems=[p.to_dict() for p in self.problems])

    @classmethod
    def from_dict(cls, data: dict) -> "Table":
        return cls(**{**data, "problems": [Problem(**p) for p in data["problems"]]})


def read_table(data: bytes, kind: ImportKind, max_bytes: int | None = None) -> Table:
    """The table in `data`, or an Invalid refusal saying why it cannot be read at all."""
    if max_bytes is not None and len(data) > max_bytes:
        raise file_refused(Problem("too_large", params=dict(limit=max_bytes // (1024 * 1024))))
    if not data.strip():
        raise file_refused(Problem("empty_file"))
    for signature, code, what in SIGNATURES:
        if data.startswith(signature):
            raise file_refused(Problem(code, params=dict(what=what)))
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(data, kind)
    return _csv(data, kind)


def cell_text(value) -> str:
    """A cell as the organizer typed it: 7 not 7.0, a date without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Above 15 digits Excel has already lost precision: show it as Excel does.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15G")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in GUARDED:
        text = text[1:]
    return text


def _xlsx(data: bytes, kind: ImportKind) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise file_refused(Problem("unreadable", params=dict(detail=str(error)))) from error
    if "xl/workbook.xml" not in names:
        what = next((w for prefix, w in ZIP_KINDS if any(n.startswith(prefix) for n in names)),
                    _l("a ZIP archive"))
        raise file_refused(Problem("wrong_type", params=dict(what=what)))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong used range
        raw, formulas = [], []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append((number, index, str(cell.value)))
                    values.append("")
                else:
                    values.append(cell_text(cell.value))
            raw.append((number, values))
        merges = _merged_ranges(sheet)
        book.close()
    except Invalid:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise file_refused(Problem("unreadable", params=dict(detail=type(error).__name__))) \
            from error
    table = _table("xlsx", None, raw, kind)
    headers = table.headers
    for number, index, formula in formulas:
        if number >= table.header_row:
            table.problems.append(Problem("formula", number, get_column_letter(index + 1),
                                          _header(headers, index), dict(formula=formula[:60])))
    for ref in merges:
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if max_row >= table.header_row:
            table.problems.append(Problem("merged", min_row, get_column_letter(min_col),
                                          _header(headers, min_col - 1), dict(range=ref)))
    return table


def _merged_ranges(sheet) -> list[str]:
    # Read-only worksheets (fast on 20,000 rows) do not parse <mergeCells>, so scan the
    # sheet's XML for them; _get_source is openpyxl's own accessor for that stream.
    refs = []
    with sheet._get_source() as source:
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                refs.append(element.get("ref"))
            element.clear()
    return refs


def _csv(data: bytes, kind: ImportKind) -> Table:
    try:
        text, used = encoding.decode(data)
    except encoding.NotText as error:
        raise file_refused(Problem("unreadable", params=dict(detail=str(error)))) from error
    if text.lstrip()[:1] == "<":
        raise file_refused(Problem("wrong_type", params=dict(what=_l("a web page (HTML)"))))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    try:
        raw = [(number, [cell_text(c) for c in cells]) for number, cells in
               enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                         start=1)]
    except csv.Error as error:
        raise file_refused(Problem("unreadable", params=dict(detail=str(error)))) from error
    return _table("csv", used, raw, kind)


def _table(source: str, used: str | None, raw: list, kind: ImportKind) -> Table:
    filled = [(n, cells) for n, cells in raw if any(cells)]
    if not filled:
        raise file_refused(Problem("empty_file"))
    candidates = filled[:HEADER_SEARCH]
    header_row, headers = next(((n, c) for n, c in candidates if looks_like_header(kind, c) >= 2),
                               candidates[0])
    rows = [[n, cells] for n, cells in filled if n > header_row]
    width = max([_last_filled(headers)] + [_last_filled(cells) for _n, cells in rows])
    headers = (list(headers) + [""] * width)[:width]
    for row in rows:
        row[1] = (row[1] + [""] * width)[:width]
    if not rows:
        raise file_refused(Problem("no_rows"))
    return Table(source, used, header_row, headers, rows)


def _last_filled(cells: list[str]) -> int:
    return max((i + 1 for i, c in enumerate(cells) if c), default=0)


def _header(headers: list[str], index: int) -> str:
    return headers[index] if 0 <= index < len(headers) else ""
