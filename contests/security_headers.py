"""Security headers on every answer, set in this one place (Flask-Talisman).

- Content-Security-Policy: scripts, styles, images, fonts and connections from this site only;
  no inline script or style (pages load static/js/*.js and static/css/site.css; data for a
  script travels in data-* attributes or a JSON data block, a script element of type
  application/json, which is never executed); images also as data: URIs; no plugins; the
  site may not be framed; forms post only to this site.
- X-Frame-Options DENY (for browsers without frame-ancestors), X-Content-Type-Options nosniff,
  Referrer-Policy strict-origin-when-cross-origin, a Permissions-Policy that turns off what
  the site never uses.
- Strict-Transport-Security only on answers given over HTTPS (browsers ignore it over http).
- HTTPS is forced (plain http redirected) only when FORCE_HTTPS is on: the embedded site
  runs on http://127.0.0.1 (cookies follow the same switch, see contests/auth/loading.py).
  Behind a proxy that terminates TLS, the proxy must pass X-Forwarded-Proto.
"""
from flask import Flask
from flask_talisman import Talisman

from .config import flag

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = {
    "browsing-topics": "()", "camera": "()", "geolocation": "()", "microphone": "()",
    "payment": "()", "usb": "()",
}
REFERRER_POLICY = "strict-origin-when-cross-origin"



def init_app(app: Flask) -> None:
    force_https = flag(app.config.get("FORCE_HTTPS"))
    # One Talisman per app: it keeps its settings (and the app) on itself.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=force_https,
        strict_transport_security=True,  # sent only when the request came over HTTPS
        strict_transport_security_max_age=int(app.config.get("HSTS_MAX_AGE", 31536000)),
        strict_transport_security_include_subdomains=False,  # other hosts are not ours
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy=REFERRER_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        x_content_type_options=True,
        # Cookies are not set here: contests/auth/loading.py makes them Secure (also when
        # FORCE_HTTPS is on); Talisman would otherwise overwrite the configured flags.
        session_cookie_secure=False,
        session_cookie_http_only=app.config.get("SESSION_COOKIE_HTTPONLY", True),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
    )
