"""Reminders before and after a step's time limit (Annex 3, reg:22).

`reminders_send` runs daily in the worker (KEZEK_REMINDERS_AT) and by hand as `kezek remind`. It finds the files whose current
step is due within the horizon or already past its limit, e-mails the person responsible for
the step (and, when the limit is passed, the AB head, reg:22) through the outbox, and records each
reminder so that it is never sent twice for the same step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from kezek.accounts.models import Role
from kezek.accounts.models import User as UserModel
from kezek.accounts.permissions import PSC_ROLES
from kezek.applications.choices import FINAL_STATUSES
from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.models import Application
from kezek.paperwork.choices import MessageTemplate
from kezek.paperwork.models import OutboxMessage
from kezek.paperwork.services.notify import staff_notify

from .models import Reminder, Timeline
from .transitions import SYSTEM, waiting_rows

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
    """Who must act on the file in its current state: the roles it waits on in the transition
    table, PSC staff of the accepting branch, an executor's own duty for the assigned executor
    only, and a file that has reached the AB but no executor yet for every executor."""
    recipients: list[User] = []
    for row in waiting_rows(status=application.status, channel=application.channel):
        for role in sorted(row.duty_roles):
            if role == SYSTEM:
                continue
            if role == Role.AB_EXECUTOR and application.executor is not None:
                found = [application.executor]
            elif role == Role.AB_EXECUTOR and row.assigned_only:
                found = []
            else:
                found = _users(application, role, own_office=role in PSC_ROLES)
            recipients += [user for user in found if user not in recipients]
    return recipients


def _open_steps(
    *, due_before: dt.datetime, strictly: bool = False
) -> Iterator[tuple[Timeline, Application, dt.datetime]]:
    """The files whose current step is due by ``due_before`` (before it, when ``strictly``),
    soonest first, with the step's limit."""
    due = {"step_due_at__lt" if strictly else "step_due_at__lte": due_before}
    timelines = (
        Timeline.objects.filter(finished_at__isnull=True, step_due_at__isnull=False, **due)
        .exclude(application__status__in=FINAL_STATUSES)
        .select_related("application", "application__executor")
        .order_by("step_due_at", "pk")
    )
    for timeline in timelines:
        application = timeline.application
        if application.status != timeline.step_status or timeline.step_due_at is None:
            continue  # moved on since; its new step has its own timeline values
        yield timeline, application, timeline.step_due_at


def _told_of(application: Application, *, overdue: bool) -> list[User]:
    """Who is told of a step: those responsible, and the AB head once it is overdue (reg:22)."""
    recipients = responsible_for(application)
    if overdue:
        recipients += [u for u in _users(application, Role.AB_HEAD) if u not in recipients]
    return recipients


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
                "(clause 22 of the Regulation). Open it at /office/files/%(id)s/."
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
    for timeline, application, due in _open_steps(due_before=now + horizon):
        kind = Reminder.Kind.OVERDUE if due < now else Reminder.Kind.NEARING
        for user in _told_of(application, overdue=kind == Reminder.Kind.OVERDUE):
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
                        defaults={"due_at": due},
                    )
                    if created:
                        staff_notify(
                            users=[user],
                            template=MessageTemplate.STAFF_REMINDER,
                            district_id=application.district_id,
                            application=application,
                            email=partial(_message, application, kind, due),
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


@dataclass
class OverdueDigestReport:
    files: int = 0  # files past their step's limit
    told: int = 0  # staff members e-mailed today
    already_told: int = 0  # e-mailed earlier today (the job run again)


def _overdue_lines(applications: list[tuple[Application, dt.datetime]]) -> tuple[str, str]:
    lines = [
        gettext("%(number)s, step “%(step)s”, limit %(due)s: /office/files/%(id)s/")
        % {
            "number": application.request_number,
            "step": S(application.status).label,
            "due": timezone.localtime(due).strftime("%d.%m.%Y %H:%M"),
            "id": application.pk,
        }
        for application, due in applications
    ]
    subject = gettext("Overdue files: %(count)s") % {"count": len(lines)}
    body = gettext(
        "These files wait for you past their step's time limit (clause 22 of the Regulation):"
    )
    return subject, body + "\n" + "\n".join(lines)


def overdue_digest_send(*, now: dt.datetime | None = None) -> OverdueDigestReport:
    """Once a day, one e-mail to each staff member: every file waiting for them past its step's
    limit; the AB head receives the whole district's list (reg:22). Unlike the reminders, it
    repeats daily while a file stays overdue."""
    now = now or timezone.now()
    day_start = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    report = OverdueDigestReport()
    told_today = set(
        OutboxMessage.objects.filter(
            template=MessageTemplate.STAFF_OVERDUE_DIGEST, created_at__gte=day_start
        ).values_list("recipient", flat=True)
    )
    waiting: dict[int, tuple[User, list[tuple[Application, dt.datetime]]]] = {}
    for _timeline, application, due in _open_steps(due_before=now, strictly=True):
        report.files += 1
        for user in _told_of(application, overdue=True):
            waiting.setdefault(user.pk, (user, []))[1].append((application, due))
    for user, files in waiting.values():
        if not user.email:
            continue
        if user.email in told_today:
            report.already_told += 1
            continue
        with transaction.atomic():
            staff_notify(
                users=[user],
                template=MessageTemplate.STAFF_OVERDUE_DIGEST,
                district_id=files[0][0].district_id,
                email=partial(_overdue_lines, files),
            )
        report.told += 1
    return report
