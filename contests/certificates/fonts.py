"""Start-up check of what Chinese certificates need from the system: a CJK font with
regular and bold (else names print as empty boxes) and HarfBuzz's subsetter (else every
PDF embeds whole 20 MB fonts and WeasyPrint runs about 40 times slower)."""
import ctypes.util
import logging
import shutil
import subprocess

log = logging.getLogger(__name__)

FIX = "apt-get install fonts-noto-cjk libharfbuzz-subset0 (or ./manage.sh setup)"
# The families certificate.css asks for, best first.
FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
_checked = False


def cjk_styles() -> dict[str, set[str]]:
    """Family → styles of the fonts fontconfig knows for Chinese ({} if fc-list is missing)."""
    if not shutil.which("fc-list"):
        return {}
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "family", "style"], check=True,
                                 capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    styles: dict[str, set[str]] = {}
    for line in listing.splitlines():
        families, _sep, style = line.partition(":style=")
        for family in families.split(","):
            styles.setdefault(family.strip(), set()).update(
                s.strip() for s in style.split(","))
    return styles


def problems() -> list[str]:
    """What is missing, as sentences naming the fix; [] when certificates will render."""
    found = []
    styles = cjk_styles()
    usable = [f for f in FAMILIES if {"Regular", "Bold"} <= styles.get(f, set())]
    if not usable:
        found.append("no Chinese font with regular and bold weights (Noto Serif/Sans CJK SC) "
                     f"was found by fontconfig: certificates would print empty boxes. Fix: {FIX}")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        found.append("libharfbuzz-subset.so.0 is missing: certificate PDFs would embed whole "
                     f"fonts and render about 40 times slower. Fix: {FIX}")
    return found


def check_once(logger=None) -> list[str]:
    """Log a WARNING per problem, once per process (create_app may run many times)."""
    global _checked
    if _checked:
        return []
    _checked = True
    found = problems()
    for problem in found:
        (logger or log).warning("Certificates: %s", problem)
    return found
