"""Background tasks of the housing queue, run by `kezek worker` (ADR 0011)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .publication import previous_month, queue_lists_publish_month
from .services.notifications import queue_digest_send


@task()
def queue_digest_task() -> dict[str, int]:
    """The monthly digest of changed places, since the first day of the month before."""
    first, _last = previous_month(timezone.localdate())
    report = queue_digest_send(since=first)
    return {"families": report.families, "told": report.told, "already_told": report.already_told}


@task()
def queue_lists_publish_task() -> dict[str, int]:
    """The monthly publication: every list as it stood at the end of the month before."""
    _first, last = previous_month(timezone.localdate())
    return queue_lists_publish_month(as_of=last)
