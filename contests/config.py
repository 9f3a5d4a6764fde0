"""Defaults. `instance/config.py` and environment variables (prefix CONTESTS_) override them."""
import os

LANGUAGES = ("zh_CN", "en")


class Config:
    SECRET_KEY = "dev-only-change-me"  # replaced from instance/config.py or CONTESTS_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # default: sqlite in the instance folder (set in create_app)
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = LANGUAGES
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024  # uploads above 10 MiB are refused with 413
    WTF_CSRF_TIME_LIMIT = None  # a judge's tablet may sit on a page for hours
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # Published pages are rendered once per version and language; 0 turns that off
    # (the results benchmark measures both).
    PUBLIC_PAGE_CACHE = True


def from_environment() -> dict:
    """Every CONTESTS_FOO variable becomes the setting FOO (DATABASE_URL maps to the URI)."""
    settings = {}
    for key, value in os.environ.items():
        if key.startswith("CONTESTS_"):
            settings[key.removeprefix("CONTESTS_")] = value
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
    return settings
