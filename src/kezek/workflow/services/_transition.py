"""The skeleton of every transition: lock → authorize → change → move, in one transaction.

`transition_step` is the context manager the services use for a single file; `lock_application`,
`authorize` and `move` are its parts, for the batch services that lock several files first.
Moving writes the new state, starts the step's time limit (reg:9, Annex 3) and writes the audit
record with the row's clauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.accounts.permissions import AB_ROLES, PSC_ROLES
from kezek.applications.choices import FINAL_STATUSES, Channel
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.core.calendar import service_deadlines
from kezek.core.errors import ErrorCode
from kezek.offices.models import Office
from kezek.reference.selectors import working_calendar

from ..deadlines import step_due
from ..models import Timeline
from ..transitions import Transition, find_transition, is_assigned_only, transitions_for

if TYPE_CHECKING:
    from kezek.accounts.models import User


@dataclass
class Step:
    """One transition under way: the locked file and its row; the body fills `after`."""

    actor: User
    application: Application
    transition: Transition
    now: dt.datetime
    comment: str = ""
    after: dict[str, Any] = field(default_factory=dict)
    timeline: Timeline | None = None
    # Done after the move, in the same transaction (e.g. a portal result goes on to the cabinet).
    then: list[Callable[[], None]] = field(default_factory=list)


@contextmanager
def transition_step(
    *, actor: User, application: Application, action: str, comment: str = ""
) -> Iterator[Step]:
    """Lock the file, authorize `action`, yield the step for the change, then move and audit."""
    with transaction.atomic():
        locked = lock_application(application)
        transition = authorize(actor=actor, action=action, application=locked)
        step = Step(
            actor=actor,
            application=locked,
            transition=transition,
            now=timezone.now(),
            comment=checked_comment(transition, comment),
        )
        yield step
        move(
            actor=actor,
            application=locked,
            transition=transition,
            now=step.now,
            comment=step.comment,
            after=step.after,
            timeline=step.timeline,
        )
        for follow_up in step.then:
            follow_up()


def lock_application(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return Application.objects.select_for_update().get(pk=pk)


def checked_comment(transition: Transition, comment: str) -> str:
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise KezekError(
            _("Write a comment: it says why."), field="comment", code=ErrorCode.REQUIRED
        )
    return comment


def authorize(*, actor: User | None, action: str, application: Application) -> Transition:
    """Scope first (out of scope is 'not found'), then the role, then the state."""
    if actor is None or not actor.is_active or not actor.role or actor.office is None:
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    office = actor.office
    if office.district_id != application.district_id:
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    if actor.role in PSC_ROLES and actor.office_id != application.accepted_office_id:
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    rows = transitions_for(action)
    if actor.role not in {role for row in rows for role in row.roles}:
        raise PermissionDeniedError(
            _("Your role may not do this: %(action)s.")
            % {"action": rows[0].label if rows else action},
            field="action",
            code=ErrorCode.ROLE,
        )
    if actor.role in AB_ROLES and office.kind != Office.Kind.AUTHORIZED_BODY:
        raise PermissionDeniedError(
            _("Only staff of the authorized body may do this."),
            field="action",
            code=ErrorCode.OFFICE,
        )
    transition = find_transition(
        action=action, status=application.status, channel=application.channel
    )
    if actor.role not in transition.roles:
        raise PermissionDeniedError(
            _("Your role may not do this: %(action)s.") % {"action": transition.label},
            field="action",
            code=ErrorCode.ROLE,
        )
    if is_assigned_only(action=action, role=actor.role) and application.executor_id != actor.pk:
        if application.executor_id is None:
            raise KezekError(
                _("Take the file for checking first."),
                field="executor",
                code=ErrorCode.NOT_ASSIGNED,
            )
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    return transition


def calendar_deadlines(application: Application) -> tuple[dt.date, dt.date | None]:
    deadlines = service_deadlines(application.accepted_at, application.channel, working_calendar())
    return deadlines.result_due, deadlines.handover_due


def timeline_locked(application: Application) -> Timeline:
    """The file's timeline, locked; made on first use for files accepted outside the workflow."""
    timeline = Timeline.objects.select_for_update().filter(application=application).first()
    if timeline is None:
        result_due, handover_due = calendar_deadlines(application)
        timeline = Timeline.objects.create(
            application=application,
            result_due=result_due,
            handover_due=handover_due,
            ab_accepted_at=None if application.channel == Channel.PSC else application.accepted_at,
            step_status=application.status,
            step_started_at=application.accepted_at,
        )
    return timeline


def enter_step(application: Application, timeline: Timeline, now: dt.datetime) -> None:
    timeline.step_status = application.status
    timeline.step_started_at = now
    timeline.step_due_at = step_due(
        status=application.status,
        channel=application.channel,
        started=now,
        calendar=working_calendar(),
        ab_accepted=timeline.ab_accepted_at,
        result_due=timeline.result_due,
        handover_due=timeline.handover_due,
    )
    timeline.finished_at = now if application.status in FINAL_STATUSES else None
    timeline.save()


def move(
    *,
    actor: User | None,
    application: Application,
    transition: Transition,
    now: dt.datetime,
    comment: str = "",
    after: dict[str, Any] | None = None,
    timeline: Timeline | None = None,
    actor_label: str | None = None,
) -> None:
    """Apply one row of the table: the new state, the step's limit, the audit record."""
    before = application.status
    application.status = transition.target
    application.save(update_fields=["status", "executor", "updated_at"])
    enter_step(application, timeline or timeline_locked(application), now)
    audit_record_write(
        actor=actor,
        action=f"workflow.{transition.action}",
        obj=application,
        before={"status": before},
        after={"status": transition.target, **(after or {})},
        comment=comment,
        clauses=transition.clauses,
        district_code=application.district.code,
        actor_label=actor_label,
    )


def check_executor(user: User, application: Application) -> None:
    if not (
        user.is_active
        and user.role == Role.AB_EXECUTOR
        and user.office is not None
        and user.office.district_id == application.district_id
    ):
        raise KezekError(
            _("Choose an active responsible executor of this district."),
            field="executor_id",
            code=ErrorCode.INVALID_EXECUTOR,
        )
