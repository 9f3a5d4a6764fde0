"""Chinese renders exactly: any GB18030 name, including rare name characters, prints with
an embedded CJK font (regular and bold) that has a glyph for every character; never a box."""
from sqlalchemy import select

from contests.certificates import bulk
from contests.models import Certificate
from tests.certificates.pdf_checks import embedded_fonts, text
from tests.certificates.snapshots import RARE_NAME


def _rare_certificate(db):
    return db.session.scalar(select(Certificate).where(Certificate.holder_name == RARE_NAME,
                                                       Certificate.kind == "individual"))


def test_rare_name_embeds_a_cjk_font_covering_every_character(issued, db):
    certificate = _rare_certificate(db)
    pdf = bulk.render_one(certificate, issued["contest"])

    fonts = embedded_fonts(pdf)
    cjk = {name: f for name, f in fonts.items() if "CJK" in name}
    assert cjk, f"no CJK font embedded: {list(fonts)}"
    assert all(f["file"] in ("/FontFile2", "/FontFile3") for f in cjk.values())
    assert any("Bold" in name for name in cjk) and any("Bold" not in name for name in cjk)
    # The name is set in bold: the bold font's own character map covers every character.
    bold = next(f for name, f in cjk.items() if "Bold" in name)
    assert {ord(ch) for ch in RARE_NAME} <= bold["cmap"]
    assert set(RARE_NAME) <= bold["drawn"]
    # Every character on the page is drawn with a real glyph of an embedded CJK font
    # (through its cmap, or a variant glyph the ToUnicode map names): no .notdef boxes.
    printed = {ch for ch in text(pdf) if not ch.isspace()}
    drawn = set().union(*(f["drawn"] for f in cjk.values()))
    assert printed - drawn == set(), "characters without a glyph (would print as boxes)"
    assert {ord(ch) for ch in printed if ch.isascii()} - set().union(
        *(f["cmap"] for f in cjk.values())) <= {ord("1")}  # '1' may come out as a variant


def test_text_extracts_exactly(issued, db):
    certificate = _rare_certificate(db)
    printed = text(bulk.render_one(certificate, issued["contest"]))
    flat = "".join(printed.split())
    assert RARE_NAME in flat
    assert certificate.number in flat
    assert "全国星级饭店从业人员服务技能竞赛" in flat and "一等奖" in flat
    assert "中华全国总工会" in flat and "2026年5月3日" in flat
    assert "\ufffd" not in printed and "\x00" not in printed
