"""Write tables as .xlsx or CSV. Marks and money are Decimal to the last step: openpyxl
writes a Decimal as an exact number, so no float is ever involved; the cell's number
format shows the contest's decimal places."""
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import display

CSV_GUARD = tuple("=+-@")  # Excel would run these as formulas: written with a leading '
FORMATS = {"text": "@", "integer": "0", "datetime": "yyyy-mm-dd hh:mm:ss"}


@dataclass(frozen=True)
class Column:
    header: object  # text or lazy text, rendered in the reader's language when written
    kind: str = "text"  # text | number | integer | datetime
    places: int = 2  # for numbers: at least this many decimal places
    width: int = 14


@dataclass
class Sheet:
    title: object
    columns: list[Column]
    rows: Iterable[list] = field(default_factory=list)


def number(value, places: int) -> Decimal | None:
    """`value` rounded half-up to `places`, or more places if it has them (a mark of
    8.25 in a 1-place contest stays 8.25: exports never lose what a judge entered)."""
    return display.at_least(value, places)


def _number_format(value: Decimal) -> str:
    places = -value.as_tuple().exponent
    return "0." + "0" * places if places > 0 else "0"


def to_xlsx(sheets: list[Sheet]) -> bytes:
    book = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(title=_title(str(sheet.title), used))
        ws.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([_cell(ws, column, value) for column, value in zip(sheet.columns, row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(ws, column: Column, value):
    if value is None or value == "":
        return None
    if column.kind == "number":
        value = number(value, column.places)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _number_format(value)
        return cell
    if column.kind == "datetime" and isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
    else:
        # Control characters (from a form or an imported file) cannot live in a worksheet.
        cell = WriteOnlyCell(ws, value=value if column.kind == "integer"
                             else ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        if column.kind == "text":
            cell.data_type = "s"  # a name starting with = stays text, never a formula
    cell.number_format = FORMATS.get(column.kind, "General")
    return cell


def _title(text: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.casefold() in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title.casefold())
    return title


def to_csv(sheet: Sheet, encoding: str = "utf-8-sig") -> bytes:
    """CSV with a BOM by default, which Chinese Excel needs to open UTF-8 correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([str(column.header) for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow([_text(column, value) for column, value in zip(sheet.columns, row)])
    return buffer.getvalue().encode(encoding)


def _text(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "number":
        return str(number(value, column.places))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(CSV_GUARD) else text
