"""The PSC back office and the batch (Annex 3, actions 2–4; reg:13.2–reg:13.4, reg:19.2).

The back office collects accepted files, sends them to the authorized body in a numbered
registry, and the executor accepts the batch: the files become theirs to check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.common.numbering import counter_next
from kezek.core.calendar import local_date
from kezek.core.errors import ErrorCode
from kezek.paperwork.services.orders import document_order_place

from ..models import (
    Counter,
    DispatchRegistry,
    DispatchRegistryItem,
)
from ._transition import (
    authorize,
    lock_application,
    move,
    timeline_locked,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User


def applications_collect(*, actor: User, applications: Sequence[Application]) -> list[Application]:
    """Annex 3, action 2: the back office collects accepted files of its branch (all or none)."""
    if not applications:
        raise KezekError(
            _("Choose at least one file."), field="application_ids", code=ErrorCode.REQUIRED
        )
    now = timezone.now()
    done = []
    with transaction.atomic():
        for pk in sorted({a.pk for a in applications}):
            application = lock_application(pk)
            transition = authorize(actor=actor, action="collect", application=application)
            move(actor=actor, application=application, transition=transition, now=now)
            done.append(application)
    return done


def application_collect(*, actor: User, application: Application) -> Application:
    return applications_collect(actor=actor, applications=[application])[0]


def dispatch_registry_send(*, actor: User, applications: Sequence[Application]) -> DispatchRegistry:
    """Annex 3, action 3 / reg:13.3: a numbered, dated registry of collected files, sent to the
    AB as one batch."""
    if not applications:
        raise KezekError(
            _("Choose at least one file."), field="application_ids", code=ErrorCode.REQUIRED
        )
    now = timezone.now()
    with transaction.atomic():
        locked = []
        for pk in sorted({a.pk for a in applications}):
            application = lock_application(pk)
            transition = authorize(actor=actor, action="dispatch", application=application)
            locked.append((application, transition))
        office = actor.office
        assert office is not None
        year = local_date(now).year
        registry = DispatchRegistry.objects.create(
            district_id=office.district_id,
            office=office,
            year=year,
            number=counter_next(Counter, kind=Counter.Kind.REGISTRY, office=office, year=year),
            sent_at=now,
            sent_by=actor,
        )
        for position, (application, transition) in enumerate(
            sorted(locked, key=lambda pair: (pair[0].accepted_at, pair[0].pk)), start=1
        ):
            DispatchRegistryItem.objects.create(
                registry=registry, application=application, position=position
            )
            move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"registry": registry.display_number},
            )
        audit_record_write(
            actor=actor,
            action="registry.sent",
            obj=registry,
            after={"files": [a.request_number for a, _t in locked], "office": office.code},
            clauses=["reg:13.3"],
            district_code=office.district.code,
        )
        document_order_place(actor=actor, kind="dispatch_registry", subject=registry)
    return registry


def dispatch_registry_receive(*, actor: User, registry: DispatchRegistry) -> DispatchRegistry:
    """Annex 3, action 4: the executor accepts the batch (the receipt of the files); the files
    become theirs to check."""
    now = timezone.now()
    with transaction.atomic():
        registry = DispatchRegistry.objects.select_for_update().get(pk=registry.pk)
        if actor.office is None or actor.office.district_id != registry.district_id:
            raise NotFoundError(
                _("No such registry."), field="registry_id", code=ErrorCode.NOT_FOUND
            )
        if actor.role != Role.AB_EXECUTOR:
            raise PermissionDeniedError(
                _("Your role may not do this: %(action)s.") % {"action": _("Accept the batch")},
                field="action",
                code=ErrorCode.ROLE,
            )
        if registry.received_at is not None:
            raise KezekError(
                _("This registry was already accepted on %(date)s by %(name)s.")
                % {
                    "date": timezone.localtime(registry.received_at).strftime("%d.%m.%Y %H:%M"),
                    "name": registry.received_by.display_name if registry.received_by else "",
                },
                field="registry_id",
                code=ErrorCode.ILLEGAL_TRANSITION,
            )
        files = []
        for item in registry.items.order_by("application_id"):
            application = lock_application(item.application_id)
            transition = authorize(actor=actor, action="receive", application=application)
            application.executor = actor
            timeline = timeline_locked(application)
            timeline.ab_accepted_at = now
            move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"registry": registry.display_number, "executor": actor.display_name},
                timeline=timeline,
            )
            files.append(application.request_number)
        registry.received_at = now
        registry.received_by = actor
        registry.save(update_fields=["received_at", "received_by"])
        audit_record_write(
            actor=actor,
            action="registry.received",
            obj=registry,
            after={"files": files},
            clauses=["reg:13.4"],
            district_code=registry.district.code,
        )
        document_order_place(actor=actor, kind="batch_receipt", subject=registry)
    return registry
