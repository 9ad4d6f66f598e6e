"""Background tasks of the workflow, run by `kezek worker` (ADR 0011)."""

from __future__ import annotations

from django_tasks import task

from .reminders import overdue_digest_send, reminders_send


@task()
def reminders_task() -> dict[str, int]:
    """The daily reminders of steps due within a day or past their limit (Annex 3, reg:22)."""
    report = reminders_send()
    return {"nearing": report.nearing, "overdue": report.overdue, "files": len(report.files)}


@task()
def overdue_digest_task() -> dict[str, int]:
    """The daily e-mail to staff of the files waiting for them past their limit (reg:22)."""
    report = overdue_digest_send()
    return {"files": report.files, "told": report.told, "already_told": report.already_told}
