"""At start-up the service says clearly when Chinese certificates would break."""
import logging

from contests.certificates import fonts


def test_installed_fonts_pass():
    assert fonts.problems() == []


def test_missing_font_and_subsetter_are_named_with_the_fix(monkeypatch, caplog):
    monkeypatch.setattr(fonts, "cjk_styles", lambda: {"Noto Serif CJK SC": {"Regular"}})
    monkeypatch.setattr(fonts.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(fonts, "_checked", False)
    with caplog.at_level(logging.WARNING):
        found = fonts.check_once()
    assert len(found) == 2
    assert all("fonts-noto-cjk" in p and "libharfbuzz-subset0" in p for p in found)
    assert "empty boxes" in caplog.text and "harfbuzz" in caplog.text.lower()
    assert fonts.check_once() == []  # once per process
