"""Phone numbers as typed on a phone: full-width digits (１３８…) from a Chinese keyboard, or other
scripts' digits, are the same number as ASCII ones. One number, one form, so a lookup or a hash of
it always matches (a voter's phone cannot rate twice by typing it another way)."""

import unicodedata


def digits_of(value: str) -> str:
    """The decimal digits of ``value``, as ASCII; everything else (spaces, dashes) dropped."""
    return "".join(str(unicodedata.decimal(ch)) for ch in value or "" if unicodedata.decimal(ch, None) is not None)


def mobile_digits(value: str) -> str:
    """The digits of a mobile number as typed, its country code (+86, 0086) dropped."""
    digits = digits_of(value)
    for prefix in ("0086", "86"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def is_mobile(digits: str) -> bool:
    """An 11-digit mainland mobile number (ASCII digits, as ``digits_of`` gives them)."""
    return len(digits) == 11 and digits.startswith("1") and digits[1] in "3456789" and digits.isascii()
