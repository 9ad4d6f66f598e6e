"""The IIN validator: checksum, embedded birth date and century (the only IIN parser)."""

from __future__ import annotations

import datetime as dt

import pytest

from kezek.core.iin import IINError, Sex, check_digit, is_valid_iin, make_iin, parse_iin


def _with_check_digit(first_eleven: str) -> str:
    digit = check_digit(first_eleven)
    assert digit is not None
    return first_eleven + str(digit)


@pytest.mark.parametrize(
    ("iin", "birth_date", "sex"),
    [
        ("600909400033", dt.date(1960, 9, 9), Sex.FEMALE),
        ("791201300038", dt.date(1979, 12, 1), Sex.MALE),
        ("850415300012", dt.date(1985, 4, 15), Sex.MALE),
        (_with_check_digit("0505055" + "0001"), dt.date(2005, 5, 5), Sex.MALE),
        (_with_check_digit("0505056" + "0001"), dt.date(2005, 5, 5), Sex.FEMALE),
        (_with_check_digit("9912311" + "0001"), dt.date(1899, 12, 31), Sex.MALE),
    ],
    ids=[
        "woman-1900s",
        "man-1900s",
        "decision-case-example",
        "man-2000s",
        "woman-2000s",
        "man-1800s",
    ],
)
def test_valid_iin_gives_birth_date_and_sex(iin: str, birth_date: dt.date, sex: Sex) -> None:
    parsed = parse_iin(iin)
    assert parsed.birth_date == birth_date
    assert parsed.sex is sex


@pytest.mark.parametrize(
    ("iin", "code"),
    [
        ("600909400034", "checksum"),  # wrong check digit
        ("123456789012", "century"),  # digit 7 is 7
        ("600230400033", "birth_date"),  # 30 February
        ("601309400033", "birth_date"),  # month 13
        ("010229500001", "birth_date"),  # 29 Feb 2001 is not a date
        ("60090940003", "length"),
        ("6009094000331", "length"),
        ("60090940003A", "digits"),
        ("６００９０９４０００３３", "digits"),  # full-width digits are not ASCII digits
        ("600909000033", "century"),  # digit 7 is 0
    ],
)
def test_invalid_iin_is_refused_with_its_reason(iin: str, code: str) -> None:
    with pytest.raises(IINError) as info:
        parse_iin(iin)
    assert info.value.code == code
    assert not is_valid_iin(iin)


def test_ten_twice_is_invalid() -> None:
    """When both weightings give 10 there is no valid check digit for those eleven digits."""
    found = None
    for serial in range(10_000):
        first = f"8001013{serial:04d}"
        if check_digit(first) is None:
            found = first
            break
    assert found is not None, "some serial must give 10 twice"
    for last in "0123456789":
        with pytest.raises(IINError) as info:
            parse_iin(found + last)
        assert info.value.code == "checksum"


def test_second_weighting_is_used_when_first_gives_ten() -> None:
    for serial in range(10_000):
        first = f"7506153{serial:04d}"
        digits = [int(c) for c in first]
        if sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11 == 10:
            digit = check_digit(first)
            if digit is not None:
                second = (
                    sum(
                        d * w
                        for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)
                    )
                    % 11
                )
                assert digit == second
                assert is_valid_iin(first + str(digit))
                return
    pytest.fail("no serial exercised the second weighting")


def test_make_iin_builds_valid_numbers_and_masking_hides_them() -> None:
    iin = make_iin(dt.date(1990, 1, 2), Sex.FEMALE, 42)
    parsed = parse_iin(iin)
    assert parsed.birth_date == dt.date(1990, 1, 2)
    assert parsed.sex is Sex.FEMALE
    masked = parsed.masked()
    assert masked != iin
    assert "*" in masked
    assert len(masked) == 12
