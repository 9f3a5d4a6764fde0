"""Error pages in the visitor's language."""
from flask import render_template


def init_app(app) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _page(code))


def _page(code: int):
    def handler(error):
        return render_template("error.html", code=code, error=error), code

    return handler
