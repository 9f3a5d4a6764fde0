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
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sign-ins (contests/auth/loading.py): one lasts at most SIGN_IN_DAYS (the remember
    # cookie's lifetime too); a judge's or chief judge's ends after JUDGE_IDLE_MINUTES
    # without a request. Both cookies are Secure when SECURE_COOKIES is true, or, left at
    # None, when FORCE_HTTPS is on or PREFERRED_URL_SCHEME is "https".
    SIGN_IN_DAYS = 14
    JUDGE_IDLE_MINUTES = 120
    SECURE_COOKIES = None
    # Published pages are rendered once per version and language; 0 turns that off
    # (the results benchmark measures both).
    PUBLIC_PAGE_CACHE = True
    PUBLIC_PAGE_CACHE_BYTES = 32 * 1024 * 1024  # per worker; least recently used pages go first
    # Throttling (contests/throttle.py). Counts are kept in the database, shared by every
    # worker; set REDIS_URL (CONTESTS_REDIS_URL=redis://host:6379/0)
    # or RATELIMIT_STORAGE_URI to keep them in Redis instead. Limits are "N per period".
    REDIS_URL = None
    # Long work above these sizes runs on the job queue (contests/jobs.py), not in the
    # request: exports (estimated rows), imports (rows of the file), publishing (entries).
    EXPORT_INLINE_MAX_ROWS = 20_000
    IMPORT_INLINE_MAX_ROWS = 2_000
    PUBLISH_INLINE_MAX_ENTRIES = 2_000
    # A finished job's file (an export) is kept this many days, then removed by the
    # worker's minutely sweep (services/long_work.expire_files); its page then says so.
    JOB_FILES_KEEP_DAYS = 7
    RATELIMIT_STORAGE_URI = None  # default: REDIS_URL, else contestsdb:// (the database)
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"  # wrong passwords for one username
    LOGIN_LIMIT_PER_ADDRESS = "30 per minute"  # sign-in attempts from one address
    OBJECTION_LIMIT = "5 per hour"  # objections sent from one address
    CERTIFICATE_LOOKUP_LIMIT = "30 per minute"  # verifications, look-ups, PDFs per address
    # Security headers (contests/security_headers.py). The embedded site runs on
    # http://127.0.0.1, so HTTPS is not forced unless asked (CONTESTS_FORCE_HTTPS=1): then
    # plain http is redirected (and cookies are Secure). HSTS is sent over HTTPS only.
    FORCE_HTTPS = False
    HSTS_MAX_AGE = 365 * 24 * 3600
    # Production (docs/operations.md). Behind nginx set PROXY_FIX (CONTESTS_PROXY_FIX=1):
    # the app then trusts one proxy hop's X-Forwarded-For and X-Forwarded-Proto (visitors'
    # addresses for the throttles, https for redirects and Secure cookies). Never turn it on
    # when clients reach gunicorn directly: they could forge their address.
    PROXY_FIX = False
    JSON_LOGS = False  # one JSON object per log line (contests/logging_setup.py)


def flag(value) -> bool:
    """A yes/no setting; environment variables arrive as text ("1", "true", "0", "")."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def from_environment() -> dict:
    """Every CONTESTS_FOO variable becomes the setting FOO (DATABASE_URL maps to the URI)."""
    settings = {}
    for key, value in os.environ.items():
        if key.startswith("CONTESTS_"):
            settings[key.removeprefix("CONTESTS_")] = value
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
    return settings
