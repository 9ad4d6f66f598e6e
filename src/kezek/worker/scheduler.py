"""Enqueue the periodic jobs that are due (KEZEK_PERIODIC_TASKS). Every worker calls `tick`
between tasks; the PeriodicRun row of a (job, period) is written by one of them only, and that
one enqueues the run. So any number of workers on any number of machines run each job once
per period, and a job missed while all workers were down runs when the first comes back.

A daily or monthly run whose task failed, or whose worker died mid-run (the task stays
"running" for ever), is enqueued again for the same period by `periodic_runs_recover`: the
jobs repeat nothing they have done (each file published once, each family told once a month).
Frequent jobs need no recovery: the next slot runs them anyway.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks.base import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

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
    return started + periodic_runs_recover(now=now)


#: The first retry of a failed daily or monthly run waits this long, each next one twice as long.
FIRST_RETRY = dt.timedelta(minutes=5)
#: A worker looks for lost runs at most this often (two queries; `tick` runs every second).
RECOVERY_INTERVAL = dt.timedelta(minutes=1)
_last_recovery: dict[str, dt.datetime] = {}


def _lost(task: DBTaskResult[Any, Any] | None, run: PeriodicRun, now: dt.datetime) -> str:
    """Why the run's task must run again, or "" while it is waiting, running or done."""
    if task is None:
        return ""  # pruned after it finished, or run by a backend other than the database
    if task.status == TaskResultStatus.FAILED:
        retry_at = (task.finished_at or now) + FIRST_RETRY * 2 ** (run.attempts - 1)
        return "failed" if now >= retry_at else ""
    stale = dt.timedelta(seconds=settings.KEZEK_PERIODIC_STALE_SECONDS)
    started = task.started_at or task.enqueued_at
    if task.status == TaskResultStatus.RUNNING and started < now - stale:
        return "worker lost"
    return ""


def periodic_runs_recover(*, now: dt.datetime, force: bool = False) -> list[str]:
    """Enqueue again the day's (month's) runs that failed or were lost; return their jobs."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return []  # tests that run tasks at once: nothing is ever lost
    last = _last_recovery.get("at")
    if not force and last is not None and abs(now - last) < RECOVERY_INTERVAL:
        return []
    _last_recovery["at"] = now
    local_now = timezone.localtime(now)
    jobs = periodic_jobs()
    current = {
        job: period
        for job, spec in jobs.items()
        if "every_seconds" not in spec and (period := period_of(job, spec, local_now))
    }
    runs = [
        run
        for run in PeriodicRun.objects.filter(
            job__in=current, attempts__lt=settings.KEZEK_PERIODIC_ATTEMPTS
        ).exclude(task_id="")
        if current[run.job] == run.period
    ]
    if not runs:
        return []
    tasks = {
        str(pk): task
        for pk, task in DBTaskResult.objects.in_bulk([run.task_id for run in runs]).items()
    }
    recovered = []
    for run in runs:
        if not _lost(tasks.get(run.task_id), run, now):
            continue
        with transaction.atomic():
            # One worker re-enqueues: the row is locked and checked again (PostgreSQL).
            locked = PeriodicRun.objects.select_for_update().get(pk=run.pk)
            task = DBTaskResult.objects.filter(pk=locked.task_id).first()
            why = _lost(task, locked, now)
            if not why:
                continue
            if task is not None and task.status == TaskResultStatus.RUNNING:
                DBTaskResult.objects.filter(pk=task.pk).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="kezek.worker.WorkerLost",
                    traceback=f"the worker {task.worker_ids[-1:]} stopped during the run",
                )
            result = import_string(jobs[run.job]["task"]).enqueue()
            locked.task_id = str(result.id)[:64]
            locked.attempts += 1
            locked.save(update_fields=["task_id", "attempts"])
        logger.warning(
            "periodic job %s for %s enqueued again (%s; attempt %d of %d)",
            run.job,
            run.period,
            why,
            locked.attempts,
            settings.KEZEK_PERIODIC_ATTEMPTS,
        )
        recovered.append(run.job)
    return recovered
