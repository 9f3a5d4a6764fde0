"""HTML → PDF with WeasyPrint, fast enough for a ceremony's worth of certificates.

What makes it fast (measured in benchmarks/bench_certificates.py):
- many certificates are laid out as ONE multi-page document per worker: a separate
  document per certificate costs about five times as much;
- two worker processes (the machine's cores) render chunks in parallel; they stay
  alive between jobs, warm, with their font configuration loaded;
- the ZIP's per-person files are pages split out of the rendered chunks with pypdf,
  not documents rendered again.
- the cyclic garbage collector is paused while WeasyPrint lays out a chunk;
- the page template is kept to few elements (templates/certificates/page.html): each
  one is styled and laid out a thousand times.
No Flask here: workers receive finished HTML strings."""
import gc
import io
import multiprocessing
import os
import re
import resource
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

_font_config = None
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
# One render at a time per process: WeasyPrint shares fontconfig and Pango state through
# the font configuration, and those are not safe to drive from two threads at once.
_render_lock = threading.Lock()
stats = {"worker_peak_kib": 0}  # for benchmarks/bench_certificates.py


def _fonts():
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration
        _font_config = FontConfiguration()
    return _font_config


def render(html: str, base_url: str | None = None) -> bytes:
    """One document (any number of pages) → PDF bytes, in this process. Python's cyclic
    garbage collector is paused meanwhile: WeasyPrint allocates hundreds of thousands of
    objects a chunk, and the collections they trigger cost about a sixth of the render
    (benchmarks/bench_certificates.py), for some 10 MB more at the peak of a chunk."""
    from weasyprint import HTML
    with _render_lock:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return HTML(string=html, base_url=base_url).write_pdf(font_config=_fonts())
        finally:
            if collecting:
                gc.enable()


def _render_chunk(index: int, html: str, base_url: str | None, pages: bool):
    """In a worker: the chunk's PDF, its pages as separate PDFs when asked (splitting in
    the workers keeps it parallel), and the worker's peak memory so far (KiB)."""
    data = render(html, base_url)
    return (index, data, split(data) if pages else None,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def workers() -> int:
    """Render processes: CONTESTS_CERTIFICATE_WORKERS (default 2), at most the CPU count."""
    wanted = int(os.environ.get("CONTESTS_CERTIFICATE_WORKERS") or 2)
    return max(1, min(os.cpu_count() or 1, wanted))


def _executor() -> ProcessPoolExecutor:
    """The shared pool. forkserver, not fork: the web process has threads (background
    jobs, the server's own) and forking a threaded process can copy a held lock."""
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint", "contests.certificates.pdf"])
            _pool = ProcessPoolExecutor(max_workers=workers(), mp_context=context)
        return _pool


def shutdown() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown()
            _pool = None


def render_chunks(chunks, count: int, base_url: str | None = None, *, pages: bool = False,
                  on_done=None, parallel: bool = True) -> list[bytes]:
    """Render `count` HTML chunks (any iterable: a generator lets the first chunks render
    while later ones are still being written) to PDFs, in parallel when there is more than
    one. `on_done(index, pdf, page_pdfs)` is called as each chunk finishes (page_pdfs only
    when `pages`), so callers can stream pages into a ZIP without holding them all.
    Returns the chunks' PDFs in order."""
    results: list[bytes | None] = [None] * count

    def finished(index, data, page_pdfs):
        results[index] = data
        if on_done:
            on_done(index, data, page_pdfs)

    if not parallel or count < 2 or workers() < 2:
        for index, html in enumerate(chunks):
            data = render(html, base_url)
            finished(index, data, split(data) if pages else None)
        return results
    try:
        pending = {_executor().submit(_render_chunk, i, html, base_url, pages)
                   for i, html in enumerate(chunks)}
        while pending:  # a finished future is dropped at once: it holds the chunk's pages
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            while done:
                index, data, page_pdfs, peak = done.pop().result()
                stats["worker_peak_kib"] = max(stats["worker_peak_kib"], peak)
                finished(index, data, page_pdfs)
                del page_pdfs
    except BaseException:
        shutdown()  # a broken pool (a killed worker) must not poison the next job
        raise
    return results


def merge(pdfs: list[bytes], path: str, *, in_worker: bool = False) -> int:
    """One PDF for the printer, pages in order, written straight to `path`. With
    `in_worker`, a worker process does it: pypdf's objects for a thousand pages would
    otherwise stay in the web process's memory. Returns the file's size in bytes."""
    if in_worker and workers() > 1:
        return _executor().submit(merge, pdfs, path).result()
    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    with open(path, "wb") as handle:
        writer.write(handle)
        return handle.tell()


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def _own_resources(page) -> None:
    """WeasyPrint gives every page of a document one shared /XObject dictionary (all the
    QR images of the chunk); keep only the images this page draws, or each split file
    would carry, and pypdf would copy, a hundred images."""
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources.get_object():
        return
    resources = resources.get_object()
    used = {b"/" + name for name in _DO.findall(page.get_contents().get_data())}
    images = resources["/XObject"].get_object()
    own = DictionaryObject(dict(resources.items()))
    own[NameObject("/XObject")] = DictionaryObject(
        {key: value for key, value in images.items() if key.encode() in used})
    page[NameObject("/Resources")] = own


def split(pdf: bytes) -> list[bytes]:
    """One PDF per page (each keeps the fonts its page uses)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        _own_resources(page)
        writer = PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        pages.append(out.getvalue())
    return pages
