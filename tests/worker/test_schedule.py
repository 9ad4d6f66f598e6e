"""Periodic jobs: when each is due, and that many workers enqueue it once per period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kezek.core.calendar import ALMATY
from kezek.worker.models import PeriodicRun
from kezek.worker.schedule import ScheduleError, period_of, schedule_check
from kezek.worker.scheduler import tick


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def test_a_daily_job_is_due_from_its_time_until_midnight() -> None:
    spec = {"task": "x", "daily_at": "08:30"}
    assert period_of("r", spec, at(3, 8, 29)) is None
    assert period_of("r", spec, at(3, 8, 30)) == "2026-12-03"
    assert period_of("r", spec, at(3, 23, 59)) == "2026-12-03"  # a worker down at 08:30 catches up
    assert period_of("r", spec, at(4, 0, 1)) is None


def test_a_monthly_job_is_due_from_its_day_and_time() -> None:
    spec = {"task": "x", "monthly_day": 1, "at": "06:00"}
    assert period_of("p", spec, at(1, 5, 59)) is None
    assert period_of("p", spec, at(1, 6, 0)) == "2026-12"
    assert period_of("p", spec, at(28, 12)) == "2026-12"
    assert period_of("p", spec, at(1, 7, month=1).replace(year=2027)) == "2027-01"


def test_a_frequent_job_has_one_period_per_slot() -> None:
    spec = {"task": "x", "every_seconds": 60}
    first = period_of("s", spec, at(3, 10, 0))
    assert period_of("s", spec, at(3, 10, 0) + dt.timedelta(seconds=59)) == first
    assert period_of("s", spec, at(3, 10, 1)) != first


@pytest.mark.parametrize(
    "spec",
    [
        {"task": "x"},
        {"task": "x", "every_seconds": 0},
        {"task": "x", "daily_at": "8.30"},
        {"task": "x", "daily_at": "25:00"},
        {"task": "x", "monthly_day": 31},
        {"every_seconds": 60},
    ],
)
def test_a_wrong_schedule_is_refused_with_the_jobs_name(spec) -> None:
    with pytest.raises(ScheduleError, match=r"^job-a: "):
        schedule_check("job-a", spec)


@pytest.mark.django_db
def test_each_job_is_enqueued_once_per_period_however_often_workers_tick(settings) -> None:
    settings.KEZEK_PERIODIC_TASKS = {
        "sweep": {"task": "kezek.paperwork.tasks.outbox_sweep_task", "every_seconds": 60},
        "reminders": {"task": "kezek.workflow.tasks.reminders_task", "daily_at": "08:30"},
    }
    morning = at(3, 9, 0)
    assert sorted(tick(now=morning)) == ["reminders", "sweep"]
    assert tick(now=morning + dt.timedelta(seconds=1)) == []  # a second worker, same moment
    assert tick(now=morning + dt.timedelta(minutes=1)) == ["sweep"]
    assert tick(now=at(4, 8, 0)) == ["sweep"]  # before the day's time
    assert sorted(tick(now=at(4, 8, 31))) == ["reminders", "sweep"]
    runs = PeriodicRun.objects.filter(job="reminders").order_by("period")
    assert [r.period for r in runs] == ["2026-12-03", "2026-12-04"]
    assert all(r.task_id for r in runs)


@pytest.mark.django_db
def test_the_default_jobs_are_valid_and_run(settings) -> None:
    started = tick(now=timezone.now().replace(hour=23))
    assert set(started) >= {"outbox-sweep", "documents-sweep"}


@pytest.mark.django_db
def test_finished_tasks_are_pruned_after_two_weeks(settings) -> None:
    from django_tasks_db.models import DBTaskResult

    from kezek.worker.tasks import task_results_prune_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old = task_results_prune_task.enqueue()
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=15)
    )
    fresh = task_results_prune_task.enqueue()
    task_results_prune_task.call()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [
        DBTaskResult.objects.get(pk=fresh.id).pk
    ]


@pytest.mark.django_db
def test_a_monthly_run_whose_worker_died_or_that_failed_runs_again_a_few_times(settings) -> None:
    """The worker is SIGKILLed during the digest: its task stays "running" for ever, the
    month's row is taken. After KEZEK_PERIODIC_STALE_SECONDS a worker enqueues the job again;
    a failed run is retried after 5, then 10 minutes; after KEZEK_PERIODIC_ATTEMPTS runs it
    waits for an operator."""
    from django_tasks_db.models import DBTaskResult

    from kezek.worker.scheduler import periodic_runs_recover

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KEZEK_PERIODIC_TASKS = {
        "digest": {
            "task": "kezek.housing_queue.tasks.queue_digest_task",
            "monthly_day": 1,
            "at": "10:00",
        },
    }
    settings.KEZEK_PERIODIC_STALE_SECONDS = 6 * 3600
    settings.KEZEK_PERIODIC_ATTEMPTS = 3
    start = at(1, 10, 0)
    assert tick(now=start) == ["digest"]
    run = PeriodicRun.objects.get()
    DBTaskResult.objects.filter(pk=run.task_id).update(
        status="RUNNING", started_at=start, worker_ids=["worker-a"]
    )

    def recover(when: dt.datetime) -> list[str]:
        return periodic_runs_recover(now=when, force=True)

    assert recover(start + dt.timedelta(hours=5)) == []  # a long run is not a lost one
    assert recover(start + dt.timedelta(hours=6, minutes=1)) == ["digest"]
    lost = DBTaskResult.objects.get(pk=run.task_id)
    assert (lost.status, lost.exception_class_path) == ("FAILED", "kezek.worker.WorkerLost")
    run.refresh_from_db()
    assert run.attempts == 2
    second = DBTaskResult.objects.get(pk=run.task_id)
    assert second.status == "READY"  # for the next free worker, same period

    failed_at = start + dt.timedelta(hours=7)
    DBTaskResult.objects.filter(pk=second.pk).update(status="FAILED", finished_at=failed_at)
    assert recover(failed_at + dt.timedelta(minutes=9)) == []  # the second retry waits 10 minutes
    assert recover(failed_at + dt.timedelta(minutes=10)) == ["digest"]
    run.refresh_from_db()
    assert run.attempts == 3
    DBTaskResult.objects.filter(pk=run.task_id).update(status="FAILED", finished_at=failed_at)
    assert recover(failed_at + dt.timedelta(days=1)) == []  # the attempts are spent
    assert DBTaskResult.objects.count() == 3
    assert PeriodicRun.objects.count() == 1


@pytest.mark.django_db
def test_a_finished_or_waiting_run_is_left_alone(settings) -> None:
    from django_tasks_db.models import DBTaskResult

    from kezek.worker.scheduler import periodic_runs_recover

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KEZEK_PERIODIC_TASKS = {
        "reminders": {"task": "kezek.workflow.tasks.reminders_task", "daily_at": "08:30"},
        "sweep": {"task": "kezek.paperwork.tasks.outbox_sweep_task", "every_seconds": 60},
    }
    morning = at(3, 9, 0)
    tick(now=morning)
    later = morning + dt.timedelta(days=0, hours=10)
    assert periodic_runs_recover(now=later, force=True) == []  # still waiting for a worker
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=morning)
    assert periodic_runs_recover(now=later, force=True) == []
    DBTaskResult.objects.update(status="FAILED", finished_at=morning)
    # The frequent job is not recovered (its next slot runs it); yesterday's run is not either.
    assert periodic_runs_recover(now=later, force=True) == ["reminders"]
    assert periodic_runs_recover(now=at(4, 9, 0), force=True) == []
