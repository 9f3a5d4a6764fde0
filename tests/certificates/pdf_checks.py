"""Looking inside a rendered PDF: its embedded fonts (pypdf + fontTools) and its text."""
import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def _to_unicode(stream: bytes) -> dict[int, str]:
    """Glyph id → text, from a ToUnicode CMap (bfchar and bfrange entries)."""
    text = stream.decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.DOTALL):
        for glyph, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(glyph, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.DOTALL):
        for lo, hi, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block):
            start = int(uni, 16)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                out[int(lo, 16) + offset] = chr(start + offset)
    return out


def _drawn(font: TTFont) -> set[int]:
    """Glyph ids with an outline (not .notdef, not an empty charstring)."""
    order = font.getGlyphOrder()
    if "CFF " in font:
        strings = font["CFF "].cff.topDictIndex[0].CharStrings
        drawn = set()
        for gid, name in enumerate(order):
            charstring = strings[name]
            charstring.decompile()
            if gid and len(charstring.program) > 1:
                drawn.add(gid)
        return drawn
    glyf = font["glyf"]
    return {gid for gid, name in enumerate(order) if gid and glyf[name].numberOfContours}


def embedded_fonts(pdf: bytes) -> dict[str, dict]:
    """Base font name → {"file": FontFile key, "cmap": code points the embedded program's
    cmap maps, "drawn": characters the PDF draws with a real outline of this font}."""
    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                key = next(k for k in ("/FontFile2", "/FontFile3", "/FontFile")
                           if k in descriptor)
                program = TTFont(io.BytesIO(descriptor[key].get_object().get_data()))
                glyphs = _to_unicode(font["/ToUnicode"].get_object().get_data())
                drawn = _drawn(program)
                entry = found.setdefault(str(font["/BaseFont"]),
                                         {"file": key, "cmap": set(), "drawn": set()})
                entry["cmap"] |= set(program.getBestCmap() or {})
                entry["drawn"] |= {t for gid, t in glyphs.items() if gid in drawn}
    return found


def text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with the white space taken out (PDF text breaks lines anywhere)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
