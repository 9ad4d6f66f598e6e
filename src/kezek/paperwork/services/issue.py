"""Issue a document (render, number, store, sign, audit) and supersede one.

Every write locks what it changes, checks the actor, and writes its audit record with the
clause it implements in the same transaction; e-mail is sent after the commit (reg:18). The
context comes from the caller or from the builder the owner app registered (ADR 0008).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import Channel
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.common.numbering import counter_next
from kezek.core.errors import ErrorCode
from kezek.offices.models import District, Office
from kezek.signatures import SignatureError, get_backend, key_for_official, signature_refusal

from ..access import issuer_check
from ..choices import KIND_CLAUSES, KIND_PREFIXES, RESULT_KINDS, DocumentKind, DocumentStatus
from ..codes import code_new
from ..context_parts import head_of
from ..contexts import (
    AcceptanceReportContext,
    BatchReceiptContext,
    DocumentContext,
    JournalContext,
    NoticeContext,
    QueueListContext,
    ReceiptContext,
    RefusalContext,
    RegistryContext,
)
from ..models import DocumentNumberCounter, IssuedDocument
from ..rendering import Rendered, context_json, render_pdf
from ..sources import context_builder
from .outbox import paperwork_email_queue

if TYPE_CHECKING:
    from kezek.accounts.models import User

logger = logging.getLogger(__name__)

CONTEXT_TYPES: dict[str, type[Any]] = {
    DocumentKind.RECEIPT: ReceiptContext,
    DocumentKind.ACCEPTANCE_REPORT: AcceptanceReportContext,
    DocumentKind.REGISTRATION_NOTICE: NoticeContext,
    DocumentKind.MOTIVATED_REFUSAL: RefusalContext,
    DocumentKind.DISPATCH_REGISTRY: RegistryContext,
    DocumentKind.BATCH_RECEIPT: BatchReceiptContext,
    DocumentKind.ISSUE_JOURNAL: JournalContext,
    DocumentKind.QUEUE_LIST: QueueListContext,
}
_CONTEXT_NAMES = frozenset(t.__name__ for t in CONTEXT_TYPES.values())
#: Made from a report's rows (a period, a list), never from one application or record.
REPORT_KINDS = (DocumentKind.ISSUE_JOURNAL, DocumentKind.QUEUE_LIST)


# --------------------------------------------------------------------------- the steps


def _language(language: str | None, application: Application | None) -> str:
    """The document's language: the one asked for, else the application's, else Kazakh."""
    if language is None:
        return application.language if application is not None else "kk"
    if language not in ("kk", "ru"):
        raise KezekError(_("Documents are issued in Kazakh or Russian."), field="language")
    return language


def build_context(
    *, kind: str, application: Application | None = None, subject: Any = None
) -> DocumentContext:
    """The context of a document: ``subject`` when it is already one (the caller built it, e.g.
    the workflow with its frozen decision, or the queue with the list rows); else the builder
    the owner app registered for ``kind``."""
    expected = CONTEXT_TYPES[kind]
    if isinstance(subject, expected):
        return subject  # type: ignore[no-any-return]
    if subject is not None and type(subject).__name__ in _CONTEXT_NAMES:
        raise KezekError(_("The data do not fit this kind of document."), field="subject")
    if kind in REPORT_KINDS:
        raise KezekError(_("This document is made from a report's data."), field="subject")
    return context_builder(kind)(application=application, subject=subject)


def _issuing_office(context: DocumentContext, application: Application | None) -> Office:
    """The office that heads the document, in the application's district."""
    office = Office.objects.select_related("district").filter(code=context.office.code).first()
    if office is None:
        raise KezekError(_("Unknown issuing office."), field="office")
    if application is not None and application.district_id != office.district_id:
        raise KezekError(_("The office is not in the application's district."), field="office")
    return office


def _signer(
    *,
    kind: str,
    application: Application | None,
    actor: User | None,
    signer: User | None,
    sign: bool | None,
    district: District,
) -> User | None:
    """Who signs with the EDS, or None when the document is not signed. By default results are
    signed when sent electronically (a portal application, or one with an e-mail, reg:18)."""
    electronic = bool(
        application is not None
        and (application.channel == Channel.PORTAL or application.contact_email)
    )
    if not (sign if sign is not None else (kind in RESULT_KINDS and electronic)):
        return None
    signer = signer or (actor if actor is not None and actor.role == Role.AB_HEAD else None)
    signer = signer or head_of(district)
    if signer is None or signer.role != Role.AB_HEAD:
        raise KezekError(
            _("Only the head of the authorized body signs results (reg:18)."), field="signer"
        )
    return signer


def _email_to(*, kind: str, application: Application | None, email: bool | None) -> str:
    """The address the document is e-mailed to, or "" for none. reg:18: by default results,
    when the applicant gave an address; the cabinet gets them regardless."""
    send = (
        email
        if email is not None
        else (kind in RESULT_KINDS and application is not None and bool(application.contact_email))
    )
    if not send:
        return ""
    to = application.contact_email if application is not None else ""
    if not to:
        raise KezekError(_("The application gives no e-mail address."), field="email")
    return to


def _number(*, district: District, kind: str, now: dt.datetime) -> str:
    """``AKT-R-2026-00001``: the district, the kind, the year and the kind's count that year."""
    year = timezone.localdate(now).year
    sequence = counter_next(DocumentNumberCounter, district_id=district.pk, kind=kind, year=year)
    return f"{district.code.upper()}-{KIND_PREFIXES[kind]}-{year}-{sequence:05d}"


@dataclass(frozen=True)
class IssuePlan:
    """What one issue is about, decided before anything is written."""

    kind: str
    language: str
    context: DocumentContext
    office: Office
    application: Application | None
    subject: Any
    actor: User | None
    signer: User | None
    email_to: str


def _subject_ref(subject: Any) -> tuple[str, str]:
    """The owner app's record a document was made from (a dispatch registry), by label and key."""
    if isinstance(subject, models.Model) and subject.pk is not None:
        return subject._meta.label, str(subject.pk)
    return "", ""


def _rendered(issue: IssuePlan, *, number: str, code: str, now: dt.datetime) -> Rendered:
    """The PDF, with the head's name under "signed electronically" when it is signed."""
    return render_pdf(
        kind=issue.kind,
        context=issue.context,
        language=issue.language,
        number=number,
        code=code,
        issued_at=now,
        electronic_signatory=issue.signer.display_name if issue.signer else "",
    )


def _stored(
    issue: IssuePlan, rendered: Rendered, *, number: str, code: str, now: dt.datetime
) -> IssuedDocument:
    """Keep the PDF with its hash, template version and context, signed when it must be."""
    document = _made(issue, rendered, number=number, code=code, now=now)
    document.save()
    return document


def _made(
    issue: IssuePlan, rendered: Rendered, *, number: str, code: str, now: dt.datetime
) -> IssuedDocument:
    """The document, signed when it must be, not saved yet (signing holds no lock)."""
    subject_type, subject_id = _subject_ref(issue.subject)
    document = IssuedDocument(
        district=issue.office.district,
        kind=issue.kind,
        number=number,
        code=code,
        application=issue.application,
        subject_type=subject_type,
        subject_id=subject_id,
        office=issue.office,
        language=issue.language,
        issued_at=now,
        issued_by=issue.actor,
        template_version=rendered.template_version,
        context=context_json(issue.context),
        pdf=rendered.pdf,
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        size=len(rendered.pdf),
    )
    if issue.signer is not None:
        _sign(document, issue.signer)
    return document


def _audit_issued(issue: IssuePlan, document: IssuedDocument) -> None:
    audit_record_write(
        actor=issue.actor,
        action="document.issued",
        obj=document,
        after={
            "kind": issue.kind,
            "number": document.number,
            "language": issue.language,
            "sha256": document.sha256,
            "template_version": document.template_version,
            "application": issue.application.request_number if issue.application else None,
            "signed_by": document.signer_name or None,
        },
        clauses=[*KIND_CLAUSES[issue.kind], *(["reg:18"] if issue.signer else [])],
        district_code=issue.office.district.code,
    )


# --------------------------------------------------------------------------- issue


def paperwork_issue(
    *,
    actor: User | None,
    kind: str,
    application: Application | None = None,
    subject: Any = None,
    language: str | None = None,
    signer: User | None = None,
    sign: bool | None = None,
    email: bool | None = None,
) -> IssuedDocument:
    """Render, store (PDF, SHA-256, template version, verification code), sign and audit one
    document; return the record.

    - ``subject``: a context dataclass the caller built, or the owner app's record (a dispatch
      registry); without it the document is built from ``application``.
    - ``language``: ``kk`` or ``ru``; by default the application's language, else Kazakh.
    - ``sign``: sign with the head's EDS; by default results (notice, refusal) are signed when
      sent electronically (a portal application, or one with an e-mail address, reg:18).
      ``signer`` is the head; by default the actor when they are the head, else the district's
      active head.
    - ``email``: queue an e-mail with the PDF; by default for results when the application
      gives an address (reg:18).
    """
    issue = issue_plan(
        actor=actor,
        kind=kind,
        application=application,
        subject=subject,
        language=language,
        signer=signer,
        sign=sign,
        email=email,
    )
    district = issue.office.district
    with transaction.atomic():
        if application is not None:
            # One document at a time per file: numbers and codes stay in issue order.
            Application.objects.select_for_update().filter(pk=application.pk).first()
        now = timezone.now()
        number, code = _number(district=district, kind=kind, now=now), code_new()
        rendered = _rendered(issue, number=number, code=code, now=now)
        document = _stored(issue, rendered, number=number, code=code, now=now)
        _audit_issued(issue, document)
        if issue.email_to:
            paperwork_email_queue(actor=actor, document=document, to=issue.email_to)
    return document


def issue_plan(
    *,
    actor: User | None,
    kind: str,
    application: Application | None = None,
    subject: Any = None,
    language: str | None = None,
    signer: User | None = None,
    sign: bool | None = None,
    email: bool | None = None,
) -> IssuePlan:
    """Decide everything about one issue before anything is written: the context, the office,
    the issuer's right, the signer, the e-mail (the arguments of `paperwork_issue`)."""
    if kind not in DocumentKind.values:
        raise KezekError(_("Unknown kind of document."), field="kind")
    language = _language(language, application)
    context = build_context(kind=kind, application=application, subject=subject)
    office = _issuing_office(context, application)
    district = office.district
    issuer_check(actor, kind=kind, district_id=district.pk, office=office)
    return IssuePlan(
        kind=kind,
        language=language,
        context=context,
        office=office,
        application=application,
        subject=subject,
        actor=actor,
        signer=_signer(
            kind=kind,
            application=application,
            actor=actor,
            signer=signer,
            sign=sign,
            district=district,
        ),
        email_to=_email_to(kind=kind, application=application, email=email),
    )


def issue_number(*, district: District, kind: str, now: dt.datetime) -> tuple[str, str]:
    """The next number of the kind in the district, and a new verification code."""
    return _number(district=district, kind=kind, now=now), code_new()


def issue_render(issue: IssuePlan, *, number: str, code: str, now: dt.datetime) -> IssuedDocument:
    """Render and sign, holding no transaction and no lock: the unsaved document."""
    rendered = _rendered(issue, number=number, code=code, now=now)
    return _made(issue, rendered, number=number, code=code, now=now)


def issue_store(issue: IssuePlan, document: IssuedDocument) -> IssuedDocument:
    """Store a rendered document with its audit record, and queue its e-mail; call it inside
    the caller's transaction."""
    document.save()
    _audit_issued(issue, document)
    if issue.email_to:
        paperwork_email_queue(actor=issue.actor, document=document, to=issue.email_to)
    return document


def _sign(document: IssuedDocument, signer: User) -> None:
    """reg:15.2, reg:18: the head's detached CMS over the exact PDF bytes, checked at once."""
    pdf = bytes(document.pdf)
    try:
        key_id = key_for_official(username=signer.username, name=signer.display_name)
        backend = get_backend()
        signature = backend.sign(data=pdf, key_id=key_id)
        who = backend.verify(data=pdf, signature=signature)
    except SignatureError as exc:
        logger.warning("signing %s failed: %s", document.number, exc)
        raise signature_refusal(exc, during="sign") from exc
    document.signature = signature
    document.signed_by = signer
    document.signer_name = who.common_name
    document.signer_certificate_serial = who.serial
    document.signed_at = timezone.now()


def paperwork_supersede(
    *, document: IssuedDocument, reason: str, actor: User | None = None
) -> IssuedDocument:
    """Mark a document no longer valid (a notice whose queue entry was removed, reg:5). The
    verification page then says so; the PDF and its hash stay, for the record."""
    reason = (reason or "").strip()
    if not reason:
        raise KezekError(_("Give the reason."), field="reason", code=ErrorCode.REQUIRED)
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == DocumentStatus.SUPERSEDED:
            return locked
        locked.status = DocumentStatus.SUPERSEDED
        locked.superseded_at = timezone.now()
        locked.superseded_reason = reason[:300]
        locked.save(update_fields=["status", "superseded_at", "superseded_reason"])
        audit_record_write(
            actor=actor,
            action="document.superseded",
            obj=locked,
            before={"status": DocumentStatus.VALID},
            after={"status": DocumentStatus.SUPERSEDED, "reason": locked.superseded_reason},
            clauses=list(KIND_CLAUSES[locked.kind]),
            district_code=locked.district.code,
        )
    document.status, document.superseded_at = locked.status, locked.superseded_at
    document.superseded_reason = locked.superseded_reason
    return locked
