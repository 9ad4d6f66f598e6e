"""The limit of each step of a file (Annex 3), from kezek.core.calendar.

Readings adopted (stated here and in the file view):
- Collection (action 2, "3 times a working day") and dispatch (action 3, "at least twice a
  working day") are frequencies: a step is due at the next collection / dispatch time after it
  started (the defaults of kezek.core.calendar).
- The AB's acceptance of a batch (action 4): 1 hour of AB open time from the dispatch.
- The check (action 5): 25 calendar days from the AB's acceptance (for the AB desk and the
  portal, from the acceptance of the application), due at the AB's closing time that day.
  The request for a missing page does not stop the clock: the term of reg:9 runs on.
- Signature (6) and registration (7): the end of the next working day. For a PSC file the
  registration is also due by the handover date of reg:9.1 (whichever comes first).
- Handing out (8, reg:18): 1 working day after the result reaches the PSC (or is registered
  at the AB desk), but never before the date the receipt states: the applicant comes then.
- The portal's delivery to the personal cabinet is immediate: no limit of its own.
"""

from __future__ import annotations

import datetime as dt

from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.choices import Channel
from kezek.core.calendar import (
    OfficeHours,
    OfficeKind,
    WorkingCalendar,
    ab_batch_acceptance_due,
    check_due,
    collection_slots,
    dispatch_slots,
    handout_due,
    local_date,
    registration_due,
    signature_due,
)

_SLOT_SCAN_DAYS = 31


def _next_slot(started: dt.datetime, calendar: WorkingCalendar, *, dispatch: bool) -> dt.datetime:
    day = local_date(started)
    for _ in range(_SLOT_SCAN_DAYS):
        slots = dispatch_slots(day, calendar) if dispatch else collection_slots(day, calendar)
        for slot in slots:
            if slot > started:
                return slot
        day += dt.timedelta(days=1)
    # A month without a working day: only an administrator's error can cause it.
    raise ValueError(f"no collection or dispatch time within {_SLOT_SCAN_DAYS} days")


def _closing(day: dt.date, kind: OfficeKind, calendar: WorkingCalendar) -> dt.datetime:
    return OfficeHours(kind, calendar).closing_time(day)


def step_due(
    *,
    status: str,
    channel: str,
    started: dt.datetime,
    calendar: WorkingCalendar,
    ab_accepted: dt.datetime | None,
    result_due: dt.date,
    handover_due: dt.date | None,
) -> dt.datetime | None:
    """When the step the file has just entered must be done; None when it has no limit."""
    if status == S.ACCEPTED:
        if channel == Channel.PSC:
            return _next_slot(started, calendar, dispatch=False)
        return _closing(check_due(ab_accepted or started, calendar), OfficeKind.AB, calendar)
    if status == S.COLLECTED:
        return _next_slot(started, calendar, dispatch=True)
    if status == S.DISPATCHED:
        return ab_batch_acceptance_due(started, calendar)
    if status in (S.UNDER_CHECK, S.DOCUMENTS_REQUESTED):
        return _closing(check_due(ab_accepted or started, calendar), OfficeKind.AB, calendar)
    if status == S.AWAITING_SIGNATURE:
        return signature_due(started, calendar)
    if status == S.SIGNED:
        due = registration_due(started, calendar)
        if handover_due is not None:
            due = min(due, _closing(handover_due, OfficeKind.AB, calendar))
        return due
    if status == S.RESULT_REGISTERED and channel == Channel.PSC:
        return handout_due(started, calendar)
    if status == S.RESULT_AT_PSC:
        day = calendar.next_working_day_on_or_after(result_due)
        return max(handout_due(started, calendar), _closing(day, OfficeKind.PSC, calendar))
    if status == S.RESULT_REGISTERED and channel == Channel.AB_DESK:
        next_day = calendar.add_working_days(local_date(started), 1)
        day = max(next_day, calendar.next_working_day_on_or_after(result_due))
        return _closing(day, OfficeKind.AB, calendar)
    return None
