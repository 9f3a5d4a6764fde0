"""A contestant's journey on a 390x844 phone in a real browser (Playwright driving Debian's
Chromium), on the demo contests served live with certificates issued: from the home page to
the contest, finding themself by bib, then browsing the stage's standings, opening the
explanation of their result, and verifying their certificate through its QR code (read
from the PDF the phone downloads, decoded here, and opened). Then the explanation once more
in English.

The QR code carries the site's public address (PUBLIC_URL). Here that is
https://results.example.org; the phone's requests to it are answered by the test server.
The chosen certificate gets a fixed token and date, so docs/screenshots/certificate.png
does not change from run to run; public-standings-phone.png is taken on the way."""
import io
import re
import shutil
import subprocess
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.browser.chromium import chromium, serving
from tests.browser.test_journeys_judging import CJK, SHOTS, keep_screenshot, zh

PHONE = {"width": 390, "height": 844}
WAIT_MS = 10_000
CONTEST = "UNION2026"  # final results, certificates issued by the demo
PUBLIC_URL = "https://results.example.org"
TOKEN = "JourneyQrToken2026abcd"  # as long as a real one (22 characters)
ISSUED_ON = date(2026, 6, 30)

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the machine; chromium() says so
    expect = None


# --- Reading a QR code, as a phone's camera app does (no decoder library is installed) ---

ALIGNMENT = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34]}
BLOCKS_M = {1: (1, 16), 2: (1, 28), 3: (1, 44), 4: (2, 32), 5: (2, 43), 6: (4, 27)}
CODEWORDS = {1: 26, 2: 44, 3: 70, 4: 100, 5: 134, 6: 172}
MASKS = [lambda r, c: (r + c) % 2 == 0, lambda r, c: r % 2 == 0, lambda r, c: c % 3 == 0,
         lambda r, c: (r + c) % 3 == 0, lambda r, c: (r // 2 + c // 3) % 2 == 0,
         lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
         lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
         lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0]


def _format_code(level: int, mask: int) -> int:
    data = (level << 3) | mask
    rest = data << 10
    for shift in range(4, -1, -1):
        if rest & (1 << (shift + 10)):
            rest ^= 0x537 << shift
    return ((data << 10) | rest) ^ 0x5412


def qr_text(modules: list[list[int]]) -> str:
    """The text of a QR code (model 2, versions 1 to 6, error level M, one byte-mode
    segment: what contests/certificates/qr.py makes of an address) from its modules (1 is
    dark): format, unmask, zigzag, de-interleave, parse. No error correction: the image
    is read exactly as drawn."""
    n = len(modules)
    version = (n - 17) // 4
    assert n == 17 + 4 * version and version in ALIGNMENT, f"{n} modules a side"
    at = [[bool(v) for v in row] for row in modules]
    read = [at[8][c] for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [at[r][8] for r in (7, 5, 4, 3, 2, 1, 0)]
    word = int("".join("1" if b else "0" for b in read), 2)
    level, mask = min(((lv, mk) for lv in range(4) for mk in range(8)),
                      key=lambda p: bin(_format_code(*p) ^ word).count("1"))
    assert level == 0, "error level M expected"  # M is 00 in the format bits
    function = [[False] * n for _ in range(n)]

    def reserve(rows, cols):
        for r in rows:
            for c in cols:
                function[r][c] = True

    reserve(range(9), range(9))
    reserve(range(9), range(n - 8, n))
    reserve(range(n - 8, n), range(9))
    reserve([6], range(n))
    reserve(range(n), [6])
    for r in ALIGNMENT[version]:
        for c in ALIGNMENT[version]:
            if not function[r][c]:
                reserve(range(r - 2, r + 3), range(c - 2, c + 3))
    bits, upward, col = [], True, n - 1
    while col > 0:
        if col == 6:  # the vertical timing pattern
            col -= 1
        for i in range(n):
            r = n - 1 - i if upward else i
            for c in (col, col - 1):
                if not function[r][c]:
                    bits.append("1" if at[r][c] != MASKS[mask](r, c) else "0")
        upward, col = not upward, col - 2
    stream = "".join(bits)
    codewords = [int(stream[i:i + 8], 2) for i in range(0, CODEWORDS[version] * 8, 8)]
    blocks, size = BLOCKS_M[version]
    data = "".join(f"{codewords[i * blocks + b]:08b}" for b in range(blocks) for i in range(size))
    assert data[:4] == "0100", "one byte-mode segment expected"
    length = int(data[4:12], 2)
    return bytes(int(data[12 + 8 * i:20 + 8 * i], 2) for i in range(length)).decode()


def modules_of(image) -> list[list[int]]:
    """The modules of a QR code image (any whole number of pixels a module, any quiet
    zone): the dark area's bounding box divided into 17 + 4v modules a side."""
    gray = image.convert("L")
    width, height = gray.size
    dark = [[gray.getpixel((x, y)) < 128 for x in range(width)] for y in range(height)]
    ys = [y for y in range(height) if any(dark[y])]
    xs = [x for x in range(width) if any(dark[y][x] for y in range(height))]
    side = xs[-1] - xs[0] + 1
    n = next(k for k in range(21, 45, 4) if side % k == 0)
    step = side // n
    return [[int(dark[ys[0] + r * step + step // 2][xs[0] + c * step + step // 2])
             for c in range(n)] for r in range(n)]


def test_the_qr_reader_reads_what_segno_writes():
    """The reader above against the codes the app makes (a reader that cannot fail would
    prove nothing about the certificate)."""
    import segno
    from PIL import Image

    for text in ("https://results.example.org/verify/JourneyQrToken2026abcd",
                 "http://127.0.0.1:54321/verify/EeRML8sNKYkeL1tlpwvmHA", "https://例子.cn/验证"):
        code = segno.make(text, error="m", mask=0, micro=False)
        buffer = io.BytesIO()
        code.save(buffer, kind="png", scale=3, border=4)
        buffer.seek(0)
        assert qr_text(modules_of(Image.open(buffer))) == text
    code = segno.make("https://x.org/verify/abc", error="m", mask=5, micro=False,
                      boost_error=False)
    assert qr_text([list(row) for row in code.matrix]) == "https://x.org/verify/abc"


# --- The site ---

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo contests served on 127.0.0.1, with PUBLIC_URL set as in production."""
    from contests import create_app
    from contests.extensions import db
    from contests.models import Certificate, Contest, ResultVersion
    from contests.services.results.published import read

    path = tmp_path_factory.mktemp("journeys") / "public.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SECRET_KEY": "journeys-public-secret", "TESTING": False,
                      "WTF_CSRF_ENABLED": True, "PUBLIC_URL": PUBLIC_URL})
    with app.app_context():
        db.create_all()
        runner = app.test_cli_runner()
        for args in (["demo", "load"], ["certificates", "issue", "--contest", CONTEST]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
        contest = db.session.scalar(select(Contest).where(Contest.code == CONTEST))
        certificate = db.session.scalars(select(Certificate).where(
            Certificate.contest_id == contest.id, Certificate.entry_id.is_not(None),
            Certificate.status == "valid").order_by(Certificate.serial)).first()
        certificate.token, certificate.issued_on = TOKEN, ISSUED_ON
        db.session.commit()
        version = db.session.scalars(select(ResultVersion).where(
            ResultVersion.contest_id == contest.id, ResultVersion.status == "final")
            .order_by(ResultVersion.number.desc())).first()
        snapshot = read(version)
        [(stage, _group, row)] = snapshot.rows_of_entry(certificate.entry_id)
        world = dict(contest=contest.name, places=snapshot.places, stage=stage.name,
                     stage_id=stage.id, name=row.name, bib=row.bib, rank=row.rank,
                     total=row.total, lines=len(row.explanation),
                     number=certificate.number, award=certificate.award,
                     holder=certificate.holder_name, app=app)
        assert row.name == certificate.holder_name and row.rank and world["lines"]
    with serving(app) as base:
        yield dict(base=base, **world)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def phone(browser, site):
    """The contestant's phone; what it asks of the public address reaches the test server."""
    expect.set_options(timeout=WAIT_MS)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  locale="zh-CN", device_scale_factor=1)

    def public(route):
        parts = urlsplit(route.request.url)
        local = site["base"] + parts.path + (f"?{parts.query}" if parts.query else "")
        route.fulfill(response=route.fetch(url=local))

    context.route(f"{PUBLIC_URL}/**", public)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def total_text(site) -> str:
    """The total at the contest's precision, written out here (not by contests.display)."""
    text = f"{site['total']:.{site['places']}f}"
    assert len(text.split(".")[1]) == site["places"] == 2  # the demo contest's precision
    return text


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _screenshot(page, name: str) -> None:
    page.mouse.move(0, 0)  # no hover left on a button
    keep_screenshot(page.screenshot(animations="disabled", caret="hide"), name)


def test_contestant_finds_themself_reads_the_explanation_and_verifies_the_certificate(
        phone, site):
    from pypdf import PdfReader

    page, base = phone, site["base"]

    # Home page -> the contest -> search by bib.
    page.goto(f"{base}/")
    with page.expect_navigation():
        page.locator(f'main a[href="/contests/{CONTEST}"]').click()
    expect(page.locator("h1")).to_have_text(site["contest"])
    _no_sideways_scrolling(page)
    page.locator("main form input[name=q]").fill(site["bib"])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(zh(site, "Find a contestant"))
    hits = page.locator("main ul li")
    expect(hits).to_have_count(1)
    expect(hits.locator("a").first).to_have_text(site["name"])
    expect(hits).to_contain_text(f"{site['bib']} · ")

    # Browsing instead: the contest -> the stage's standings, their own row.
    page.goto(f"{base}/contests/{CONTEST}")
    with page.expect_navigation():
        page.locator(f'main a[href="/contests/{CONTEST}/stages/{site["stage_id"]}"]').click()
    expect(page.locator("h1")).to_have_text(site["stage"])
    row = page.locator("table.standings tbody tr").filter(
        has=page.get_by_role("link", name=site["name"], exact=True))
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text(str(site["rank"]))
    expect(row.locator("td.num").last).to_have_text(total_text(site))
    expect(page.locator("table.standings thead th").first).to_have_text(zh(site, "Rank"))
    _screenshot(page, "public-standings-phone.png")

    # The explanation of their result.
    with page.expect_navigation():
        row.get_by_role("link", name=site["name"], exact=True).click()
    expect(page.locator("h1")).to_contain_text(site["name"])
    expect(page.locator("h1 .muted")).to_have_text(site["bib"])
    card = page.locator("section.card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(f"{zh(site, 'Rank')}: {site['rank']}")
    expect(card).to_contain_text(f"{zh(site, 'Total')}: {total_text(site)}")
    explanation = card.locator("details")
    expect(explanation.locator("summary")).to_have_text(zh(site, "How this result was computed"))
    expect(explanation).to_have_attribute("open", "")
    expect(explanation.locator("ol.explain > li")).to_have_count(site["lines"])
    _no_sideways_scrolling(page)

    # Their certificate: the phone downloads the PDF, and its QR code is read.
    certificate = page.locator("main h2", has_text=zh(site, "Certificates")).locator(
        "xpath=following-sibling::ul[1]/li").filter(has_text=site["number"])
    expect(certificate).to_have_count(1)
    pdf = page.request.get(base + certificate.locator("a").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    [picture] = PdfReader(io.BytesIO(pdf.body())).pages[0].images
    address = qr_text(modules_of(picture.image))
    assert address == f"{PUBLIC_URL}/verify/{TOKEN}"

    # Opening the QR code's address: the record of the certificate, authentic and valid.
    page.goto(address)
    expect(page.locator("h1")).to_have_text(zh(site, "Certificate verification"))
    expect(page.locator("main .flash.success")).to_have_text(
        zh(site, "This certificate is authentic and valid."))
    record = page.locator("dl.record dd")
    expect(record.nth(0)).to_have_text(site["number"])
    expect(record.nth(1)).to_have_text(site["holder"])
    expect(record.nth(2)).to_have_text(site["contest"])
    expect(record.nth(3)).to_contain_text(site["award"])
    expect(record.nth(4)).to_have_text(ISSUED_ON.isoformat())
    expect(record.nth(5)).to_have_text(zh(site, "Valid"))
    _no_sideways_scrolling(page)

    # The certificate as printed, for the README: the PDF's page (poppler-utils' pdftoppm),
    # else, when there is no picture yet, the verification page.
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        printed = subprocess.run([pdftoppm, "-png", "-r", "60", "-singlefile", "-"],
                                 input=pdf.body(), capture_output=True, check=True, timeout=60)
        keep_screenshot(printed.stdout, "certificate.png")
    elif not (SHOTS / "certificate.png").exists():  # pragma: no cover - no poppler-utils
        _screenshot(page, "certificate.png")


def test_the_explanation_in_english(phone, site):
    page = phone
    page.goto(f"{site['base']}/contests/{CONTEST}/stages/{site['stage_id']}?lang=en")
    expect(page.locator("table.standings thead th").first).to_have_text("Rank")
    with page.expect_navigation():
        page.get_by_role("link", name=site["name"], exact=True).first.click()
    card = page.locator("section.card")
    expect(card).to_contain_text(f"Rank: {site['rank']}")
    expect(card).to_contain_text(f"Total: {total_text(site)}")
    expect(card.locator("details summary")).to_have_text("How this result was computed")
    expect(card.locator("ol.explain > li")).to_have_count(site["lines"])
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # No Chinese interface word: what is left once the contest's own names (people, units,
    # delegations, stages, events, criteria, awards) and the language switcher are taken out.
    names = page.evaluate("""() => {
        const langs = [...document.querySelectorAll('.langs')];
        langs.forEach(el => { el.hidden = true; });
        const text = document.querySelector('main').innerText;
        langs.forEach(el => { el.hidden = false; });
        return text;
    }""")
    for data in data_words(site):
        names = names.replace(data, "")
    assert not CJK.search(names), names


def data_words(site) -> list[str]:
    """Every name the published snapshot and the contest carry (data, not interface)."""
    from contests.extensions import db
    from contests.models import Contest, ResultVersion

    with site["app"].app_context():
        contest = db.session.scalar(select(Contest).where(Contest.code == CONTEST))
        version = db.session.scalars(select(ResultVersion).where(
            ResultVersion.contest_id == contest.id, ResultVersion.status == "final")
            .order_by(ResultVersion.number.desc())).first()
        raw = version.snapshot
    words: set[str] = {contest.name, contest.organizer or ""}

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and CJK.search(value):
            words.add(value)
            words.update(part for part in re.split(r"[\s·,;:()（）]+", value)
                         if CJK.search(part))

    import json
    walk(json.loads(raw) if isinstance(raw, str | bytes) else raw)
    return sorted((w for w in words if w), key=len, reverse=True)
