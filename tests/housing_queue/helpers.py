"""Shared helpers of the housing-queue tests: applications accepted at given times, the
brute-force model of a list, and a check that positions are exactly 1..n in key order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.applications.services import application_submit
from kezek.housing_queue import ranking
from kezek.housing_queue.models import QueueEntry, QueueList
from kezek.housing_queue.selectors import queue_entry_position
from kezek.offices.models import District, Office
from tests.foundation.helpers import application_input

UTC = dt.UTC
T0 = dt.datetime(2024, 3, 1, 4, 0, 0, tzinfo=UTC)


def birth_date(n: int) -> dt.date:
    """A distinct birth date (so a distinct, valid IIN) for every applicant number."""
    return dt.date(1960, 1, 1) + dt.timedelta(days=n)


def accept(
    *,
    office: Office,
    actor: Any,
    n: int,
    accepted_at: dt.datetime,
    groups: tuple[str, ...] = ("large_family",),
) -> Application:
    return application_submit(
        actor=actor,
        office=office,
        channel="ab_desk",
        data=application_input(serial=1, birth_date=birth_date(n), claimed_groups=list(groups)),
        accepted_at=accepted_at,
    )


def clerk_and_desk(staff: dict[str, Any], offices: dict[str, Office]) -> tuple[Any, Office]:
    return staff[Role.AB_OFFICE_CLERK], offices["akt-ab"]


def expected_order(queue_list: QueueList) -> list[int]:
    """Brute force: the active entries sorted by their key in Python (bytes compare like memcmp)."""
    rows = QueueEntry.objects.filter(queue_list=queue_list, status="active").values_list(
        "pk", "sort_key"
    )
    return [pk for pk, _key in sorted(rows, key=lambda r: bytes(r[1]))]


def assert_exact(district: District) -> None:
    """Every list: served positions are exactly 1..n in key order, inactive ones have none."""
    for queue_list in QueueList.objects.filter(district=district):
        order = expected_order(queue_list)
        served = {
            e.pk: queue_entry_position(entry=e)
            for e in QueueEntry.objects.filter(queue_list=queue_list)
        }
        assert [served[pk] for pk in order] == list(range(1, len(order) + 1))
        assert all(p is None for pk, p in served.items() if pk not in set(order))
        assert ranking.blocks_consistent([queue_list.pk]) == []
