"""The QR code printed on a certificate: the verification page's address, with the
certificate's token (never its number, which follows a sequence)."""
import segno


def data_uri(url: str) -> str:
    """A PNG of one pixel per module, as a data URI: the stylesheet scales it up with
    `image-rendering: pixelated`, so it prints sharp, and WeasyPrint draws it faster than
    the same code as SVG. Mask 0 is fixed: choosing the "best" mask costs 6 ms a code
    (six seconds per thousand certificates) and any mask scans (ISO/IEC 18004)."""
    return segno.make(url, error="m", mask=0, micro=False).png_data_uri(scale=1, border=2)
