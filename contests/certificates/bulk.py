"""Certificates in bulk: choose them (a contest, or one stage, event or tier of it), render
them in chunks across the worker processes, write one PDF for the printer and a ZIP of one
PDF per person."""
import re
import zipfile
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import Certificate
from . import pdf, printable

CHUNK_PAGES = 50  # pages per WeasyPrint document: bounds a worker's memory
SCOPE_FIELDS = ("stage", "event", "tier")
_COLUMNS = {"stage": Certificate.stage, "event": Certificate.event, "tier": Certificate.award}


@dataclass
class BulkResult:
    pages: int
    pdf_bytes: int = 0
    zip_files: int = 0


def choose(contest, scope: dict | None = None, *, include_revoked: bool = False):
    """Certificates of `contest` narrowed by scope {"stage", "event", "tier"} (names as
    printed), in number order: the order they come out of the printer."""
    query = select(Certificate).where(Certificate.contest_id == contest.id)
    if not include_revoked:
        query = query.where(Certificate.status == "valid")
    for key, value in (scope or {}).items():
        if key in _COLUMNS and value:
            query = query.where(_COLUMNS[key] == value)
    return list(db.session.scalars(query.order_by(Certificate.serial)))


def scope_choices(contest) -> dict[str, list[str]]:
    """The stages, events and tiers that valid certificates of the contest carry."""
    out = {}
    for key, column in _COLUMNS.items():
        values = db.session.scalars(select(column).distinct().where(
            Certificate.contest_id == contest.id, Certificate.status == "valid",
            column.is_not(None), column != ""))
        out[key] = sorted(values)
    return out


def _chunks(items: list, workers: int) -> list[list]:
    """At least one chunk per worker (when there is enough work), none over CHUNK_PAGES,
    sizes as even as possible."""
    if not items:
        return []
    count = max(min(workers, len(items) // 8 or 1), -(-len(items) // CHUNK_PAGES))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def file_name(certificate) -> str:
    """证书编号_姓名.pdf, safe inside a ZIP on any system."""
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{certificate.number}_{certificate.holder_name}")
    return name.strip("._")[:120] + ".pdf"


def render(certificates: list, contest, base_url: str, *, pdf_path: str | None = None,
           zip_path: str | None = None, progress=None) -> BulkResult:
    """Render `certificates` (one contest's) to the printer PDF and/or the ZIP.
    `progress(done, total)` is called as chunks finish."""
    result = BulkResult(pages=len(certificates))
    chunks = _chunks(certificates, pdf.workers())
    html = (printable.document(printable.pages(chunk, contest, base_url), contest.name)
            for chunk in chunks)
    # Stored, not deflated: PDF streams are compressed already. Entries are written as
    # chunks finish; their names carry the numbers, so order inside the ZIP is moot.
    archive = zipfile.ZipFile(zip_path, "w", zipfile.ZIP_STORED) if zip_path else None
    done = 0

    def finished(index, _data, pages):
        nonlocal done
        if archive is not None:
            for certificate, page in zip(chunks[index], pages):
                archive.writestr(file_name(certificate), page)
                result.zip_files += 1
        done += len(chunks[index])
        if progress:
            progress(done, len(certificates))

    try:
        rendered = pdf.render_chunks(html, len(chunks), pages=archive is not None,
                                     on_done=finished)
    finally:
        if archive is not None:
            archive.close()
    if pdf_path and len(rendered) == 1:
        with open(pdf_path, "wb") as handle:
            result.pdf_bytes = handle.write(rendered[0])
    elif pdf_path:
        result.pdf_bytes = pdf.merge(rendered, pdf_path, in_worker=True)
    return result


def render_one(certificate, contest, base_url: str | None = None, *, override=None) -> bytes:
    """A single certificate, rendered in this process (warm: about 0.1 s)."""
    return render_few([certificate], contest, base_url, override=override,
                      title=certificate.number)


def render_few(certificates: list, contest, base_url: str | None = None, *, override=None,
               title: str = "") -> bytes:
    """A handful of certificates (a preview) as one PDF, rendered in this process."""
    base = base_url or printable.public_base_url()
    pages = printable.pages(certificates, contest, base, override=override)
    return pdf.render(printable.document(pages, title or contest.name))
