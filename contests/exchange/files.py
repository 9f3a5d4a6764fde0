"""Sheets to a downloadable file: bytes, a file name, a media type."""
from datetime import date

from .writers import to_csv, to_xlsx

FORMATS = ("xlsx", "csv")
MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "csv": "text/csv", "json": "application/json"}


def render(sheets: list, fmt: str, encoding: str = "utf-8-sig") -> bytes:
    """An .xlsx holds every sheet; a CSV only the first (the main table)."""
    return to_xlsx(sheets) if fmt == "xlsx" else to_csv(sheets[0], encoding)


def filename(contest, what: str, fmt: str) -> str:
    return f"{contest.code}-{what}-{date.today():%Y%m%d}.{fmt}"
