from __future__ import annotations

import datetime as dt

from kezek.core.calendar import WorkingCalendar
from kezek.rules import SubsistenceMinimumRow, SubsistenceMinimumTable

from .models import CalendarDay, SubsistenceMinimum


def working_calendar() -> WorkingCalendar:
    """Kazakhstan's working days with the administrator's extra days off and working days
    (reg:9); the one place the terms' calendar is read from the database."""
    days_off: set[dt.date] = set()
    working: set[dt.date] = set()
    for day in CalendarDay.objects.all():
        (days_off if day.kind == CalendarDay.Kind.DAY_OFF else working).add(day.date)
    return WorkingCalendar.with_overrides(days_off, working)


def subsistence_minimum_table() -> SubsistenceMinimumTable:
    """The table as configured now by the administrator (never a value from code)."""
    rows = [
        SubsistenceMinimumRow(effective_from=r.effective_from, amount=r.amount, source=r.source)
        for r in SubsistenceMinimum.objects.order_by("effective_from")
    ]
    return SubsistenceMinimumTable(rows)
