"""The periodic runs already started: one row per job and period, so that of many workers on
many machines exactly one enqueues a job's run for a period (the row's uniqueness decides)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    job = models.CharField(_("job"), max_length=60)
    # The period the run is for: "2026-12-03" (daily), "2026-12" (monthly), a slot number.
    period = models.CharField(_("period"), max_length=40)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    # Runs of the period so far: a daily or monthly run that failed or whose worker died is
    # enqueued again (scheduler.periodic_runs_recover), up to KEZEK_PERIODIC_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="worker_one_run_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
