"""Files in scope: search, workqueues (from the transition table), time limits, the overdue list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from kezek.accounts.models import Role
from kezek.applications.access import applications_in_scope
from kezek.applications.choices import FINAL_STATUSES
from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.models import Application
from kezek.audit.models import AuditRecord
from kezek.audit.selectors import audit_trail_for
from kezek.core.calendar import ALMATY, local_date, service_deadlines
from kezek.reference.selectors import working_calendar

from ..models import DispatchRegistry
from ..transitions import duties_of

if TYPE_CHECKING:
    from kezek.accounts.models import User


from typing import TYPE_CHECKING

from kezek.accounts.models import User as UserModel

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.audit.models import AuditRecord


BEFORE_HANDOVER = (
    S.ACCEPTED,
    S.COLLECTED,
    S.DISPATCHED,
    S.UNDER_CHECK,
    S.DOCUMENTS_REQUESTED,
    S.AWAITING_SIGNATURE,
    S.SIGNED,
)


@dataclass(frozen=True)
class FileDeadlines:
    result_due: dt.date | None
    handover_due: dt.date | None
    step_due_at: dt.datetime | None
    step_overdue: bool
    term_overdue: bool
    handover_overdue: bool
    time_left: dt.timedelta | None
    finished: bool

    @property
    def overdue(self) -> bool:
        return self.step_overdue or self.term_overdue or self.handover_overdue


def deadlines_for(*, application: Application, now: dt.datetime | None = None) -> FileDeadlines:
    now = now or timezone.now()
    today = local_date(now)
    finished = application.status in FINAL_STATUSES
    timeline = getattr(application, "timeline", None)
    if timeline is None:
        # Accepted outside the workflow (e.g. imported): the term of reg:9.1 still holds; the
        # step limit starts with the file's first transition.
        term = service_deadlines(application.accepted_at, application.channel, working_calendar())
        return FileDeadlines(
            result_due=term.result_due,
            handover_due=term.handover_due,
            step_due_at=None,
            step_overdue=False,
            term_overdue=not finished and term.result_due < today,
            handover_overdue=bool(
                term.handover_due
                and application.status in BEFORE_HANDOVER
                and term.handover_due < today
            ),
            time_left=None,
            finished=finished,
        )
    step_due = None if finished else timeline.step_due_at
    return FileDeadlines(
        result_due=timeline.result_due,
        handover_due=timeline.handover_due,
        step_due_at=step_due.astimezone(ALMATY) if step_due else None,
        step_overdue=bool(step_due and step_due < now),
        term_overdue=not finished and timeline.result_due < today,
        handover_overdue=bool(
            timeline.handover_due
            and application.status in BEFORE_HANDOVER
            and timeline.handover_due < today
        ),
        time_left=(step_due - now) if step_due else None,
        finished=finished,
    )


def overdue_q(now: dt.datetime | None = None) -> Q:
    """Files past a limit: the step's, the term of reg:9.1, or the PSC handover date."""
    now = now or timezone.now()
    today = local_date(now)
    active = ~Q(status__in=FINAL_STATUSES)
    return active & (
        Q(timeline__step_due_at__lt=now)
        | Q(timeline__result_due__lt=today)
        | Q(timeline__handover_due__lt=today, status__in=BEFORE_HANDOVER)
    )


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    status: str = ""
    channel: str = ""
    office: str = ""  # office code (the PSC branch or the AB)
    overdue: bool = False


def applications_search(*, user: User, filters: SearchFilters) -> QuerySet[Application]:
    """The user's scope, searched by request number, IIN or name; filtered by state, channel,
    branch and overdue."""
    qs = applications_in_scope(user)
    return _filter(qs, filters)


def _filter(qs: QuerySet[Application], filters: SearchFilters) -> QuerySet[Application]:
    text = filters.q.strip()
    if text:
        condition = Q(request_number__icontains=text) | Q(applicant__iin=text)
        for word in text.split():
            condition |= Q(applicant__last_name__icontains=word) | Q(
                applicant__first_name__icontains=word
            )
        qs = qs.filter(condition)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.office:
        qs = qs.filter(accepted_office__code=filters.office)
    if filters.overdue:
        qs = qs.filter(overdue_q())
    return qs.select_related("applicant", "accepted_office", "executor", "timeline").order_by(
        "accepted_at", "id"
    )


def workqueue_q(user: User) -> Q:
    """What waits for this user's action (within their scope): the duties of their role in the
    transition table; an executor's own duties only on the files assigned to them."""
    duties = duties_of(user.role) if user.role else ()
    if not duties:
        # The auditor and the administrator act on no file: their queue is what is overdue.
        return overdue_q()
    waiting = Q(pk__in=[])
    for row in duties:
        step = Q(status__in=sorted(row.sources), channel__in=sorted(row.channels))
        if row.assigned_only and user.role == Role.AB_EXECUTOR:
            step &= Q(executor=user)
        waiting |= step
    return waiting


def workqueue_for(*, user: User, filters: SearchFilters | None = None) -> QuerySet[Application]:
    qs = applications_in_scope(user).filter(workqueue_q(user))
    return _filter(qs, filters or SearchFilters())


def overdue_for(*, user: User) -> QuerySet[Application]:
    """The files past a limit in the user's scope: the AB head's list of reg:22."""
    return _filter(applications_in_scope(user).filter(overdue_q()), SearchFilters())


def audit_trail(*, application: Application) -> QuerySet[AuditRecord]:
    return audit_trail_for(obj=application)


def registries_in_scope(user: User) -> QuerySet[DispatchRegistry]:
    """PSC staff see their branch's registries; the AB and the auditor see the district's."""
    if not user.is_authenticated or not user.is_active or not user.role or user.office is None:
        return DispatchRegistry.objects.none()
    qs = DispatchRegistry.objects.filter(district_id=user.office.district_id)
    if user.role in (Role.PSC_INSPECTOR, Role.PSC_BACK_OFFICE):
        qs = qs.filter(office=user.office)
    return qs.select_related("office", "sent_by", "received_by")


def executors_of(*, user: User) -> QuerySet[User]:

    if user.office is None:
        return UserModel.objects.none()
    return UserModel.objects.filter(
        role=Role.AB_EXECUTOR, is_active=True, office__district_id=user.office.district_id
    ).order_by("last_name", "first_name")
