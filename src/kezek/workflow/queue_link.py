"""The workflow's use of the housing queue (kezek.housing_queue), in one place.

The queue is kept by kezek.housing_queue; the workflow only enters a family when the head signs
a registration notice (reg:5) and reads the positions the notice states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kezek.housing_queue.choices import EntryStatus
from kezek.housing_queue.models import QueueEntry
from kezek.housing_queue.selectors import queue_positions_for_application
from kezek.housing_queue.services.registration import queue_entries_register

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application


def register(*, actor: User, application: Application, lists: Sequence[str]) -> None:

    queue_entries_register(actor=actor, application=application, lists=list(lists))


def positions(*, application: Application) -> list[tuple[str, int]]:
    """[(list_code, position), ...] of the application's active entries."""

    return [
        (code, position)
        for code, position in queue_positions_for_application(application=application)
    ]


def active_entries(
    *, iin: str, district_id: int, lists: set[str]
) -> list[tuple[str, str, dt.datetime]]:
    """(list_code, request_number, accepted_at) of the person's active entries on `lists` in the
    district: registered through the workflow or imported from the paper register."""

    rows = (
        QueueEntry.objects.filter(
            iin=iin,
            status=EntryStatus.ACTIVE,
            queue_list__district_id=district_id,
            queue_list__code__in=sorted(lists),
        )
        .order_by("accepted_at")
        .values_list("queue_list__code", "request_number", "accepted_at")
    )
    return list(rows)
