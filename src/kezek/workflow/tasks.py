"""Background tasks of the workflow, run by `kezek worker` (ADR 0011)."""

from __future__ import annotations

from django_tasks import task

from .reminders import reminders_send


@task()
def reminders_task() -> dict[str, int]:
    """The daily reminders of steps due within a day or past their limit (Annex 3, reg:22)."""
    report = reminders_send()
    return {"nearing": report.nearing, "overdue": report.overdue, "files": len(report.files)}
