"""The immutable sort key of a queue entry: pure Python, no Django.

Order within a list (reg:6; Law «On housing relations» art. 74 p. 1): the priority class first
(an out-of-turn class configured by a later rule version sorts before the general class), then
the time the complete documents were accepted, to the second, then the request number.

The key is one byte string so that the database compares it the same way on SQLite (BLOB,
memcmp) and PostgreSQL (bytea, memcmp), whatever the collation, and so that Python compares
it exactly as the database does (the tests' brute-force model relies on that).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct

# Lower sorts first; the general class of the default rule version has no priority.
GENERAL_PRIORITY_RANK = 1000
_BASE = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_BASE_OFFSET = -int(_BASE.timestamp())  # seconds from 1900-01-01 to the Unix epoch
_DIGIT_RUNS = re.compile(r"[0-9]+")


def truncate_to_second(moment: dt.datetime) -> dt.datetime:
    """The queue counts acceptance time to the second (the receipt shows no finer time)."""
    if moment.tzinfo is None:
        raise ValueError("accepted_at must be timezone-aware")
    return moment.replace(microsecond=0)


def _digits(match: re.Match[str]) -> str:
    value = match.group().lstrip("0") or "0"
    return f"{len(value):03d}{value}"


def natural_key(request_number: str) -> bytes:
    """Request numbers compare as people read them: AKT-2026-9 before AKT-2026-10.

    Letters compare case-insensitively; every digit run compares by value (its length first).
    """
    return _DIGIT_RUNS.sub(_digits, request_number.upper()).encode("utf-8")


def sort_key(*, priority_rank: int, accepted_at: dt.datetime, request_number: str) -> bytes:
    """(priority rank, accepted_at to the second, natural request number, raw request number)."""
    if not 0 <= priority_rank <= 0xFFFF:
        raise ValueError("priority rank out of range")
    if accepted_at.tzinfo is None:
        raise ValueError("accepted_at must be timezone-aware")
    seconds = math.floor(accepted_at.timestamp()) + _BASE_OFFSET  # to the second
    if seconds < 0:
        raise ValueError("accepted_at before 1900")
    # The raw number after a NUL separator makes the key unique when two numbers read alike.
    return (
        struct.pack(">HQ", priority_rank, seconds)
        + natural_key(request_number)
        + b"\x00"
        + request_number.encode("utf-8")
    )
