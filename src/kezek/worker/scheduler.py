"""Enqueue the periodic jobs that are due (KEZEK_PERIODIC_TASKS). Every worker calls `tick`
between tasks; the PeriodicRun row of a (job, period) is written by one of them only, and that
one enqueues the run. So any number of workers on any number of machines run each job once
per period, and a job missed while all workers were down runs when the first comes back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun
from .schedule import period_of, schedule_check

logger = logging.getLogger(__name__)

#: Rows of frequent jobs are kept this long (the record of what ran), then pruned.
KEEP_RUNS = dt.timedelta(days=35)


def periodic_jobs() -> dict[str, dict[str, Any]]:
    configured: Any = settings.KEZEK_PERIODIC_TASKS
    jobs: dict[str, dict[str, Any]] = {job: dict(spec) for job, spec in configured.items()}
    for job, spec in jobs.items():
        schedule_check(job, spec)
    return jobs


def tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job due now that no worker has enqueued for its period; return them."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    started = []
    for job, spec in periodic_jobs().items():
        period = period_of(job, spec, local_now)
        if period is None:
            continue
        if PeriodicRun.objects.filter(job=job, period=period).exists():
            continue  # the cheap check; the unique row below is the one that decides
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job, period=period)
                result = import_string(spec["task"]).enqueue()
                run.task_id = str(result.id)[:64]
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker took this period
        logger.info("periodic job %s for %s enqueued", job, period)
        started.append(job)
    if started:
        PeriodicRun.objects.filter(enqueued_at__lt=now - KEEP_RUNS).delete()
    return started
