"""Reminders before and after a step's time limit (Annex 3, reg:22).

`reminders_send` is what `kezek remind` runs (from cron, every few minutes: the embedded default
needs no broker; a job runner can call the same function). It finds the files whose current
step is due within the horizon or already past its limit, e-mails the person responsible for
the step (and, when the limit is passed, the AB head, reg:22) after commit, and records each
reminder so that it is never sent twice for the same step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from kezek.accounts.models import Role
from kezek.accounts.models import User as UserModel
from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.choices import Channel
from kezek.applications.models import Application

from .models import Reminder, Timeline
from .services import notify_after_commit
from .transitions import FINAL_STATUSES

if TYPE_CHECKING:
    from kezek.accounts.models import User

DEFAULT_HORIZON = dt.timedelta(hours=24)


def _users(application: Application, *roles: str, own_office: bool = False) -> list[User]:
    qs = UserModel.objects.filter(
        is_active=True, role__in=roles, office__district_id=application.district_id
    )
    if own_office:
        qs = qs.filter(office_id=application.accepted_office_id)
    return list(qs.order_by("pk"))


def responsible_for(application: Application) -> list[User]:
    """Who must act on the file in its current state (the workqueues' owners)."""
    status, channel = application.status, application.channel
    executor = [application.executor] if application.executor is not None else []
    if status in (S.ACCEPTED, S.COLLECTED) and channel == Channel.PSC:
        return _users(application, Role.PSC_BACK_OFFICE, own_office=True)
    if status == S.DISPATCHED or status == S.ACCEPTED:
        return executor or _users(application, Role.AB_EXECUTOR)
    if status == S.UNDER_CHECK:
        return executor
    if status == S.DOCUMENTS_REQUESTED:
        if channel == Channel.PSC:
            return _users(application, Role.PSC_INSPECTOR, own_office=True)
        if channel == Channel.AB_DESK:
            return _users(application, Role.AB_OFFICE_CLERK)
        return executor
    if status == S.AWAITING_SIGNATURE:
        return _users(application, Role.AB_HEAD)
    if status == S.SIGNED:
        return executor + _users(application, Role.AB_OFFICE_CLERK)
    if status == S.RESULT_REGISTERED and channel == Channel.PSC:
        return _users(application, Role.PSC_INSPECTOR, Role.PSC_BACK_OFFICE, own_office=True)
    if status == S.RESULT_REGISTERED and channel == Channel.AB_DESK:
        return _users(application, Role.AB_OFFICE_CLERK)
    if status == S.RESULT_AT_PSC:
        return _users(application, Role.PSC_INSPECTOR, own_office=True)
    return []


@dataclass
class ReminderReport:
    nearing: int = 0
    overdue: int = 0
    files: set[int] = field(default_factory=set)
    without_email: set[str] = field(default_factory=set)

    @property
    def sent(self) -> int:
        return self.nearing + self.overdue


def _message(application: Application, kind: str, due: dt.datetime) -> tuple[str, str]:
    number = application.request_number
    step = str(S(application.status).label)
    when = timezone.localtime(due).strftime("%d.%m.%Y %H:%M")
    if kind == Reminder.Kind.OVERDUE:
        return (
            gettext("Overdue: file %(number)s") % {"number": number},
            gettext(
                "File %(number)s, step “%(step)s”: the time limit passed at %(due)s "
                "(reg:22). Open it at /office/files/%(id)s/."
            )
            % {"number": number, "step": step, "due": when, "id": application.pk},
        )
    return (
        gettext("Due soon: file %(number)s") % {"number": number},
        gettext(
            "File %(number)s, step “%(step)s”: the time limit is %(due)s. "
            "Open it at /office/files/%(id)s/."
        )
        % {"number": number, "step": step, "due": when, "id": application.pk},
    )


def reminders_send(
    *, now: dt.datetime | None = None, horizon: dt.timedelta = DEFAULT_HORIZON
) -> ReminderReport:
    """Send the reminders due now; each (step, kind, recipient) once."""
    now = now or timezone.now()
    report = ReminderReport()
    timelines = (
        Timeline.objects.filter(
            finished_at__isnull=True,
            step_due_at__isnull=False,
            step_due_at__lte=now + horizon,
        )
        .exclude(application__status__in=FINAL_STATUSES)
        .select_related("application", "application__executor")
        .order_by("step_due_at", "pk")
    )
    for timeline in timelines:
        application = timeline.application
        if application.status != timeline.step_status:
            continue  # moved on since; its new step has its own timeline values
        assert timeline.step_due_at is not None
        kind = Reminder.Kind.OVERDUE if timeline.step_due_at < now else Reminder.Kind.NEARING
        recipients = responsible_for(application)
        if kind == Reminder.Kind.OVERDUE:
            recipients += [u for u in _users(application, Role.AB_HEAD) if u not in recipients]
        for user in recipients:
            if not user.email:
                report.without_email.add(user.username)
                continue
            try:
                with transaction.atomic():
                    _reminder, created = Reminder.objects.get_or_create(
                        application=application,
                        step_status=timeline.step_status,
                        step_started_at=timeline.step_started_at,
                        kind=kind,
                        recipient=user,
                        defaults={"due_at": timeline.step_due_at},
                    )
                    if created:
                        due = timeline.step_due_at
                        notify_after_commit(
                            [(user.email, user.preferred_language or "kk")],
                            lambda _lang, a=application, k=kind, d=due: _message(a, k, d),
                        )
            except IntegrityError:
                created = False  # a concurrent run recorded it first: not sent twice
            if created:
                report.files.add(application.pk)
                if kind == Reminder.Kind.OVERDUE:
                    report.overdue += 1
                else:
                    report.nearing += 1
    return report
