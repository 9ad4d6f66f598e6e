"""The individual identification number (IIN, ЖСН / ИИН): the only parser in Kezek.

An IIN is 12 digits: YYMMDD birth date, one digit for century and sex
(1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female), a four-digit
serial and a check digit. The check digit is the sum of the first eleven
digits weighted 1..11 mod 11; when that is 10 the weights 3..11,1,2 are used;
when it is 10 again the number cannot be valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY_BY_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class IINError(ValueError):
    """An IIN that cannot be valid; `code` is stable, `message` is English for logs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IIN:
    value: str
    birth_date: dt.date
    sex: Sex

    def __str__(self) -> str:
        return self.value

    def masked(self) -> str:
        """The form used in published lists: never the full number."""
        return f"{self.value[:2]}******{self.value[-4:-2]}**"


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no digit can be valid."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
        if total == 10:
            return None
    return total


def parse_iin(raw: str) -> IIN:
    """Validate an IIN and return its parts; raise IINError with a stable code."""
    if not isinstance(raw, str):
        raise IINError("type", "IIN must be a string of 12 digits")
    value = raw.strip()
    if len(value) != 12:
        raise IINError("length", f"IIN must have 12 digits, got {len(value)} characters")
    if not (value.isascii() and value.isdigit()):
        raise IINError("digits", "IIN must contain digits only")
    century_digit = int(value[6])
    if century_digit not in _CENTURY_BY_DIGIT:
        raise IINError("century", f"IIN digit 7 must be 1-6 (century and sex), got {century_digit}")
    year = _CENTURY_BY_DIGIT[century_digit] + int(value[0:2])
    try:
        birth_date = dt.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError as exc:
        raise IINError("birth_date", f"IIN digits 1-6 are not a real date ({value[:6]})") from exc
    expected = check_digit(value[:11])
    if expected is None:
        raise IINError("checksum", "IIN cannot be valid: its check digit is undefined (10 twice)")
    if expected != int(value[11]):
        raise IINError("checksum", "IIN check digit does not match")
    sex = Sex.MALE if century_digit % 2 == 1 else Sex.FEMALE
    return IIN(value=value, birth_date=birth_date, sex=sex)


def is_valid_iin(raw: str) -> bool:
    try:
        parse_iin(raw)
    except IINError:
        return False
    return True


def make_iin(birth_date: dt.date, sex: Sex, serial: int) -> str:
    """Build a valid IIN (for demo data and tests); tries serials upward until one is valid."""
    century = (birth_date.year // 100) * 100
    base_digit = {1800: 1, 1900: 3, 2000: 5}[century]
    century_digit = base_digit + (0 if sex is Sex.MALE else 1)
    for candidate in range(serial, serial + 10_000):
        first = f"{birth_date:%y%m%d}{century_digit}{candidate % 10_000:04d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
    raise ValueError("no valid IIN for these parts")  # unreachable: most serials are valid
