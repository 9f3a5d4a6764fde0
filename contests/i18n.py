"""Language choice: zh_CN by default, switchable per session (?lang=en or the switcher)."""
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from .extensions import babel


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background work: the default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def languages():
        return {"LANGUAGES": app.config["LANGUAGES"], "get_locale": get_locale}
