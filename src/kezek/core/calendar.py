"""Working days, office hours and the statutory terms of the service (reg:9, reg:11, Annex 3).

Pure Python: no Django here. The database layer passes the administrator's extra
days off / extra working days into :class:`WorkingCalendar`.

Sources of truth, in order of precedence:

1. ``extra_days_off`` / ``extra_working_days`` (administrator's data; they override
   everything, e.g. a government move the ``holidays`` package does not know yet).
2. The ``holidays`` package, country ``KZ``. Its ``public`` category holds, as dates
   that are *not* working days: the public holidays; the "observed" days (a holiday
   falling on Saturday/Sunday moves to the next working day, Labour Code rule, from
   2002); and the government's moved days off ("Day off (substituted from ...)").
   The weekend day that compensates a moved day off is in ``weekend_workdays``:
   it *is* a working day. The package knows such moves for 2000–2025 (none for
   2004 and 2015); for later years, moves are data an administrator adds.
3. Monday–Friday are working days, Saturday and Sunday are not.

Time: every moment is interpreted in ``Asia/Almaty`` (UTC+5 since 2024-03-01, UTC+6
before; the tz database knows it) and returned as an aware datetime in that zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

import holidays

ALMATY: Final = ZoneInfo("Asia/Almaty")

#: reg:9.1 — the service term, calendar days, the day of acceptance not counted.
RESULT_TERM_DAYS: Final = 30
#: Annex 3, action 5 — the executor's check, calendar days from the AB's acceptance.
CHECK_TERM_DAYS: Final = 25
#: Annex 3, action 1 / reg:9.2 — acceptance at the PSC window, minutes of PSC open time.
WINDOW_ACCEPTANCE_MINUTES: Final = 20
#: Annex 3, action 4 — the AB accepts a batch from the PSC, minutes of AB open time.
AB_BATCH_ACCEPTANCE_MINUTES: Final = 60
#: Annex 3, actions 6, 7, 8 — one working day each.
STEP_WORKING_DAYS: Final = 1

#: reg:11.1 — AB: 09:00–18:00 with lunch 13:00–14:00 (closing times exclusive).
AB_HOURS: Final[tuple[tuple[dt.time, dt.time], ...]] = (
    (dt.time(9, 0), dt.time(13, 0)),
    (dt.time(14, 0), dt.time(18, 0)),
)
#: reg:11.2 — PSC: 09:00–20:00 without lunch.
PSC_HOURS: Final[tuple[tuple[dt.time, dt.time], ...]] = ((dt.time(9, 0), dt.time(20, 0)),)

#: Annex 3, action 2 ("3 times a working day"): configurable default collection times.
DEFAULT_COLLECTION_TIMES: Final[tuple[dt.time, ...]] = (
    dt.time(10, 0),
    dt.time(14, 0),
    dt.time(18, 0),
)
#: Annex 3, action 3 ("at least 2 times a working day"): configurable default dispatch times.
DEFAULT_DISPATCH_TIMES: Final[tuple[dt.time, ...]] = (dt.time(12, 0), dt.time(17, 0))

# A guard against endless scans (e.g. an administrator marking a whole year off).
_MAX_SCAN_DAYS: Final = 3 * 366


class CalendarError(ValueError):
    """No working day / open time found within the scan limit."""


# --------------------------------------------------------------------------- package data


class _YearData(NamedTuple):
    days_off: frozenset[dt.date]
    weekend_workdays: frozenset[dt.date]


@cache
def _package_year(year: int) -> _YearData:
    """The ``holidays`` package's KZ data for one year (cached: the package data is static)."""
    kz = holidays.country_holidays("KZ", years=year)
    return _YearData(
        days_off=frozenset(d for d in kz if d.year == year),
        weekend_workdays=frozenset(d for d in kz.weekend_workdays if d.year == year),
    )


def _check_date(d: dt.date) -> None:
    # datetime is a subclass of date; a datetime would never match the date sets.
    if isinstance(d, dt.datetime) or not isinstance(d, dt.date):
        raise TypeError(f"expected a date, got {type(d).__name__}")


def _to_local(moment: dt.datetime) -> dt.datetime:
    """An aware datetime converted to Asia/Almaty; naive datetimes are refused."""
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: give an aware datetime (UTC or Asia/Almaty)")
    return moment.astimezone(ALMATY)


def local_date(moment: dt.datetime) -> dt.date:
    """The Asia/Almaty calendar date of an aware moment."""
    return _to_local(moment).date()


# --------------------------------------------------------------------------- working days


@dataclass(frozen=True)
class WorkingCalendar:
    """Kazakhstan's working days, with the administrator's overrides.

    ``extra_days_off`` and ``extra_working_days`` override the package and the weekday
    rule; a date may not be in both (``ValueError``).
    """

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for d in (*self.extra_days_off, *self.extra_working_days):
            _check_date(d)
        # Accept any iterable of dates from callers, store frozensets.
        object.__setattr__(self, "extra_days_off", frozenset(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        clash = self.extra_days_off & self.extra_working_days
        if clash:
            days = ", ".join(sorted(d.isoformat() for d in clash))
            raise ValueError(f"dates both extra days off and extra working days: {days}")

    @classmethod
    def with_overrides(
        cls, days_off: Iterable[dt.date] = (), working_days: Iterable[dt.date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_public_day_off(self, d: dt.date) -> bool:
        """A public holiday, an observed (transferred) holiday, a government-moved day off or
        an administrator's extra day off — unless the administrator made it a working day.

        Plain Saturdays and Sundays are *not* public days off (the PSC opens on Saturdays).
        """
        _check_date(d)
        if d in self.extra_working_days:
            return False
        if d in self.extra_days_off:
            return True
        return d in _package_year(d.year).days_off

    def is_working_day(self, d: dt.date) -> bool:
        """Monday–Friday that is not a public day off; a weekend day the government made a
        working day is one; ``extra_*`` override everything."""
        _check_date(d)
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        year = _package_year(d.year)
        if d in year.weekend_workdays:
            return True
        return d.weekday() < 5 and d not in year.days_off

    def next_working_day_on_or_after(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, otherwise the next working day."""
        return self._scan(d, +1, include_start=True)

    def previous_working_day_before(self, d: dt.date) -> dt.date:
        """The latest working day strictly before ``d``."""
        return self._scan(d, -1, include_start=False)

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``d`` (``d`` not counted); ``n < 0`` goes back the
        same way; ``n == 0`` gives ``next_working_day_on_or_after(d)``."""
        _check_date(d)
        if n == 0:
            return self.next_working_day_on_or_after(d)
        step = 1 if n > 0 else -1
        current = d
        for _ in range(abs(n)):
            current = self._scan(current, step, include_start=False)
        return current

    def _scan(self, d: dt.date, step: int, *, include_start: bool) -> dt.date:
        _check_date(d)
        current = d if include_start else d + dt.timedelta(days=step)
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(current):
                return current
            current += dt.timedelta(days=step)
        raise CalendarError(f"no working day within {_MAX_SCAN_DAYS} days of {d.isoformat()}")


# --------------------------------------------------------------------------- office hours


class OfficeKind(StrEnum):
    AB = "ab"
    PSC = "psc"
    PORTAL = "portal"


@dataclass(frozen=True)
class OfficeHours:
    """When an office of a kind is open (reg:11).

    - AB (reg:11.1): working days, 09:00–13:00 and 14:00–18:00.
    - PSC (reg:11.2): 09:00–20:00 without lunch on every working day and on every
      Saturday that is not a public day off. *Reading adopted:* "closed on Sundays and
      public holidays" also closes the PSC on observed holidays, government-moved days
      off and extra days off falling on a Saturday; a Sunday (or any day) the government
      or the administrator made a working day opens the PSC.
    - Portal (reg:11.3): around the clock.

    Opening times are inclusive, closing times exclusive.
    """

    kind: OfficeKind
    calendar: WorkingCalendar

    def is_open_day(self, d: dt.date) -> bool:
        if self.kind is OfficeKind.PORTAL:
            return True
        if self.calendar.is_working_day(d):
            return True
        if self.kind is OfficeKind.PSC:
            return d.weekday() == 5 and not self.calendar.is_public_day_off(d)
        return False

    def opening_hours(self, d: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        """The open intervals of a day (empty when closed); the portal has none: always open."""
        if self.kind is OfficeKind.PORTAL or not self.is_open_day(d):
            return ()
        return AB_HOURS if self.kind is OfficeKind.AB else PSC_HOURS

    def closing_time(self, d: dt.date) -> dt.datetime:
        """The end of the office day ``d`` (18:00 AB, 20:00 PSC), aware, Asia/Almaty."""
        if self.kind is OfficeKind.PORTAL:
            raise ValueError("the portal never closes")
        hours = AB_HOURS if self.kind is OfficeKind.AB else PSC_HOURS
        return dt.datetime.combine(d, hours[-1][1], tzinfo=ALMATY)

    def is_open(self, moment: dt.datetime) -> bool:
        local = _to_local(moment)
        if self.kind is OfficeKind.PORTAL:
            return True
        t = local.time()
        return any(start <= t < end for start, end in self.opening_hours(local.date()))

    def add_open_time(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The moment when ``minutes`` minutes of open time have passed since ``start``.

        Closed time (nights, lunch, days off) does not count. Ending exactly at a closing
        time returns that closing time (17:40 + 20 min at the AB → 18:00). With
        ``minutes == 0`` the result is the first open moment at or after ``start``.
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        local = _to_local(start)
        if self.kind is OfficeKind.PORTAL:
            return (local.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(ALMATY)
        remaining = dt.timedelta(minutes=minutes)
        cursor = local.replace(tzinfo=None)  # Almaty wall time
        day = cursor.date()
        for _ in range(_MAX_SCAN_DAYS):
            for open_at, close_at in self.opening_hours(day):
                segment_start = max(dt.datetime.combine(day, open_at), cursor)
                segment_end = dt.datetime.combine(day, close_at)
                if segment_start >= segment_end:
                    continue
                available = segment_end - segment_start
                if remaining <= available:
                    return (segment_start + remaining).replace(tzinfo=ALMATY)
                remaining -= available
            day += dt.timedelta(days=1)
        raise CalendarError(f"no open time within {_MAX_SCAN_DAYS} days of {local.isoformat()}")


# --------------------------------------------------------------------------- terms


class Channel(StrEnum):
    PORTAL = "portal"
    AB_DESK = "ab_desk"
    PSC = "psc"


@dataclass(frozen=True)
class ServiceDeadlines:
    """The statutory dates of one application (reg:9.1)."""

    accepted: dt.datetime  # aware, Asia/Almaty
    channel: Channel
    result_due: dt.date
    handover_due: dt.date | None  # PSC only

    def to_json(self) -> dict[str, str]:
        """``accepted`` in Asia/Almaty's offset (+05:00; +06:00 before 2024-03-01)."""
        data = {
            "accepted": self.accepted.astimezone(ALMATY).isoformat(timespec="seconds"),
            "channel": self.channel.value,
            "result_due": self.result_due.isoformat(),
        }
        if self.handover_due is not None:
            data["handover_due"] = self.handover_due.isoformat()
        return data


def result_due_date(accepted: dt.datetime, calendar: WorkingCalendar) -> dt.date:
    """reg:9.1: 30 calendar days, the day of acceptance not counted.

    *Reading adopted:* the term ends on (Almaty date of acceptance) + 30 days; when that
    day is not a working day, it ends on the next working day. Applied to all channels
    (the AB desk, the portal, the PSC).
    """
    return _calendar_term(accepted, RESULT_TERM_DAYS, calendar)


def service_deadlines(
    accepted: dt.datetime, channel: str, calendar: WorkingCalendar
) -> ServiceDeadlines:
    """The deadlines of reg:9.1 for an application accepted at ``accepted``.

    ``channel`` is ``portal``, ``ab_desk`` or ``psc``. ``accepted`` must be aware; it is
    converted to Asia/Almaty before its date is taken.

    ``handover_due`` (PSC only) — *reading adopted:* "the AB hands the result to the PSC
    one day before the term ends" means the latest **working** day strictly before
    ``result_due`` (a result due on Monday is handed over on Friday, or on Thursday when
    that Friday is a day off).
    """
    kind = Channel(channel)
    local = _to_local(accepted)
    result_due = result_due_date(local, calendar)
    handover_due = calendar.previous_working_day_before(result_due) if kind is Channel.PSC else None
    return ServiceDeadlines(
        accepted=local, channel=kind, result_due=result_due, handover_due=handover_due
    )


def _calendar_term(start: dt.datetime, days: int, calendar: WorkingCalendar) -> dt.date:
    end = local_date(start) + dt.timedelta(days=days)
    return calendar.next_working_day_on_or_after(end)


# Annex 3, step by step -----------------------------------------------------------------


def window_acceptance_due(started: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """Annex 3, action 1: the PSC inspector accepts the documents within 20 minutes of PSC
    open time."""
    return OfficeHours(OfficeKind.PSC, calendar).add_open_time(started, WINDOW_ACCEPTANCE_MINUTES)


def ab_batch_acceptance_due(received: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """Annex 3, action 4: the AB executor accepts a batch from the PSC within 1 hour of AB
    open time (17:40 → the next working day 09:40)."""
    return OfficeHours(OfficeKind.AB, calendar).add_open_time(received, AB_BATCH_ACCEPTANCE_MINUTES)


def check_due(ab_accepted: dt.datetime, calendar: WorkingCalendar) -> dt.date:
    """Annex 3, action 5: the executor's check, 25 calendar days from the AB's acceptance of
    the file, that day not counted; moved to the next working day when not a working day."""
    return _calendar_term(ab_accepted, CHECK_TERM_DAYS, calendar)


def _end_of_next_working_day(
    completed: dt.datetime, calendar: WorkingCalendar, kind: OfficeKind
) -> dt.datetime:
    day = calendar.add_working_days(local_date(completed), STEP_WORKING_DAYS)
    return OfficeHours(kind, calendar).closing_time(day)


def signature_due(draft_passed: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """Annex 3, action 6: the AB head signs within 1 working day — by the end (18:00) of the
    next working day after the draft was passed to the head."""
    return _end_of_next_working_day(draft_passed, calendar, OfficeKind.AB)


def registration_due(signed: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """Annex 3, action 7: the result is registered at the AB office for the PSC within 1
    working day — by the end (18:00) of the next working day after signature."""
    return _end_of_next_working_day(signed, calendar, OfficeKind.AB)


def handout_due(registered: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """Annex 3, action 8: the PSC inspector hands the result out within 1 working day — by the
    PSC's closing (20:00) of the next working day (a working day in the calendar sense; a
    PSC Saturday does not count as one)."""
    return _end_of_next_working_day(registered, calendar, OfficeKind.PSC)


def _slots(d: dt.date, times: Iterable[dt.time], open_day: bool) -> tuple[dt.datetime, ...]:
    _check_date(d)
    chosen = tuple(times)
    if any(t.tzinfo is not None for t in chosen):
        raise ValueError("slot times are Almaty wall times: give naive times")
    if list(chosen) != sorted(set(chosen)):
        raise ValueError("slot times must be strictly increasing")
    if not open_day:
        return ()
    return tuple(dt.datetime.combine(d, t, tzinfo=ALMATY) for t in chosen)


def collection_slots(
    d: dt.date,
    calendar: WorkingCalendar,
    times: Iterable[dt.time] = DEFAULT_COLLECTION_TIMES,
) -> tuple[dt.datetime, ...]:
    """Annex 3, action 2 ("3 times a working day"): when the accumulation inspector collects
    the documents. A frequency, not a term: the default times 10:00, 14:00, 18:00 are
    configurable. Collection happens on every day the PSC is open (Saturdays included);
    empty when the PSC is closed."""
    return _slots(d, times, OfficeHours(OfficeKind.PSC, calendar).is_open_day(d))


def dispatch_slots(
    d: dt.date,
    calendar: WorkingCalendar,
    times: Iterable[dt.time] = DEFAULT_DISPATCH_TIMES,
) -> tuple[dt.datetime, ...]:
    """Annex 3, action 3 ("at least 2 times a working day"): when registries are dispatched
    to the AB. A frequency: the default times 12:00 and 17:00 are configurable. Only on
    working days (the AB, which receives them, is closed otherwise); empty otherwise."""
    return _slots(d, times, calendar.is_working_day(d))
