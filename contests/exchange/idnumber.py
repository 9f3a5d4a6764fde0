"""身份证号 (GB 11643-1999): 17 digits (region, birth date, sequence) and a check character.

The full number is never stored: the masked form (110105********1234) is shown, and an
HMAC-SHA256 keyed with the application's SECRET_KEY finds the same person again on a
later import. Changing SECRET_KEY therefore breaks matching of earlier imports. Between
upload and confirmation the parsed file is kept sealed (exchange.uploads); pages and
messages show any ID-shaped value masked (`shown`)."""
import hashlib
import hmac
import re
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
CHECK_CHARS = "10X98765432"
MASKED = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")


def normalize(text: str) -> str:
    return text.strip().replace(" ", "").upper()


def is_masked(text: str) -> bool:
    return bool(MASKED.match(normalize(text)))


def check(number: str):
    """None when `number` (normalized) is valid, else the reason it is not (lazy text,
    translated when shown)."""
    if re.fullmatch(r"\d\.\d+E\+\d+", number) or re.fullmatch(r"\d{17,18}\.0", number):
        return _l("Excel stored it as a number and lost digits; format the column as text.")
    if len(number) == 15 and number.isdigit():
        return _l("this is an old 15-digit number; give the 18-digit one.")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return _l("it must be 17 digits followed by a digit or X.")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _l("the birth date %(digits)s does not exist.", digits=number[6:14])
    if born.year < 1900 or born > date.today():
        return _l("the birth date %(digits)s is not plausible.", digits=number[6:14])
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], WEIGHTS))
    if CHECK_CHARS[total % 11] != number[17]:
        return _l("the check character does not match (typing error?).")
    return None


def mask(number: str) -> str:
    return number[:6] + "*" * 8 + number[-4:]


# 18 characters (or the old 15 digits) not inside a longer run of digits
ID_SHAPED = re.compile(r"(?<![0-9])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9])"
                       r"|(?<![0-9])(\d{6})(\d{6})(\d{3})(?![0-9])")


def shown(text):
    """`text` with every ID-number-shaped run masked (the middle digits starred), for pages
    and messages: sample values of a column, the value of a problem."""
    if not isinstance(text, str):
        return text

    def star(match):
        if match.group(1):
            return match.group(1) + "*" * 8 + match.group(3)
        return match.group(4) + "*" * 6 + match.group(6)
    return ID_SHAPED.sub(star, text)


def keyed_hash(number: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def with_check_character(first17: str) -> str:
    """The full number for 17 given digits (for tests and demo data)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS))
    return first17 + CHECK_CHARS[total % 11]
