"""成绩公示: the publicity notice as a printable Chinese PDF, one per published version."""
from collections import OrderedDict

from flask import make_response, render_template
from flask_babel import force_locale

from . import bp
from .snapshots import listed_contest, published, version_key

_PDFS: OrderedDict = OrderedDict()


def render_bulletin(contest, version, snapshot) -> bytes:
    from weasyprint import HTML  # imported on first use: it is heavy to load

    with force_locale("zh_CN"):  # a Chinese notice, whoever asks first (it is cached)
        html = render_template("public/bulletin.html", contest=contest, version=version,
                               snap=snapshot)
    return HTML(string=html).write_pdf()


@bp.route("/contests/<code>/bulletin.pdf")
def bulletin(code: str):
    contest = listed_contest(code)
    version, snapshot = published(contest)
    key = version_key(version)
    pdf = _PDFS.get(key)
    if pdf is None:
        pdf = _PDFS[key] = render_bulletin(contest, version, snapshot)
        while len(_PDFS) > 32:
            _PDFS.popitem(last=False)
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f"inline; filename={contest.code}-v{version.number}.pdf")
    return response
