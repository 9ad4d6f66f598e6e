"""Calendar arithmetic the rules need, stdlib only.

These give the same results as ``dateutil.relativedelta`` (``day -
relativedelta(years=5)``, ``day + relativedelta(months=n)``): a day that does
not exist in the target month is clamped to the month's last day, so
29 Feb 2024 minus five years is 28 Feb 2019. The tests check the equivalence
against dateutil itself; the stdlib is used here so that the strictly typed
core needs no third-party stubs.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months (negative allowed), clamped to month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar date `years` later (or earlier); 29 Feb becomes 28 Feb."""
    return add_months(day, 12 * years)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on `day`: the birthday is the anniversary given by `add_years`."""
    years = day.year - birth_date.year
    if add_years(birth_date, years) > day:
        years -= 1
    return years
