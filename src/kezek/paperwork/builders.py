"""Context builders: the data of each document, from the records that hold it.

From an ``Application`` (what ``kezek.applications`` stores today): the receipt, the acceptance
report, the notice and the refusal. Where the workflow keeps the record the document is made
from (its ``Receipt``, ``PortalSubmission``, signed ``ResultDraft`` with the frozen decision,
``DispatchRegistry``, ``IssueJournalEntry``), the builder reads that record, so the document
says exactly what the workflow recorded; otherwise it computes the same fields (the
time-limit calendar for the result date, the rules engine for the decision).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import DocumentType
from kezek.common.errors import KezekError
from kezek.core.calendar import (
    AB_HOURS,
    PSC_HOURS,
    local_date,
    service_deadlines,
)
from kezek.core.text import Bi
from kezek.offices.models import Office
from kezek.reference.selectors import working_calendar
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum
from kezek.rules.versions import DEFAULT_VERSIONS

from .contexts import (
    AcceptanceReportContext,
    BatchReceiptContext,
    Clause,
    JournalContext,
    JournalRow,
    NoticeContext,
    OfficeInfo,
    Person,
    QueueListContext,
    QueueListRow,
    QueuePosition,
    ReceiptContext,
    RefusalContext,
    RegistryContext,
    RegistryItem,
    RepresentativeInfo,
    Signatory,
)
from .wording import SERVICE_NAME, WORDING, kind_name

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application
    from kezek.offices.models import District

CLAUSE_AT_END = re.compile(r"\((reg:[0-9a-z.]+)\)\s*\.?\s*$")


# --------------------------------------------------------------------------- shared pieces


def service_name() -> Bi:
    return Bi(*SERVICE_NAME)


def office_info(office: Office) -> OfficeInfo:
    district = office.district
    return OfficeInfo(
        code=office.code,
        name=Bi(office.name_kk, office.name_ru),
        address=Bi(office.address_kk, office.address_ru),
        district=Bi(district.name_kk, district.name_ru),
        region=Bi(district.region_kk, district.region_ru),
        phones=office.phones,
        emails=office.emails,
    )


def authorized_body(district: District) -> Office:
    office = (
        Office.objects.select_related("district")
        .filter(district=district, kind=Office.Kind.AUTHORIZED_BODY, is_active=True)
        .order_by("id")
        .first()
    )
    if office is None:
        raise KezekError(_("The district has no authorized body."), field="district")
    return office


def _hours(intervals: Sequence[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in intervals)


def office_hours(office: Office) -> Bi:
    """The hours of reg:11 at an office (when a result can be collected there)."""
    if office.is_psc:
        text = _hours(PSC_HOURS)
        return Bi(f"{text}, үзіліссіз", f"{text}, без перерыва")
    first, second = AB_HOURS
    day = f"{first[0]:%H:%M}–{second[1]:%H:%M}"
    lunch = f"{first[1]:%H:%M}–{second[0]:%H:%M}"
    return Bi(f"{day}, түскі үзіліс {lunch}", f"{day}, перерыв {lunch}")


def document_names(application: Application) -> tuple[Bi, ...]:
    """The documents handed in, named as the rule version in force names them (reg:15.1)."""
    version = DEFAULT_VERSIONS.version_on(local_date(application.accepted_at))
    names = []
    for doc in application.documents.all():
        spec = version.documents.get(doc.doc_type)
        if spec is not None:
            names.append(Bi(_capitalize(spec.names.kk), _capitalize(spec.names.ru)))
        else:
            label = DocumentType(doc.doc_type).label
            names.append(Bi(str(label), str(label)))
    return tuple(names)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def head_of(district: District) -> User | None:
    from kezek.accounts.models import User

    return (
        User.objects.filter(role=Role.AB_HEAD, office__district=district, is_active=True)
        .order_by("id")
        .first()
    )


def signatory_for(user: User | None) -> Signatory:
    position = Bi(*WORDING["head_position"])
    if user is None:
        return Signatory(full_name="", position=position)
    return Signatory(full_name=user.display_name, position=position, username=user.username)


def applicant_person(application: Application) -> Person:
    return Person(
        full_name=application.applicant.full_name,
        phone=application.contact_phone or application.applicant.phone,
    )


def _related(obj: Any, name: str) -> Any:
    """A reverse one-to-one of the workflow's models, or None when absent (or not built yet)."""
    try:
        return getattr(obj, name)
    except (ObjectDoesNotExist, AttributeError):
        return None


def clauses_from(codes: Iterable[str], reasons: Mapping[str, Sequence[str]]) -> tuple[Clause, ...]:
    """Pair each clause with the engine's sentences: every sentence names its clause at its end
    ("… (reg:12.2)."). Sentences are matched by that clause, in the engine's order."""
    by_clause: dict[str, list[list[str]]] = {}
    for lang_index, lang in enumerate(("kk", "ru")):
        for sentence in reasons.get(lang, ()):
            match = CLAUSE_AT_END.search(sentence)
            clause = match.group(1) if match else ""
            slots = by_clause.setdefault(clause, [])
            # The n-th sentence of a clause in Kazakh pairs with the n-th in Russian.
            count = sum(1 for s in slots if s[lang_index])
            if count < len(slots):
                slots[count][lang_index] = sentence
            else:
                pair = ["", ""]
                pair[lang_index] = sentence
                slots.append(pair)
    result: list[Clause] = []
    for code in codes:
        for kk, ru in by_clause.pop(code, [["", ""]]):
            result.append(Clause(clause=code, kk=kk, ru=ru))
    # Sentences whose clause is not in the list (never expected) are kept, not dropped.
    for code, pairs in by_clause.items():
        for kk, ru in pairs:
            result.append(Clause(clause=code, kk=kk, ru=ru))
    return tuple(result)


# --------------------------------------------------------------------------- the decision


def decision_case(application: Application) -> dict[str, Any]:
    """The decision case of the application: the workflow's selector when it exists."""
    try:
        from kezek.workflow.selectors import decision_case_for_application
    except ImportError:  # the workflow is optional for paperwork
        return _own_decision_case(application)
    return decision_case_for_application(application=application)


def _own_decision_case(application: Application) -> dict[str, Any]:
    facts = application.facts or {}
    applicant: dict[str, Any] = {
        "iin": application.applicant.iin,
        "birth_date": application.applicant.birth_date.isoformat(),
    }
    for key in ("citizen_of_kz", "permanent_resident_in_locality"):
        if key in facts:
            applicant[key] = facts[key]
    case: dict[str, Any] = {
        "application_date": local_date(application.accepted_at).isoformat(),
        "fund": application.fund,
        "claimed_groups": list(application.claimed_groups),
        "applicant": applicant,
        "family": [
            {
                "relation": m.relation,
                "birth_date": m.birth_date.isoformat(),
                "disabled": m.disabled,
                **({"recognized_by_court": True} if m.recognized_by_court else {}),
            }
            for m in application.family.all()
        ],
        "housing": dict(facts.get("housing") or {}),
        "history": list(facts.get("history") or []),
        "documents": sorted({d.doc_type for d in application.documents.all()}),
    }
    for key in ("income_12_months", "military_service_months"):
        if facts.get(key) is not None:
            case[key] = facts[key]
    return case


def decision_of(application: Application) -> dict[str, Any]:
    """The decision a result is made from: the frozen one of the workflow's signed draft, or the
    rules engine's decision on the file as it stands."""
    draft = _signed_result(application)
    if draft is not None and getattr(draft, "decision", None):
        return dict(draft.decision)
    from kezek.decisions.services import decision_preview

    try:
        return decision_preview(case=decision_case(application))
    except CaseError as exc:
        raise KezekError(
            _("The facts of the case are not valid: %(detail)s") % {"detail": exc.message},
            field=exc.field or "facts",
            code=exc.code,
        ) from exc
    except (NoSubsistenceMinimum, NoRuleVersion) as exc:
        raise KezekError(
            _("The reference data do not cover the application date: %(detail)s")
            % {"detail": str(exc)},
            field="application_date",
            code="not_configured",
        ) from exc


def _signed_result(application: Application) -> Any:
    results = _related(application, "results")
    if results is None:
        return None
    return results.filter(signed_at__isnull=False).order_by("-signed_at", "-id").first()


def queue_positions(application: Application) -> list[tuple[str, int]]:
    """The application's places in the housing queue lists (the queue code's selector)."""
    try:
        from kezek.housing_queue.selectors import queue_positions_for_application
    except ImportError:
        return []
    return list(queue_positions_for_application(application=application))


# --------------------------------------------------------------------------- builders


def receipt_context(application: Application) -> ReceiptContext:
    """reg:16.1 from the workflow's Receipt record when there is one, else from the application
    and the time-limit calendar (reg:9.1)."""
    record = _related(application, "receipt")
    if record is not None:
        documents = tuple(
            Bi(_capitalize(d.get("name_kk", "")), _capitalize(d.get("name_ru", "")))
            for d in record.documents
        )
        result_office = record.result_office
        hours = office_hours(result_office)
        if record.result_time_from and record.result_time_to:
            span = f"{record.result_time_from:%H:%M}–{record.result_time_to:%H:%M}"
            hours = Bi(span, span)
        representative = _representative(application)
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
            representative=representative,
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


def _representative(application: Application) -> RepresentativeInfo | None:
    rep = _related(application, "representative")
    if rep is None:
        return None
    return RepresentativeInfo(
        full_name=rep.full_name,
        phone=rep.phone,
        power_of_attorney_number=rep.power_of_attorney_number,
        power_of_attorney_date=rep.power_of_attorney_date,
    )


def acceptance_report_context(application: Application) -> AcceptanceReportContext:
    """reg:16.2: when the AB accepted the documents and when the result will be ready."""
    submission = _related(application, "portal_submission")
    timeline = _related(application, "timeline")
    if submission is not None:
        ab_accepted_at, result_date = submission.report_accepted_at, submission.report_result_date
        submitted_at = submission.received_at
    else:
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


def _list_names(day: dt.date) -> dict[str, Bi]:
    version = DEFAULT_VERSIONS.version_on(day)
    return {spec.code: Bi(spec.names.kk, spec.names.ru) for spec in version.lists}


def notice_context(
    application: Application,
    *,
    decision: Mapping[str, Any] | None = None,
    positions: Sequence[tuple[str, int]] | None = None,
    registered_on: dt.date | None = None,
    signatory: User | None = None,
    outgoing_number: str | None = None,
) -> NoticeContext:
    """reg:5: the notification with the list(s) and sequence number(s) in the housing queue."""
    draft = _signed_result(application)
    decision = dict(decision) if decision is not None else decision_of(application)
    if decision.get("decision") != "register":
        raise KezekError(_("The decision on this application is not a registration."), field="kind")
    if positions is None:
        stored = getattr(draft, "queue_positions", None) if draft is not None else None
        positions = (
            [(str(p[0]), int(p[1])) for p in stored] if stored else queue_positions(application)
        )
    if not positions:
        raise KezekError(
            _("The application has no place in the housing queue yet."), field="positions"
        )
    application_date = local_date(application.accepted_at)
    names = _list_names(application_date)
    signed_at = getattr(draft, "signed_at", None) if draft is not None else None
    head = signatory or (getattr(draft, "signed_by", None) if draft is not None else None)
    return NoticeContext(
        office=office_info(authorized_body(application.district)),
        request_number=application.request_number,
        application_date=application_date,
        applicant=applicant_person(application),
        registered_on=registered_on
        or (local_date(signed_at) if signed_at else timezone.localdate()),
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
        else str(getattr(draft, "outgoing_number", "") or ""),
    )


def refusal_context(
    application: Application,
    *,
    decision: Mapping[str, Any] | None = None,
    decided_on: dt.date | None = None,
    signatory: User | None = None,
    outgoing_number: str | None = None,
) -> RefusalContext:
    """reg:5, reg:12: every ground of the refusal with its clause and the engine's sentence."""
    draft = _signed_result(application)
    decision = dict(decision) if decision is not None else decision_of(application)
    if decision.get("decision") != "refuse" or not decision.get("grounds"):
        raise KezekError(_("The decision on this application is not a refusal."), field="kind")
    signed_at = getattr(draft, "signed_at", None) if draft is not None else None
    head = signatory or (getattr(draft, "signed_by", None) if draft is not None else None)
    return RefusalContext(
        office=office_info(authorized_body(application.district)),
        request_number=application.request_number,
        application_date=local_date(application.accepted_at),
        applicant=applicant_person(application),
        decided_on=decided_on or (local_date(signed_at) if signed_at else timezone.localdate()),
        grounds=clauses_from(decision["grounds"], decision.get("reasons", {})),
        rules_version=str(decision.get("rules_version", "")),
        signatory=signatory_for(head or head_of(application.district)),
        outgoing_number=outgoing_number
        if outgoing_number is not None
        else str(getattr(draft, "outgoing_number", "") or ""),
    )


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


def registry_context(registry: Any) -> RegistryContext:
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


def batch_receipt_context(registry: Any) -> BatchReceiptContext:
    """Annex 3, action 4, from a DispatchRegistry the AB has received."""
    if not registry.received_at:
        raise KezekError(
            _("The authorized body has not received this registry yet."), field="subject"
        )
    base = registry_context(registry)
    return BatchReceiptContext(
        office=base.recipient,
        sender=base.office,
        registry_number=base.registry_number,
        sent_at=base.sent_at,
        received_at=registry.received_at,
        received_by=registry.received_by.display_name if registry.received_by else "",
        items=base.items,
    )


RECIPIENT_KINDS: dict[str, Bi] = {
    "applicant": Bi("өтініш берушінің өзіне", "лично заявителю"),
    "representative": Bi("сенімхат бойынша өкілге", "представителю по доверенности"),
    "personal_cabinet": Bi("жеке кабинетке", "в личный кабинет"),
}


def journal_context(
    *, office: Office, start: dt.date, end: dt.date, prepared_by: str = ""
) -> JournalContext:
    """reg:18: the journal of issued documents of an office for a period (the workflow's
    IssueJournalEntry rows; the AB's journal also holds the results issued via the portal)."""
    try:
        from kezek.workflow.models import IssueJournalEntry
    except ImportError:
        entries: list[Any] = []
    else:
        entries = list(
            IssueJournalEntry.objects.select_related("application", "result")
            .filter(
                application__district=office.district,
                issued_at__date__gte=start,
                issued_at__date__lte=end,
            )
            .filter(office=office)
            .order_by("issued_at", "id")
        )
    rows = []
    for entry in entries:
        kind = (
            "registration_notice"
            if getattr(entry.result, "kind", "") == "register"
            else "motivated_refusal"
        )
        number = getattr(entry.result, "outgoing_number", "") or ""
        poa = ""
        if entry.power_of_attorney_number:
            date = entry.power_of_attorney_date
            poa = f"№ {entry.power_of_attorney_number}" + (f", {date:%d.%m.%Y}" if date else "")
        rows.append(
            JournalRow(
                request_number=entry.application.request_number,
                document=Bi(kind_name(kind, "kk"), kind_name(kind, "ru")),
                document_number=number,
                issued_at=entry.issued_at,
                recipient_name=entry.recipient_name,
                recipient_kind=RECIPIENT_KINDS.get(
                    entry.recipient, Bi(entry.recipient, entry.recipient)
                ),
                power_of_attorney=poa,
                issued_by=entry.issued_by_name,
            )
        )
    return JournalContext(
        office=office_info(office),
        period_start=start,
        period_end=end,
        rows=tuple(rows),
        prepared_by=prepared_by,
    )


def queue_list_context(*, district: District, list_code: str, as_of: dt.date) -> QueueListContext:
    """The published list as it stood at the end of ``as_of`` (the queue code's rows: sequence
    number, masked name, registration date, request number; never a full name or IIN)."""
    try:
        from kezek.housing_queue.selectors import publication_rows, queue_list_public
    except ImportError as exc:
        raise KezekError(_("The housing queue is not available."), field="list") from exc
    queue_list = queue_list_public(district_code=district.code, list_code=list_code)
    names = _list_names(as_of)
    return QueueListContext(
        office=office_info(authorized_body(district)),
        list_code=list_code,
        list_name=names.get(list_code, Bi(list_code, list_code)),
        as_of=as_of,
        rows=tuple(
            QueueListRow(
                position=row.number,
                full_name=row.name_masked,
                registered_on=row.registered_on,
                request_number=row.request_number,
            )
            for row in publication_rows(queue_list=queue_list, as_of=as_of)
        ),
    )
