"""The worker's own periodic job: keep the task table small."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tasks import task

#: Finished tasks are kept this long for inspection in the admin; the rows that matter (the
#: outbox, the document orders) are kept for good in their own tables.
KEEP_FINISHED_TASK_DAYS = 14


@task()
def task_results_prune_task() -> str:
    out = StringIO()
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=KEEP_FINISHED_TASK_DAYS,
        failed_min_age_days=90,
        stdout=out,
    )
    return out.getvalue().strip()[:200]
