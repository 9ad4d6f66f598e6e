"""The data of the workflow's documents, from the records the workflow keeps (ADR 0008).

The receipt, the acceptance report, the notice, the motivated refusal, the dispatch registry,
its batch receipt and the issue journal are made from the workflow's records (its ``Receipt``,
``PortalSubmission``, signed ``ResultDraft`` with the frozen decision, ``DispatchRegistry``,
``IssueJournalEntry``), so a document says exactly what the workflow recorded; where a record
does not exist (yet), the same fields are computed (the time-limit calendar for the result
date, the workflow's decision on the file). ``document_contexts_register`` tells paperwork.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentType
from kezek.applications.models import Application, Representative
from kezek.common.errors import KezekError
from kezek.core.calendar import local_date, service_deadlines
from kezek.core.errors import ErrorCode
from kezek.core.text import Bi
from kezek.housing_queue.selectors import queue_positions_for_application
from kezek.offices.models import Office
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.context_parts import (
    RECIPIENT_KINDS,
    authorized_body,
    capitalize,
    clauses_from,
    head_of,
    list_names,
    office_hours,
    office_info,
    service_name,
    signatory_for,
)
from kezek.paperwork.contexts import (
    AcceptanceReportContext,
    BatchReceiptContext,
    DocumentContext,
    JournalContext,
    JournalRow,
    NoticeContext,
    Person,
    QueuePosition,
    ReceiptContext,
    RefusalContext,
    RegistryContext,
    RegistryItem,
    RepresentativeInfo,
)
from kezek.paperwork.sources import register_context_builder
from kezek.paperwork.wording import kind_name
from kezek.reference.selectors import working_calendar
from kezek.rules.versions import DEFAULT_VERSIONS

from .models import (
    DispatchRegistry,
    DispatchRegistryItem,
    IssueJournalEntry,
    PortalSubmission,
    Receipt,
    ResultDraft,
    Timeline,
)
from .selectors.decisions import decide_application

if TYPE_CHECKING:
    from kezek.accounts.models import User


# --------------------------------------------------------------------------- the file's pieces


def document_names(application: Application) -> tuple[Bi, ...]:
    """The documents handed in, named as the rule version in force names them (reg:15.1)."""
    version = DEFAULT_VERSIONS.version_on(local_date(application.accepted_at))
    names = []
    for doc in application.documents.all():
        spec = version.documents.get(doc.doc_type)
        if spec is not None:
            names.append(Bi(capitalize(spec.names.kk), capitalize(spec.names.ru)))
        else:
            label = DocumentType(doc.doc_type).label
            names.append(Bi(str(label), str(label)))
    return tuple(names)


def applicant_person(application: Application) -> Person:
    return Person(
        full_name=application.applicant.full_name,
        phone=application.contact_phone or application.applicant.phone,
    )


def _representative(application: Application) -> RepresentativeInfo | None:
    try:
        rep = application.representative
    except Representative.DoesNotExist:
        return None
    return RepresentativeInfo(
        full_name=rep.full_name,
        phone=rep.phone,
        power_of_attorney_number=rep.power_of_attorney_number,
        power_of_attorney_date=rep.power_of_attorney_date,
    )


def signed_result(application: Application) -> ResultDraft | None:
    """The last result the head signed (its decision and queue positions are frozen)."""
    return application.results.filter(signed_at__isnull=False).order_by("-signed_at", "-id").first()


def result_decision(application: Application) -> dict[str, Any]:
    """The decision a result is made from: the frozen one of the signed draft, or the workflow's
    decision on the file as it stands."""
    draft = signed_result(application)
    if draft is not None and draft.decision:
        return dict(draft.decision)
    return decide_application(application=application)


# --------------------------------------------------------------------------- intake


def receipt_context(*, application: Application) -> ReceiptContext:
    """reg:16.1 from the workflow's Receipt record when there is one, else from the application
    and the time-limit calendar (reg:9.1)."""
    try:
        record: Receipt | None = application.receipt  # the instance keeps it: reprints query less
    except Receipt.DoesNotExist:
        record = None
    if record is not None:
        documents = tuple(
            Bi(capitalize(d.get("name_kk", "")), capitalize(d.get("name_ru", "")))
            for d in record.documents
        )
        result_office = record.result_office
        hours = office_hours(result_office)
        if record.result_time_from and record.result_time_to:
            span = f"{record.result_time_from:%H:%M}–{record.result_time_to:%H:%M}"
            hours = Bi(span, span)
        return ReceiptContext(
            office=office_info(record.office),
            request_number=record.request_number,
            accepted_at=record.accepted_at,
            service_name=service_name(),
            documents=documents,
            result_date=record.result_date,
            result_hours=hours,
            result_place=office_info(result_office),
            accepted_by=record.accepted_by_name,
            applicant=Person(full_name=record.applicant_name, phone=record.applicant_phone),
            representative=_representative(application),
        )
    office = application.accepted_office
    deadlines = service_deadlines(application.accepted_at, application.channel, working_calendar())
    # reg:18: a PSC file's result is collected at the same PSC window; otherwise at the AB.
    place = office if office.is_psc else authorized_body(application.district)
    return ReceiptContext(
        office=office_info(office),
        request_number=application.request_number,
        accepted_at=application.accepted_at,
        service_name=service_name(),
        documents=document_names(application),
        result_date=deadlines.result_due,
        result_hours=office_hours(place),
        result_place=office_info(place),
        accepted_by=application.accepted_by.display_name if application.accepted_by else "",
        applicant=applicant_person(application),
        representative=_representative(application),
    )


def acceptance_report_context(*, application: Application) -> AcceptanceReportContext:
    """reg:16.2: when the AB accepted the documents and when the result will be ready."""
    try:
        submission: PortalSubmission | None = application.portal_submission
    except PortalSubmission.DoesNotExist:
        submission = None
    if submission is not None:
        ab_accepted_at, result_date = submission.report_accepted_at, submission.report_result_date
        submitted_at = submission.received_at
    else:
        try:
            timeline: Timeline | None = application.timeline
        except Timeline.DoesNotExist:
            timeline = None
        deadlines = service_deadlines(
            application.accepted_at, application.channel, working_calendar()
        )
        ab_accepted_at = (
            timeline.ab_accepted_at if timeline is not None and timeline.ab_accepted_at else None
        ) or application.accepted_at
        result_date = deadlines.result_due
        submitted_at = application.accepted_at
    return AcceptanceReportContext(
        office=office_info(authorized_body(application.district)),
        request_number=application.request_number,
        submitted_at=submitted_at,
        ab_accepted_at=ab_accepted_at,
        result_date=result_date,
        service_name=service_name(),
        applicant=applicant_person(application),
        documents=document_names(application),
    )


# --------------------------------------------------------------------------- results (reg:5)


def _result_date(draft: ResultDraft | None, given: dt.date | None) -> dt.date:
    if given is not None:
        return given
    return local_date(draft.signed_at) if draft and draft.signed_at else timezone.localdate()


def notice_context(
    *,
    application: Application,
    decision: Mapping[str, Any] | None = None,
    positions: Sequence[tuple[str, int]] | None = None,
    registered_on: dt.date | None = None,
    signatory: User | None = None,
    outgoing_number: str | None = None,
) -> NoticeContext:
    """reg:5: the notification with the list(s) and sequence number(s) in the housing queue."""
    draft = signed_result(application)
    decision = dict(decision) if decision is not None else result_decision(application)
    if decision.get("decision") != "register":
        raise KezekError(_("The decision on this application is not a registration."), field="kind")
    if positions is None:
        stored = draft.queue_positions if draft is not None else None
        positions = (
            [(str(p[0]), int(p[1])) for p in stored]
            if stored
            else queue_positions_for_application(application=application)
        )
    if not positions:
        raise KezekError(
            _("The application has no place in the housing queue yet."), field="positions"
        )
    application_date = local_date(application.accepted_at)
    names = list_names(application_date)
    head = signatory or (draft.signed_by if draft is not None else None)
    return NoticeContext(
        office=office_info(authorized_body(application.district)),
        request_number=application.request_number,
        application_date=application_date,
        applicant=applicant_person(application),
        registered_on=_result_date(draft, registered_on),
        positions=tuple(
            QueuePosition(
                list_code=code, list_name=names.get(code, Bi(code, code)), position=int(n)
            )
            for code, n in positions
        ),
        basis=clauses_from(decision.get("basis", ()), decision.get("reasons", {})),
        rules_version=str(decision.get("rules_version", "")),
        signatory=signatory_for(head or head_of(application.district)),
        outgoing_number=outgoing_number
        if outgoing_number is not None
        else (draft.outgoing_number if draft is not None else ""),
    )


def refusal_context(
    *,
    application: Application,
    decision: Mapping[str, Any] | None = None,
    decided_on: dt.date | None = None,
    signatory: User | None = None,
    outgoing_number: str | None = None,
) -> RefusalContext:
    """reg:5, reg:12: every ground of the refusal with its clause and the engine's sentence."""
    draft = signed_result(application)
    decision = dict(decision) if decision is not None else result_decision(application)
    if decision.get("decision") != "refuse" or not decision.get("grounds"):
        raise KezekError(_("The decision on this application is not a refusal."), field="kind")
    head = signatory or (draft.signed_by if draft is not None else None)
    return RefusalContext(
        office=office_info(authorized_body(application.district)),
        request_number=application.request_number,
        application_date=local_date(application.accepted_at),
        applicant=applicant_person(application),
        decided_on=_result_date(draft, decided_on),
        grounds=clauses_from(decision["grounds"], decision.get("reasons", {})),
        rules_version=str(decision.get("rules_version", "")),
        signatory=signatory_for(head or head_of(application.district)),
        outgoing_number=outgoing_number
        if outgoing_number is not None
        else (draft.outgoing_number if draft is not None else ""),
    )


# --------------------------------------------------------------------------- registries


def registry_items(applications: Iterable[Application]) -> tuple[RegistryItem, ...]:
    return tuple(
        RegistryItem(
            request_number=a.request_number,
            applicant_name=a.applicant.full_name,
            accepted_at=a.accepted_at,
            document_count=a.documents.count(),
        )
        for a in applications
    )


def registry_context(*, registry: DispatchRegistry) -> RegistryContext:
    """Annex 3, action 3, from the workflow's DispatchRegistry."""
    applications = [
        item.application
        for item in registry.items.select_related("application__applicant").order_by("position")
    ]
    return RegistryContext(
        office=office_info(registry.office),
        recipient=office_info(authorized_body(registry.office.district)),
        registry_number=registry.display_number,
        sent_at=registry.sent_at,
        prepared_by=registry.sent_by.display_name,
        items=registry_items(applications),
    )


def batch_receipt_context(*, registry: DispatchRegistry) -> BatchReceiptContext:
    """Annex 3, action 4, from a DispatchRegistry the AB has received."""
    if not registry.received_at:
        raise KezekError(
            _("The authorized body has not received this registry yet."), field="subject"
        )
    base = registry_context(registry=registry)
    return BatchReceiptContext(
        office=base.recipient,
        sender=base.office,
        registry_number=base.registry_number,
        sent_at=base.sent_at,
        received_at=registry.received_at,
        received_by=registry.received_by.display_name if registry.received_by else "",
        items=base.items,
    )


# --------------------------------------------------------------------------- the journal (reg:18)


def _journal_row(entry: IssueJournalEntry) -> JournalRow:
    kind = "registration_notice" if entry.result.kind == "register" else "motivated_refusal"
    poa = ""
    if entry.power_of_attorney_number:
        date = entry.power_of_attorney_date
        poa = f"№ {entry.power_of_attorney_number}" + (f", {date:%d.%m.%Y}" if date else "")
    return JournalRow(
        request_number=entry.application.request_number,
        document=Bi(kind_name(kind, "kk"), kind_name(kind, "ru")),
        document_number=entry.result.outgoing_number or "",
        issued_at=entry.issued_at,
        recipient_name=entry.recipient_name,
        recipient_kind=RECIPIENT_KINDS.get(entry.recipient, Bi(entry.recipient, entry.recipient)),
        power_of_attorney=poa,
        issued_by=entry.issued_by_name,
    )


def journal_context(
    *, office: Office, start: dt.date, end: dt.date, prepared_by: str = ""
) -> JournalContext:
    """reg:18: the journal of issued documents of an office for a period (the workflow's
    IssueJournalEntry rows; the AB's journal also holds the results issued via the portal)."""
    entries = (
        IssueJournalEntry.objects.select_related("application", "result")
        .filter(
            application__district=office.district,
            issued_at__date__gte=start,
            issued_at__date__lte=end,
        )
        .filter(office=office)
        .order_by("issued_at", "id")
    )
    return JournalContext(
        office=office_info(office),
        period_start=start,
        period_end=end,
        rows=tuple(_journal_row(entry) for entry in entries),
        prepared_by=prepared_by,
    )


# --------------------------------------------------------------------------- what paperwork calls


def _named(application: Application | None) -> Application:
    if application is None:
        raise KezekError(_("Name the application."), field="application", code=ErrorCode.REQUIRED)
    return application


def _registry(subject: Any) -> DispatchRegistry:
    if not isinstance(subject, DispatchRegistry):
        raise KezekError(_("Name the dispatch registry."), field="subject", code=ErrorCode.REQUIRED)
    return subject


def _receipt(*, application: Application | None, subject: Any) -> DocumentContext:
    return receipt_context(application=_named(application))


def _acceptance_report(*, application: Application | None, subject: Any) -> DocumentContext:
    return acceptance_report_context(application=_named(application))


def _notice(*, application: Application | None, subject: Any) -> DocumentContext:
    return notice_context(application=_named(application))


def _refusal(*, application: Application | None, subject: Any) -> DocumentContext:
    return refusal_context(application=_named(application))


def _dispatch_registry(*, application: Application | None, subject: Any) -> DocumentContext:
    return registry_context(registry=_registry(subject))


def _batch_receipt(*, application: Application | None, subject: Any) -> DocumentContext:
    return batch_receipt_context(registry=_registry(subject))


def registry_of(*, application: Application) -> DispatchRegistry | None:
    """The last registry the application was sent in (``kezek paperwork render``)."""
    item = (
        DispatchRegistryItem.objects.select_related("registry")
        .filter(application=application)
        .order_by("-registry__sent_at")
        .first()
    )
    return item.registry if item is not None else None


def journal_of(*, application: Application) -> JournalContext | None:
    """The journal of the day and office the application's result was issued."""
    entry = (
        IssueJournalEntry.objects.select_related("office__district")
        .filter(application=application)
        .first()
    )
    if entry is None or entry.office is None:
        return None
    day = timezone.localtime(entry.issued_at).date()
    return journal_context(office=entry.office, start=day, end=day)


def document_contexts_register() -> None:
    """Tell paperwork how the workflow's documents get their data (WorkflowConfig.ready)."""
    register_context_builder(kind=DocumentKind.RECEIPT, build=_receipt)
    register_context_builder(kind=DocumentKind.ACCEPTANCE_REPORT, build=_acceptance_report)
    register_context_builder(kind=DocumentKind.REGISTRATION_NOTICE, build=_notice)
    register_context_builder(kind=DocumentKind.MOTIVATED_REFUSAL, build=_refusal)
    register_context_builder(
        kind=DocumentKind.DISPATCH_REGISTRY, build=_dispatch_registry, subject_of=registry_of
    )
    register_context_builder(
        kind=DocumentKind.BATCH_RECEIPT, build=_batch_receipt, subject_of=registry_of
    )
    register_context_builder(kind=DocumentKind.ISSUE_JOURNAL, subject_of=journal_of)
