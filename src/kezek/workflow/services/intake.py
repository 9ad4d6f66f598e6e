"""Intake at the PSC window and the AB desk (reg:13.1, reg:15.1, reg:16.1, reg:17, Annex 3 action 1).

A complete set of documents gets the receipt; an incomplete one, a pending file of the same IIN,
or a person already on the list they claim is refused at the window, naming why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import Channel, DocumentType
from kezek.applications.models import Application
from kezek.applications.services import (
    ApplicationInput,
    application_submit,
)
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.core.calendar import AB_HOURS, PSC_HOURS, local_date
from kezek.core.errors import ErrorCode
from kezek.offices.models import Office
from kezek.paperwork.services.orders import document_order_place
from kezek.registries.services import register_queries_order
from kezek.rules.versions import DEFAULT_VERSIONS

from .. import queue_link
from ..models import (
    Receipt,
    Timeline,
)
from ..selectors.decisions import decide_application
from ..transitions import find_transition, intake_channel_for
from ._transition import (
    calendar_deadlines,
    check_executor,
    enter_step,
    move,
)
from .notifications import citizen_told_accepted

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _document_names(codes: Sequence[str]) -> str:
    return "; ".join(str(DocumentType(c).label) if c in DocumentType.values else c for c in codes)


def check_documents_complete(application: Application) -> None:
    """reg:16: the receipt is given only for a complete set (reg:15.1 for this case)."""
    decision = decide_application(application=application)
    missing = decision["missing_documents"]
    if missing:
        raise KezekError(
            _(
                "The set of documents is not complete, so it cannot be accepted (reg:16). "
                "Missing: %(documents)s."
            )
            % {"documents": _document_names(missing)},
            field="documents",
            code=ErrorCode.DOCUMENTS_INCOMPLETE,
        )


def _claimed_lists(claimed_groups: Sequence[str], day: dt.date) -> set[str]:
    version = DEFAULT_VERSIONS.version_on(day)
    return {version.groups[g].list_code for g in claimed_groups if g in version.groups}


def refuse_if_on_claimed_list(data: ApplicationInput, district_id: int, today: dt.date) -> None:
    """A person already on the list they claim is refused at the window, naming the file."""
    claimed = _claimed_lists(data.claimed_groups, today)
    if not claimed:
        return
    entries = queue_link.active_entries(
        iin=data.applicant.iin, district_id=district_id, lists=claimed
    )
    if entries:
        lists = sorted({code for code, _number, _at in entries})
        _code, number, accepted_at = entries[0]
        raise KezekError(
            _(
                "This citizen is already in the housing queue on the list they claim "
                "(%(lists)s), by application %(number)s of %(date)s."
            )
            % {
                "lists": ", ".join(lists),
                "number": number,
                "date": timezone.localtime(accepted_at).strftime("%d.%m.%Y"),
            },
            field="applicant.iin",
            code=ErrorCode.DUPLICATE_ON_LIST,
        )


def _receipt_documents(application: Application) -> list[dict[str, str]]:
    version = DEFAULT_VERSIONS.version_on(local_date(application.accepted_at))
    items = []
    for document in application.documents.all():
        spec = version.documents.get(document.doc_type)
        items.append(
            {
                "doc_type": document.doc_type,
                "name_kk": spec.names.kk if spec else document.doc_type,
                "name_ru": spec.names.ru if spec else document.doc_type,
                "clause": spec.clause if spec else "reg:15.1",
                "source": document.source,
            }
        )
    return items


def _receipt_create(application: Application, actor: User, timeline: Timeline) -> Receipt:
    office = application.accepted_office
    hours = PSC_HOURS if office.is_psc else AB_HOURS
    representative = getattr(application, "representative", None)
    return Receipt.objects.create(
        application=application,
        request_number=application.request_number,
        accepted_at=application.accepted_at,
        office=office,
        documents=_receipt_documents(application),
        result_date=timeline.result_due,
        result_time_from=hours[0][0],
        result_time_to=hours[-1][1],
        result_office=office,
        result_place_kk=f"{office.name_kk}, {office.address_kk}",
        result_place_ru=f"{office.name_ru}, {office.address_ru}",
        accepted_by=actor,
        accepted_by_name=actor.display_name,
        applicant_name=application.applicant.full_name,
        applicant_iin=application.applicant.iin,
        applicant_phone=application.contact_phone or application.applicant.phone,
        representative_name=representative.full_name if representative else "",
        representative_phone=representative.phone if representative else "",
    )


def timeline_start(application: Application) -> Timeline:
    result_due, handover_due = calendar_deadlines(application)
    timeline = Timeline(
        application=application,
        result_due=result_due,
        handover_due=handover_due,
        # For the AB desk and the portal the AB accepts the file at intake (actions 1–4 skipped).
        ab_accepted_at=None if application.channel == Channel.PSC else application.accepted_at,
        step_status=application.status,
        step_started_at=application.accepted_at,
    )
    enter_step(application, timeline, application.accepted_at)
    return timeline


def application_intake(
    *,
    actor: User,
    channel: str,
    data: ApplicationInput,
    executor: User | None = None,
) -> Application:
    """Accept a complete application at the PSC window or the AB desk and give the receipt.

    reg:13.1: the applicant applies to the AB or submits to the PSC.

    reg:15.1 (the checklist for the claimed groups, through the rules engine), reg:16.1 (the
    receipt), reg:17; duplicates (a pending file, or already on the claimed list) are refused.
    At the AB desk the file goes straight to an executor: `executor`, or the accepting
    executor themselves.
    """
    if not actor.is_active or actor.office is None:
        raise PermissionDeniedError(_("Your account may not accept applications."), field="actor")
    office = actor.office
    if channel == Channel.PSC:
        allowed = intake_channel_for(actor.role) == channel and office.is_psc
    elif channel == Channel.AB_DESK:
        allowed = (
            intake_channel_for(actor.role) == channel and office.kind == Office.Kind.AUTHORIZED_BODY
        )
    elif channel == Channel.PORTAL:
        raise KezekError(
            _("Portal applications arrive signed through the portal API."), field="channel"
        )
    else:
        raise KezekError(_("Unknown channel."), field="channel")
    if not allowed:
        raise PermissionDeniedError(
            _("Your role may not accept applications on this channel."),
            field="channel",
            code=ErrorCode.ROLE,
        )
    if executor is not None and channel != Channel.AB_DESK:
        raise KezekError(_("Only AB desk files go straight to an executor."), field="executor_id")
    now = timezone.now()
    with transaction.atomic():
        refuse_if_on_claimed_list(data, office.district_id, local_date(now))
        application = application_submit(
            actor=actor, office=office, channel=channel, data=data, accepted_at=now
        )
        check_documents_complete(application)
        # reg:15.1: the facts that are state resources are asked for after the commit.
        register_queries_order(application=application)
        timeline = timeline_start(application)
        receipt = _receipt_create(application, actor, timeline)
        audit_record_write(
            actor=actor,
            action="workflow.receipt_given",
            obj=application,
            after={
                "receipt": receipt.pk,
                "documents": [d["doc_type"] for d in receipt.documents],
                "result_date": receipt.result_date.isoformat(),
                "handover_due": timeline.handover_due.isoformat()
                if timeline.handover_due
                else None,
            },
            clauses=["reg:16.1"] + (["reg:17"] if channel == Channel.AB_DESK else ["reg:13.2"]),
            district_code=office.district.code,
        )
        document_order_place(actor=actor, kind="receipt", application=application)
        citizen_told_accepted(application, accepted_at=now, result_due=receipt.result_date)
        if channel == Channel.AB_DESK and (executor is not None or actor.role == Role.AB_EXECUTOR):
            target = executor or actor
            check_executor(target, application)
            application.executor = target
            transition = find_transition(action="take", status=application.status, channel=channel)
            move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"executor": target.display_name},
                timeline=timeline,
            )
    return application
