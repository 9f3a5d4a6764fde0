"""Security headers on every kind of answer (public page, organizer page, the tablets' JSON
API), HSTS only over HTTPS, HTTPS not forced unless configured, and no template served to a
browser that carries inline script or style (the Content-Security-Policy would block it)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# Rendered by WeasyPrint into PDFs, never served to a browser as HTML: their styles stay.
PRINT_ONLY = {"certificates/document.html", "certificates/page.html",
              "public/bulletin.html"}

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {d[0]: (d[1] if len(d) > 1 else "") for d in directives}


def assert_protected(response) -> None:
    assert policy(response) == CSP, response.headers.get("Content-Security-Policy")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http


def test_a_public_page_carries_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_protected(response)


def test_an_organizer_page_carries_the_security_headers(client, build, login):
    login(build.user("organizer"))
    response = client.get("/organizer/")
    assert response.status_code == 200
    assert_protected(response)


def test_the_tablet_api_carries_the_security_headers(client, build, login):
    world = build.scored_contest()
    login(world["judge"])
    response = client.post("/judging/api/changes", json={"panel": world["panel"].id})
    assert response.is_json and 400 <= response.status_code < 500
    assert_protected(response)


def test_an_error_page_carries_the_security_headers(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_protected(response)


def test_hsts_is_sent_over_https_only(client):
    response = client.get("/", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/").headers


def _app(**config):
    from contests import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test",
                       "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})


def test_https_is_not_forced_by_default():
    """The embedded site answers on http://127.0.0.1."""
    response = _app().test_client().get("/static/css/site.css")
    assert response.status_code == 200
    assert_protected(response)


@pytest.mark.parametrize("switch", [True, "true", "1"])
def test_https_can_be_forced(switch):
    client = _app(FORCE_HTTPS=switch).test_client()
    response = client.get("/static/css/site.css")
    assert response.status_code in (301, 302)
    assert response.headers["Location"].startswith("https://")
    assert client.get("/static/css/site.css", base_url="https://localhost").status_code == 200


@pytest.mark.parametrize("switch", [False, "false", "0", ""])
def test_a_false_switch_from_the_environment_leaves_http_alone(switch):
    response = _app(FORCE_HTTPS=switch).test_client().get("/static/css/site.css")
    assert response.status_code == 200


# -- templates ---------------------------------------------------------------------------

def _served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PRINT_ONLY:
            yield name, path.read_text(encoding="utf-8")


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I | re.S)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.I)


def test_no_served_template_has_an_inline_script():
    found = []
    for name, text in _served_templates():
        for attributes, body in SCRIPT.findall(text):
            data = re.search(r"""type\s*=\s*["']application/json["']""", attributes)
            if body.strip() and not data:
                found.append(f"{name}: <script{attributes}>{body.strip()[:40]}…")
            if not body.strip() and "src=" not in attributes:
                found.append(f"{name}: empty <script{attributes}>")
    assert found == []


def test_no_served_template_has_an_event_handler_attribute_or_javascript_url():
    found = [name for name, text in _served_templates()
             if HANDLER.search(text) or JAVASCRIPT_URL.search(text)]
    assert found == []


def test_no_served_template_has_inline_style():
    found = [name for name, text in _served_templates()
             if STYLE_ATTRIBUTE.search(text) or STYLE_BLOCK.search(text)]
    assert found == []


def test_no_html_built_in_python_has_inline_style_or_handlers():
    found = [path.relative_to(ROOT).as_posix()
             for path in sorted((ROOT / "contests").rglob("*.py"))
             if "migrations" not in path.parts
             and re.search(r"<[a-z][^<>]*\s(style|on[a-z]+)\s*=|<script\b|<style\b",
                           path.read_text(encoding="utf-8"), re.I)]
    assert found == []
