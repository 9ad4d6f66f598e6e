"""When periodic jobs are due: pure functions of a job's schedule and the local time.

A schedule is one of
- ``{"every_seconds": N}``: one run per slot of N seconds;
- ``{"daily_at": "HH:MM"}``: one run a day, at or after that local time;
- ``{"monthly_day": D, "at": "HH:MM"}``: one run a month, at or after day D at that time.

`period_of` names the period a run at `now` belongs to, or None before the day's (month's) time:
a worker that was down at 08:30 and starts at 10:00 still runs the day's job, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


class ScheduleError(ValueError):
    """A job's schedule in KEZEK_PERIODIC_TASKS is not one of the three forms."""


def _clock(text: str, job: str) -> dt.time:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return dt.time(hours, minutes)
    except (ValueError, TypeError) as exc:
        raise ScheduleError(f"{job}: the time must be HH:MM, not {text!r}") from exc


def schedule_check(job: str, spec: Mapping[str, Any]) -> None:
    """Refuse a schedule that is none of the three forms (at start, not at 08:30)."""
    if "every_seconds" in spec:
        if not isinstance(spec["every_seconds"], int) or spec["every_seconds"] < 1:
            raise ScheduleError(f"{job}: every_seconds must be a whole number of seconds >= 1")
    elif "daily_at" in spec:
        _clock(spec["daily_at"], job)
    elif "monthly_day" in spec:
        day = spec["monthly_day"]
        if not isinstance(day, int) or not 1 <= day <= 28:
            raise ScheduleError(f"{job}: monthly_day must be 1 to 28 (every month has it)")
        _clock(spec.get("at", "00:00"), job)
    else:
        raise ScheduleError(f"{job}: give every_seconds, daily_at or monthly_day")
    if not isinstance(spec.get("task"), str):
        raise ScheduleError(f"{job}: task must be the dotted path of a task")


def period_of(job: str, spec: Mapping[str, Any], local_now: dt.datetime) -> str | None:
    """The period a run at `local_now` (aware, local time) is for, or None when not yet due."""
    if "every_seconds" in spec:
        return str(int(local_now.timestamp()) // int(spec["every_seconds"]))
    if "daily_at" in spec:
        if local_now.time() < _clock(spec["daily_at"], job):
            return None
        return local_now.date().isoformat()
    at = _clock(spec.get("at", "00:00"), job)
    if (local_now.day, local_now.time()) < (int(spec["monthly_day"]), at):
        return None
    return f"{local_now.year:04d}-{local_now.month:02d}"
