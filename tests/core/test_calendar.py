"""Working days, office hours and the statutory terms (reg:9, reg:11, Annex 3).

Pure pytest: no Django, no database. Dates that depend on Kazakhstan's calendar are
checked against the ``holidays`` package first (test_package_facts), not assumed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kezek.core.calendar import (
    ALMATY,
    DEFAULT_COLLECTION_TIMES,
    CalendarError,
    Channel,
    OfficeHours,
    OfficeKind,
    ServiceDeadlines,
    WorkingCalendar,
    ab_batch_acceptance_due,
    check_due,
    collection_slots,
    dispatch_slots,
    handout_due,
    registration_due,
    service_deadlines,
    signature_due,
    window_acceptance_due,
)

D = dt.date
CAL = WorkingCalendar()


def at(text: str) -> dt.datetime:
    """An aware datetime from ISO text; a bare local time is read as Asia/Almaty."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ALMATY)


# --------------------------------------------------------------------------- the package


def _kz(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year)


@pytest.mark.parametrize(
    ("day", "is_day_off", "is_weekend_workday"),
    [
        pytest.param(D(2024, 5, 7), True, False, id="pkg-2024-05-07-defender-day"),
        pytest.param(D(2024, 5, 8), True, False, id="pkg-2024-05-08-moved-day-off"),
        pytest.param(D(2024, 5, 9), True, False, id="pkg-2024-05-09-victory-day"),
        pytest.param(D(2024, 5, 4), False, True, id="pkg-2024-05-04-working-saturday"),
        pytest.param(D(2025, 1, 3), True, False, id="pkg-2025-01-03-moved-day-off"),
        pytest.param(D(2025, 1, 5), False, True, id="pkg-2025-01-05-working-sunday"),
        pytest.param(D(2023, 7, 7), True, False, id="pkg-2023-07-07-moved-day-off"),
        pytest.param(D(2023, 7, 1), False, True, id="pkg-2023-07-01-working-saturday"),
        pytest.param(D(2022, 3, 7), True, False, id="pkg-2022-03-07-moved-monday"),
        pytest.param(D(2024, 3, 25), True, False, id="pkg-2024-03-25-nauryz-observed"),
        pytest.param(D(2023, 12, 18), True, False, id="pkg-2023-12-18-independence-observed"),
        pytest.param(D(2024, 10, 25), True, False, id="pkg-2024-10-25-republic-day"),
    ],
)
def test_package_facts(day: dt.date, is_day_off: bool, is_weekend_workday: bool) -> None:
    """The dates the tables below rely on, as the ``holidays`` package states them."""
    kz = _kz(day.year)
    assert (day in kz) is is_day_off
    assert (day in kz.weekend_workdays) is is_weekend_workday


def test_almaty_offset_from_tz_database() -> None:
    """Kazakhstan: one zone, UTC+5, since 2024-03-01 (a stale tz database would say +06)."""
    zone = ZoneInfo("Asia/Almaty")
    assert dt.datetime(2024, 4, 7, 15, tzinfo=zone).utcoffset() == dt.timedelta(hours=5)
    assert dt.datetime(2024, 2, 7, 15, tzinfo=zone).utcoffset() == dt.timedelta(hours=6)


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2024, 11, 1), True, id="working-day-friday"),
        pytest.param(D(2024, 11, 2), False, id="working-day-saturday"),
        pytest.param(D(2024, 11, 3), False, id="working-day-sunday"),
        pytest.param(D(2024, 5, 7), False, id="working-day-public-holiday"),
        pytest.param(D(2024, 5, 8), False, id="working-day-moved-day-off"),
        pytest.param(D(2024, 5, 4), True, id="working-day-government-working-saturday"),
        pytest.param(D(2025, 1, 5), True, id="working-day-government-working-sunday"),
        pytest.param(D(2024, 3, 25), False, id="working-day-observed-holiday"),
        pytest.param(D(2025, 6, 6), False, id="working-day-eid-al-adha"),
        pytest.param(D(2014, 1, 3), False, id="working-day-cross-year-moved-day-off"),
        pytest.param(D(2013, 12, 28), True, id="working-day-cross-year-working-saturday"),
        pytest.param(D(2024, 12, 16), False, id="working-day-independence-day"),
    ],
)
def test_is_working_day(day: dt.date, expected: bool) -> None:
    assert CAL.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("calendar", "day", "expected"),
    [
        pytest.param(
            WorkingCalendar(extra_days_off=frozenset({D(2024, 11, 4)})),
            D(2024, 11, 4),
            False,
            id="extra-day-off-monday",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({D(2024, 5, 8)})),
            D(2024, 5, 8),
            True,
            id="extra-working-day-over-package-moved-day-off",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({D(2024, 5, 7)})),
            D(2024, 5, 7),
            True,
            id="extra-working-day-over-package-holiday",
        ),
        pytest.param(
            WorkingCalendar(extra_days_off=frozenset({D(2024, 5, 4)})),
            D(2024, 5, 4),
            False,
            id="extra-day-off-over-package-working-saturday",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({D(2026, 1, 10)})),
            D(2026, 1, 10),
            True,
            id="extra-working-saturday-not-in-package",
        ),
    ],
)
def test_extra_days_override_the_package(
    calendar: WorkingCalendar, day: dt.date, expected: bool
) -> None:
    assert calendar.is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(D(2024, 5, 6), 1, D(2024, 5, 10), id="add-working-days-may-holidays"),
        pytest.param(D(2024, 5, 10), -1, D(2024, 5, 6), id="add-working-days-back-may"),
        pytest.param(D(2024, 3, 20), 1, D(2024, 3, 26), id="add-working-days-nauryz"),
        pytest.param(D(2024, 12, 31), 1, D(2025, 1, 5), id="add-working-days-new-year"),
        pytest.param(D(2024, 12, 27), 2, D(2024, 12, 31), id="add-working-days-weekend"),
        pytest.param(D(2024, 12, 13), 1, D(2024, 12, 17), id="add-working-days-independence"),
        pytest.param(D(2024, 11, 1), 5, D(2024, 11, 8), id="add-working-days-plain-week"),
        pytest.param(D(2025, 1, 6), -2, D(2024, 12, 31), id="add-working-days-back-year"),
        pytest.param(D(2024, 5, 7), 0, D(2024, 5, 10), id="add-working-days-zero-on-holiday"),
        pytest.param(D(2024, 11, 4), 0, D(2024, 11, 4), id="add-working-days-zero-working"),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_next_and_previous_working_day() -> None:
    assert CAL.next_working_day_on_or_after(D(2024, 5, 7)) == D(2024, 5, 10)
    assert CAL.next_working_day_on_or_after(D(2024, 5, 6)) == D(2024, 5, 6)
    assert CAL.previous_working_day_before(D(2024, 5, 10)) == D(2024, 5, 6)
    assert CAL.previous_working_day_before(D(2024, 5, 6)) == D(2024, 5, 4)


def test_calendar_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(frozenset({D(2024, 5, 8)}), frozenset({D(2024, 5, 8)}))
    with pytest.raises(TypeError):
        CAL.is_working_day(dt.datetime(2024, 5, 8, 10, tzinfo=ALMATY))
    everything_off = WorkingCalendar.with_overrides(
        days_off=(D(2024, 1, 1) + dt.timedelta(days=i) for i in range(4 * 366))
    )
    with pytest.raises(CalendarError):
        everything_off.next_working_day_on_or_after(D(2024, 1, 1))


# --------------------------------------------------------------------------- reg:9.1 terms


@pytest.mark.parametrize(
    ("accepted", "channel", "result_due", "handover_due"),
    [
        # The worked example: +30 days = 2024-05-07 (Defender of the Fatherland Day); the
        # package also knows 2024-05-08 as a moved day off (from Saturday 2024-05-04) and
        # 2024-05-09 is Victory Day: the term ends on Friday 2024-05-10.
        pytest.param(
            "2024-04-07T15:00:00+05:00",
            "portal",
            D(2024, 5, 10),
            None,
            id="reg:9.1-worked-example-portal",
        ),
        pytest.param(
            "2024-04-07T15:00:00+05:00",
            "ab_desk",
            D(2024, 5, 10),
            None,
            id="reg:9.1-worked-example-ab-desk",
        ),
        pytest.param(
            "2024-04-07T15:00:00+05:00",
            "psc",
            D(2024, 5, 10),
            D(2024, 5, 6),
            id="reg:9.1-worked-example-psc",
        ),
        pytest.param(
            "2024-10-01T10:00", "portal", D(2024, 10, 31), None, id="reg:9.1-plain-working-day"
        ),
        pytest.param(
            "2024-10-03T10:00", "portal", D(2024, 11, 4), None, id="reg:9.1-ends-saturday-to-monday"
        ),
        pytest.param(
            "2024-10-04T10:00", "portal", D(2024, 11, 4), None, id="reg:9.1-ends-sunday-to-monday"
        ),
        pytest.param(
            "2025-11-16T10:00",
            "portal",
            D(2025, 12, 17),
            None,
            id="reg:9.1-holiday-independence-day",
        ),
        pytest.param(
            "2023-11-16T10:00",
            "portal",
            D(2023, 12, 19),
            None,
            id="reg:9.1-holiday-independence-day-saturday-observed-monday",
        ),
        pytest.param(
            "2024-02-20T10:00", "portal", D(2024, 3, 26), None, id="reg:9.1-holiday-nauryz"
        ),
        pytest.param(
            "2024-12-02T10:00",
            "portal",
            D(2025, 1, 5),
            None,
            id="reg:9.1-holiday-new-year-year-end-to-working-sunday",
        ),
        pytest.param(
            "2022-12-02T10:00",
            "portal",
            D(2023, 1, 4),
            None,
            id="reg:9.1-holiday-new-year-year-end-observed",
        ),
        pytest.param(
            "2025-12-02T10:00",
            "portal",
            D(2026, 1, 5),
            None,
            id="reg:9.1-holiday-new-year-year-end-2026",
        ),
        pytest.param(
            "2023-06-07T10:00", "portal", D(2023, 7, 10), None, id="reg:9.1-moved-day-off-friday"
        ),
        pytest.param(
            "2022-02-05T10:00", "portal", D(2022, 3, 9), None, id="reg:9.1-moved-day-off-monday"
        ),
        pytest.param(
            "2024-04-04T10:00",
            "portal",
            D(2024, 5, 4),
            None,
            id="reg:9.1-ends-on-government-working-saturday",
        ),
        pytest.param(
            "2023-06-01T10:00",
            "portal",
            D(2023, 7, 1),
            None,
            id="reg:9.1-ends-on-government-working-saturday-2023",
        ),
        # The day of acceptance is not counted, and it is the Almaty date that counts.
        pytest.param(
            "2024-10-01T23:59:00+05:00",
            "portal",
            D(2024, 10, 31),
            None,
            id="reg:9.1-day-not-counted-23:59-local",
        ),
        pytest.param(
            "2024-10-01T19:01:00+00:00",
            "portal",
            D(2024, 11, 1),
            None,
            id="reg:9.1-day-not-counted-utc-is-next-local-day",
        ),
        pytest.param(
            "2024-10-01T23:30:00+06:00",
            "portal",
            D(2024, 10, 31),
            None,
            id="reg:9.1-day-not-counted-plus-six-offset",
        ),
        pytest.param(
            "2024-10-01T23:59:00-05:00",
            "portal",
            D(2024, 11, 1),
            None,
            id="reg:9.1-day-not-counted-negative-offset",
        ),
        pytest.param(
            "2023-06-01T18:30:00+00:00",
            "portal",
            D(2023, 7, 3),
            None,
            id="reg:9.1-almaty-was-utc+6-before-2024-03",
        ),
        # PSC: the AB hands over on the working day before the term ends.
        pytest.param(
            "2024-10-03T10:00",
            "psc",
            D(2024, 11, 4),
            D(2024, 11, 1),
            id="reg:9.1-psc-handover-monday-to-friday",
        ),
        pytest.param(
            "2024-09-28T10:00",
            "psc",
            D(2024, 10, 28),
            D(2024, 10, 24),
            id="reg:9.1-psc-handover-friday-holiday-to-thursday",
        ),
        pytest.param(
            "2024-04-06T10:00",
            "psc",
            D(2024, 5, 6),
            D(2024, 5, 4),
            id="reg:9.1-psc-handover-government-working-saturday",
        ),
        pytest.param(
            "2024-12-02T10:00",
            "psc",
            D(2025, 1, 5),
            D(2024, 12, 31),
            id="reg:9.1-psc-handover-across-new-year",
        ),
        pytest.param(
            "2024-10-01T10:00",
            "psc",
            D(2024, 10, 31),
            D(2024, 10, 30),
            id="reg:9.1-psc-handover-plain",
        ),
    ],
)
def test_service_deadlines(
    accepted: str, channel: str, result_due: dt.date, handover_due: dt.date | None
) -> None:
    deadlines = service_deadlines(at(accepted), channel, CAL)
    assert deadlines.result_due == result_due
    assert deadlines.handover_due == handover_due
    assert deadlines.channel == channel
    assert deadlines.accepted == at(accepted)
    assert deadlines.accepted.tzinfo is ALMATY


@pytest.mark.parametrize(
    ("calendar", "accepted", "channel", "result_due", "handover_due"),
    [
        pytest.param(
            WorkingCalendar(extra_days_off=frozenset({D(2024, 11, 4)})),
            "2024-10-03T10:00",
            "psc",
            D(2024, 11, 5),
            D(2024, 11, 1),
            id="reg:9.1-extra-day-off",
        ),
        pytest.param(
            WorkingCalendar(extra_days_off=frozenset({D(2024, 11, 1)})),
            "2024-10-03T10:00",
            "psc",
            D(2024, 11, 4),
            D(2024, 10, 31),
            id="reg:9.1-extra-day-off-moves-handover",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({D(2024, 5, 8)})),
            "2024-04-07T15:00:00+05:00",
            "portal",
            D(2024, 5, 8),
            None,
            id="reg:9.1-extra-working-day-over-moved-day-off",
        ),
        pytest.param(
            WorkingCalendar(extra_working_days=frozenset({D(2024, 11, 3)})),
            "2024-10-04T10:00",
            "psc",
            D(2024, 11, 3),
            D(2024, 11, 1),
            id="reg:9.1-extra-working-sunday",
        ),
        pytest.param(
            WorkingCalendar(extra_days_off=frozenset({D(2026, 1, 5)})),
            "2025-12-02T10:00",
            "portal",
            D(2026, 1, 6),
            None,
            id="reg:9.1-extra-day-off-later-year-move",
        ),
    ],
)
def test_service_deadlines_with_overrides(
    calendar: WorkingCalendar,
    accepted: str,
    channel: str,
    result_due: dt.date,
    handover_due: dt.date | None,
) -> None:
    deadlines = service_deadlines(at(accepted), channel, calendar)
    assert (deadlines.result_due, deadlines.handover_due) == (result_due, handover_due)


@pytest.mark.parametrize(
    ("accepted", "channel", "expected"),
    [
        pytest.param(
            "2024-04-07T15:00:00+05:00",
            "portal",
            {
                "accepted": "2024-04-07T15:00:00+05:00",
                "channel": "portal",
                "result_due": "2024-05-10",
            },
            id="reg:9.1-json-portal",
        ),
        pytest.param(
            "2024-04-07T10:00:00+00:00",
            "psc",
            {
                "accepted": "2024-04-07T15:00:00+05:00",
                "channel": "psc",
                "result_due": "2024-05-10",
                "handover_due": "2024-05-06",
            },
            id="reg:9.1-json-psc-from-utc",
        ),
        pytest.param(
            "2024-10-01T10:00",
            "ab_desk",
            {
                "accepted": "2024-10-01T10:00:00+05:00",
                "channel": "ab_desk",
                "result_due": "2024-10-31",
            },
            id="reg:9.1-json-ab-desk",
        ),
    ],
)
def test_to_json(accepted: str, channel: str, expected: dict[str, str]) -> None:
    assert service_deadlines(at(accepted), channel, CAL).to_json() == expected


def test_service_deadlines_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="naive"):
        service_deadlines(dt.datetime(2024, 4, 7, 15), "portal", CAL)
    with pytest.raises(ValueError, match="not a valid"):
        service_deadlines(at("2024-04-07T15:00"), "mail", CAL)
    assert isinstance(service_deadlines(at("2024-04-07T15:00"), Channel.PSC, CAL), ServiceDeadlines)


# --------------------------------------------------------------------------- reg:11 hours

AB = OfficeHours(OfficeKind.AB, CAL)
PSC = OfficeHours(OfficeKind.PSC, CAL)
PORTAL = OfficeHours(OfficeKind.PORTAL, CAL)


@pytest.mark.parametrize(
    ("office", "moment", "expected"),
    [
        pytest.param(AB, "2024-11-01T08:59", False, id="reg:11.1-ab-before-opening"),
        pytest.param(AB, "2024-11-01T09:00", True, id="reg:11.1-ab-opening"),
        pytest.param(AB, "2024-11-01T12:59", True, id="reg:11.1-ab-before-lunch"),
        pytest.param(AB, "2024-11-01T13:00", False, id="reg:11.1-ab-lunch-start"),
        pytest.param(AB, "2024-11-01T13:59", False, id="reg:11.1-ab-lunch-end"),
        pytest.param(AB, "2024-11-01T14:00", True, id="reg:11.1-ab-after-lunch"),
        pytest.param(AB, "2024-11-01T17:59", True, id="reg:11.1-ab-before-closing"),
        pytest.param(AB, "2024-11-01T18:00", False, id="reg:11.1-ab-closing"),
        pytest.param(AB, "2024-11-01T08:30:00+00:00", False, id="reg:11.1-ab-utc-lunch"),
        pytest.param(AB, "2024-11-02T10:00", False, id="reg:11.1-ab-closed-saturday"),
        pytest.param(AB, "2024-11-03T10:00", False, id="reg:11.1-ab-closed-sunday"),
        pytest.param(AB, "2024-12-16T10:00", False, id="reg:11.1-ab-closed-holiday"),
        pytest.param(AB, "2024-05-08T10:00", False, id="reg:11.1-ab-closed-moved-day-off"),
        pytest.param(AB, "2024-05-04T10:00", True, id="reg:11.1-ab-open-working-saturday"),
        pytest.param(PSC, "2024-11-04T08:59", False, id="reg:11.2-psc-before-opening"),
        pytest.param(PSC, "2024-11-04T13:30", True, id="reg:11.2-psc-no-lunch"),
        pytest.param(PSC, "2024-11-04T19:59", True, id="reg:11.2-psc-before-closing"),
        pytest.param(PSC, "2024-11-04T20:00", False, id="reg:11.2-psc-closing"),
        pytest.param(PSC, "2024-11-02T10:00", True, id="reg:11.2-psc-open-saturday"),
        pytest.param(PSC, "2024-11-02T19:59", True, id="reg:11.2-psc-saturday-evening"),
        pytest.param(PSC, "2024-11-03T10:00", False, id="reg:11.2-psc-closed-sunday"),
        pytest.param(PSC, "2024-12-16T10:00", False, id="reg:11.2-psc-closed-holiday"),
        pytest.param(PSC, "2025-03-22T10:00", False, id="reg:11.2-psc-closed-holiday-saturday"),
        pytest.param(PSC, "2024-05-08T10:00", False, id="reg:11.2-psc-closed-moved-day-off"),
        pytest.param(PSC, "2025-01-05T10:00", True, id="reg:11.2-psc-open-working-sunday"),
        pytest.param(PORTAL, "2024-12-16T03:00", True, id="reg:11.3-portal-holiday-night"),
        pytest.param(PORTAL, "2024-11-03T23:59", True, id="reg:11.3-portal-sunday"),
    ],
)
def test_is_open(office: OfficeHours, moment: str, expected: bool) -> None:
    assert office.is_open(at(moment)) is expected


def test_psc_closed_on_extra_day_off_saturday() -> None:
    psc = OfficeHours(OfficeKind.PSC, WorkingCalendar(extra_days_off=frozenset({D(2024, 11, 2)})))
    assert not psc.is_open(at("2024-11-02T10:00"))


@pytest.mark.parametrize(
    ("office", "start", "minutes", "expected"),
    [
        pytest.param(
            AB, "2024-11-01T12:50", 20, "2024-11-01T14:10", id="reg:11.1-ab-lunch-excluded"
        ),
        pytest.param(
            AB, "2024-11-01T17:40", 60, "2024-11-04T09:40", id="annex3.4-ab-batch-over-weekend"
        ),
        pytest.param(
            AB,
            "2024-11-01T12:40:00+00:00",
            60,
            "2024-11-04T09:40",
            id="annex3.4-ab-batch-utc-input",
        ),
        pytest.param(
            AB, "2024-11-01T17:00", 60, "2024-11-01T18:00", id="reg:11.1-ab-ends-at-closing"
        ),
        pytest.param(
            AB, "2024-11-02T10:00", 60, "2024-11-04T10:00", id="reg:11.1-ab-closed-saturday"
        ),
        pytest.param(
            AB,
            "2024-12-13T17:30",
            60,
            "2024-12-17T09:30",
            id="reg:11.1-ab-over-weekend-and-holiday",
        ),
        pytest.param(AB, "2024-11-04T09:00", 480, "2024-11-04T18:00", id="reg:11.1-ab-full-day"),
        pytest.param(
            AB, "2024-11-04T09:00", 481, "2024-11-05T09:01", id="reg:11.1-ab-full-day-plus-one"
        ),
        pytest.param(
            AB,
            "2024-11-01T13:30",
            0,
            "2024-11-01T14:00",
            id="reg:11.1-ab-zero-minutes-next-open-moment",
        ),
        pytest.param(
            PSC,
            "2024-11-02T19:50",
            20,
            "2024-11-04T09:10",
            id="reg:9.2-psc-saturday-evening-to-monday",
        ),
        pytest.param(
            PSC,
            "2024-12-13T19:50",
            20,
            "2024-12-14T09:10",
            id="reg:9.2-psc-friday-evening-to-saturday",
        ),
        pytest.param(
            PSC,
            "2024-12-14T19:50",
            20,
            "2024-12-17T09:10",
            id="reg:9.2-psc-over-sunday-and-holiday",
        ),
        pytest.param(PSC, "2024-11-04T12:50", 20, "2024-11-04T13:10", id="reg:11.2-psc-no-lunch"),
        pytest.param(
            PSC, "2024-11-04T07:00", 20, "2024-11-04T09:20", id="reg:11.2-psc-before-opening"
        ),
        pytest.param(
            PORTAL,
            "2024-11-03T23:50",
            20,
            "2024-11-04T00:10",
            id="reg:11.3-portal-around-the-clock",
        ),
        pytest.param(
            PORTAL,
            "2024-02-29T23:30:00+06:00",
            60,
            "2024-02-29T23:30:00+05:00",
            id="reg:11.3-portal-absolute-minutes-across-utc+5-switch",
        ),
    ],
)
def test_add_open_time(office: OfficeHours, start: str, minutes: int, expected: str) -> None:
    result = office.add_open_time(at(start), minutes)
    # Compared in UTC: an ambiguous local time (the 2024-03-01 fold) never equals across zones.
    assert result.astimezone(dt.UTC) == at(expected).astimezone(dt.UTC)
    assert result.tzinfo is ALMATY
    assert result.isoformat() == at(expected).astimezone(ALMATY).isoformat()


def test_add_open_time_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        AB.add_open_time(at("2024-11-01T10:00"), -1)
    with pytest.raises(ValueError, match="naive"):
        AB.is_open(dt.datetime(2024, 11, 1, 10))


# --------------------------------------------------------------------------- Annex 3 steps


def test_annex3_step_deadlines() -> None:
    assert window_acceptance_due(at("2024-11-02T19:50"), CAL) == at("2024-11-04T09:10")
    assert ab_batch_acceptance_due(at("2024-11-01T17:40"), CAL) == at("2024-11-04T09:40")


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        pytest.param("2024-04-12T10:00", D(2024, 5, 10), id="annex3.5-check-holidays"),
        pytest.param("2024-10-08T10:00", D(2024, 11, 4), id="annex3.5-check-saturday"),
        pytest.param("2024-10-01T10:00", D(2024, 10, 28), id="annex3.5-check-plain-monday"),
        pytest.param(
            "2024-10-01T19:30:00+00:00", D(2024, 10, 28), id="annex3.5-check-local-date-counts"
        ),
    ],
)
def test_check_due(accepted: str, expected: dt.date) -> None:
    assert check_due(at(accepted), CAL) == expected


@pytest.mark.parametrize(
    ("step", "completed", "expected"),
    [
        pytest.param(
            signature_due,
            "2024-05-06T16:00",
            "2024-05-10T18:00",
            id="annex3.6-signature-over-holidays",
        ),
        pytest.param(
            signature_due,
            "2024-11-02T11:00",
            "2024-11-04T18:00",
            id="annex3.6-signature-from-saturday",
        ),
        pytest.param(
            registration_due,
            "2024-11-01T17:59",
            "2024-11-04T18:00",
            id="annex3.7-registration-over-weekend",
        ),
        pytest.param(
            handout_due,
            "2024-11-01T10:00",
            "2024-11-04T20:00",
            id="annex3.8-handout-saturday-not-a-working-day",
        ),
        pytest.param(
            handout_due, "2024-12-13T10:00", "2024-12-17T20:00", id="annex3.8-handout-over-holiday"
        ),
    ],
)
def test_one_working_day_steps(step: object, completed: str, expected: str) -> None:
    assert callable(step)
    assert step(at(completed), CAL) == at(expected)


@pytest.mark.parametrize(
    ("slots", "day", "expected_hours"),
    [
        pytest.param(collection_slots, D(2024, 11, 4), (10, 14, 18), id="annex3.2-weekday"),
        pytest.param(collection_slots, D(2024, 11, 2), (10, 14, 18), id="annex3.2-psc-saturday"),
        pytest.param(collection_slots, D(2024, 11, 3), (), id="annex3.2-sunday"),
        pytest.param(collection_slots, D(2024, 12, 16), (), id="annex3.2-holiday"),
        pytest.param(collection_slots, D(2025, 1, 5), (10, 14, 18), id="annex3.2-working-sunday"),
        pytest.param(dispatch_slots, D(2024, 11, 4), (12, 17), id="annex3.3-weekday"),
        pytest.param(dispatch_slots, D(2024, 11, 2), (), id="annex3.3-saturday-ab-closed"),
        pytest.param(dispatch_slots, D(2024, 12, 16), (), id="annex3.3-holiday"),
        pytest.param(dispatch_slots, D(2024, 5, 4), (12, 17), id="annex3.3-working-saturday"),
    ],
)
def test_slots(slots: object, day: dt.date, expected_hours: tuple[int, ...]) -> None:
    assert callable(slots)
    result = slots(day, CAL)
    assert result == tuple(
        dt.datetime.combine(day, dt.time(h), tzinfo=ALMATY) for h in expected_hours
    )


def test_slots_are_configurable() -> None:
    assert len(DEFAULT_COLLECTION_TIMES) == 3
    custom = (dt.time(9, 30), dt.time(16, 0))
    assert dispatch_slots(D(2024, 11, 4), CAL, custom) == (
        at("2024-11-04T09:30"),
        at("2024-11-04T16:00"),
    )
    with pytest.raises(ValueError, match="increasing"):
        collection_slots(D(2024, 11, 4), CAL, (dt.time(14), dt.time(10)))


# --------------------------------------------------------------------------- properties

_ZONES = st.sampled_from(
    [
        ALMATY,
        dt.UTC,
        dt.timezone(dt.timedelta(hours=6)),
        dt.timezone(dt.timedelta(hours=-5)),
        dt.timezone(dt.timedelta(hours=3)),
    ]
)
_MOMENTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=_ZONES
)


@st.composite
def _calendars(draw: st.DrawFn) -> WorkingCalendar:
    days = draw(st.lists(st.dates(D(2000, 1, 1), D(2031, 3, 31)), max_size=20, unique=True))
    cut = draw(st.integers(0, len(days)))
    return WorkingCalendar(frozenset(days[:cut]), frozenset(days[cut:]))


@settings(deadline=None, max_examples=300)
@given(accepted=_MOMENTS, channel=st.sampled_from(list(Channel)), calendar=_calendars())
def test_property_reg_9_1_terms(
    accepted: dt.datetime, channel: Channel, calendar: WorkingCalendar
) -> None:
    deadlines = service_deadlines(accepted, channel, calendar)
    local_day = accepted.astimezone(ALMATY).date()
    assert calendar.is_working_day(deadlines.result_due)
    assert deadlines.result_due > local_day + dt.timedelta(days=29)
    # The earliest working day on or after day 30: nothing working in between.
    day = local_day + dt.timedelta(days=30)
    while day < deadlines.result_due:
        assert not calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    if channel is Channel.PSC:
        assert deadlines.handover_due is not None
        assert deadlines.handover_due < deadlines.result_due
        assert calendar.is_working_day(deadlines.handover_due)
        day = deadlines.handover_due + dt.timedelta(days=1)
        while day < deadlines.result_due:
            assert not calendar.is_working_day(day)
            day += dt.timedelta(days=1)
    else:
        assert deadlines.handover_due is None


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from([OfficeKind.AB, OfficeKind.PSC]),
    start=st.datetimes(
        min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 12, 31), timezones=_ZONES
    ),
    first=st.integers(0, 2000),
    # Adding 0 minutes moves a moment at a closing time (13:00, 18:00) on to the next opening:
    # a count that ends exactly at closing is the one case where 0 is not neutral.
    second=st.integers(1, 2000),
)
def test_property_open_time_is_additive_and_ends_in_open_time(
    kind: OfficeKind, start: dt.datetime, first: int, second: int
) -> None:
    office = OfficeHours(kind, CAL)
    total = office.add_open_time(start, first + second)
    assert office.add_open_time(office.add_open_time(start, first), second) == total
    assert total >= start + dt.timedelta(minutes=first + second)
    if first + second:
        assert office.is_open(total - dt.timedelta(microseconds=1))
