"""The calendar helpers agree with dateutil.relativedelta."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from kezek.rules.dates import add_months, add_years, age_on

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(database=None)
@given(DAYS, st.integers(min_value=-120, max_value=120))
def test_add_months_is_relativedelta(day: dt.date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@settings(database=None)
@given(DAYS, st.integers(min_value=-50, max_value=50))
def test_add_years_is_relativedelta(day: dt.date, years: int) -> None:
    assert add_years(day, years) == day + relativedelta(years=years)


@settings(database=None)
@given(DAYS, DAYS)
def test_age_on_is_relativedelta(birth: dt.date, day: dt.date) -> None:
    if day >= birth:
        assert age_on(birth, day) == relativedelta(day, birth).years


def test_29_february() -> None:
    assert add_years(dt.date(2024, 2, 29), -5) == dt.date(2019, 2, 28)
    assert age_on(dt.date(2004, 2, 29), dt.date(2022, 2, 28)) == 18
    assert age_on(dt.date(2004, 2, 29), dt.date(2022, 2, 27)) == 17
