"""Which text encoding a CSV was saved in, decided from its bytes and never asked.

Chinese Excel saves "CSV" in the system code page (GBK); newer Excel offers "CSV UTF-8",
which starts with a byte-order mark. The order below is deterministic: a BOM decides;
otherwise strict UTF-8 (GBK text almost never happens to be valid UTF-8); otherwise
GB18030, a superset of GBK that also covers rare characters such as 䶮 and 𠀀."""
import codecs

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),  # Excel's "Unicode text"
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return _strict(data, name), name
    if b"\x00" in data:
        raise NotText("binary data")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _strict(data, "gb18030"), "gb18030"


def _strict(data: bytes, name: str) -> str:
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise NotText(f"not {name} at byte {error.start}") from error
    if any(ch < " " and ch not in "\t\r\n" for ch in text[:4096]):
        raise NotText("control characters")  # decodes, but is not a text file
    return text
