"""Writes of paperwork: issue a document, supersede it, verify it, deliver it by e-mail.

Every write locks what it changes, checks the actor, and writes its audit record with the
clause it implements in the same transaction; e-mail is sent after the commit (reg:18).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import Channel
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.core.text import data_language
from kezek.offices.models import Office
from kezek.signatures import SignatureError, get_backend, key_for_official

from . import builders
from .choices import (
    KIND_CLAUSES,
    KIND_PREFIXES,
    RESULT_KINDS,
    DeliveryStatus,
    DocumentKind,
    DocumentStatus,
)
from .contexts import (
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
from .models import DocumentNumberCounter, EmailDelivery, IssuedDocument
from .rendering import context_json, render_pdf, verification_url
from .wording import SERVICE_NAME, WORDING, kind_name

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

#: Who may issue each kind (reg:19 units and the AB office clerk); None as actor is the system.
ISSUERS: dict[str, tuple[str, ...]] = {
    DocumentKind.RECEIPT: (Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR),
    DocumentKind.ACCEPTANCE_REPORT: (Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK),
    DocumentKind.REGISTRATION_NOTICE: (Role.AB_HEAD, Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK),
    DocumentKind.MOTIVATED_REFUSAL: (Role.AB_HEAD, Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK),
    DocumentKind.DISPATCH_REGISTRY: (Role.PSC_BACK_OFFICE,),
    DocumentKind.BATCH_RECEIPT: (Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK),
    DocumentKind.ISSUE_JOURNAL: (
        Role.AB_OFFICE_CLERK,
        Role.AB_HEAD,
        Role.PSC_INSPECTOR,
        Role.ADMINISTRATOR,
    ),
    DocumentKind.QUEUE_LIST: (
        Role.AB_EXECUTOR,
        Role.AB_HEAD,
        Role.AB_OFFICE_CLERK,
        Role.ADMINISTRATOR,
    ),
}

# Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits: guessing a valid code is hopeless
LOOK_ALIKES = str.maketrans("OILU", "011V")
#: E-mail retries back off from 1 minute to at most 6 hours, and never stop (reg:18).
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600
#: A "sending" claim older than this is taken as a crashed sender and retried.
STALE_SENDING = dt.timedelta(minutes=15)


# --------------------------------------------------------------------------- helpers


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def normalize_code(value: str) -> str:
    """What a person typed → the stored code: case, spaces, dashes and look-alikes forgiven."""
    text = "".join(value.split()).replace("-", "").upper()
    return text.translate(LOOK_ALIKES)


def _next_number(*, district_id: int, kind: str, year: int) -> int:
    counter, _created = DocumentNumberCounter.objects.select_for_update().get_or_create(
        district_id=district_id, kind=kind, year=year
    )
    counter = DocumentNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def _check_actor(actor: User | None, *, kind: str, district_id: int, office: Office) -> None:
    if actor is None:
        return  # the system: intake automation, the CLI, the portal
    if (
        not actor.is_active
        or actor.office is None
        or actor.office.district_id != district_id
        or actor.role not in ISSUERS[kind]
    ):
        raise PermissionDeniedError(
            _("Your role may not issue this document."), field="kind", code="forbidden"
        )
    if actor.office.is_psc and actor.office_id != office.pk:
        # PSC staff act for their own branch: its receipts and its registries.
        raise PermissionDeniedError(
            _("Your role may not issue this document."), field="office", code="forbidden"
        )


def _language(language: str | None, application: Application | None) -> str:
    if language is None:
        return application.language if application is not None else "kk"
    if language not in ("kk", "ru"):
        raise KezekError(_("Documents are issued in Kazakh or Russian."), field="language")
    return language


def build_context(
    *, kind: str, application: Application | None = None, subject: Any = None
) -> DocumentContext:
    """The context of a document: ``subject`` when it is already one (the caller built it, e.g.
    the workflow with its frozen decision, or the queue with the list rows); else a builder."""
    expected = CONTEXT_TYPES[kind]
    if isinstance(subject, expected):
        return subject  # type: ignore[no-any-return]
    if subject is not None and type(subject).__name__ in {
        t.__name__ for t in CONTEXT_TYPES.values()
    }:
        raise KezekError(_("The data do not fit this kind of document."), field="subject")
    if kind in (DocumentKind.DISPATCH_REGISTRY, DocumentKind.BATCH_RECEIPT):
        if subject is None or not hasattr(subject, "items"):
            raise KezekError(_("Name the dispatch registry."), field="subject")
        if kind == DocumentKind.DISPATCH_REGISTRY:
            return builders.registry_context(subject)
        return builders.batch_receipt_context(subject)
    if kind in (DocumentKind.ISSUE_JOURNAL, DocumentKind.QUEUE_LIST):
        raise KezekError(_("This document is made from a report's data."), field="subject")
    if application is None:
        raise KezekError(_("Name the application."), field="application")
    if kind == DocumentKind.RECEIPT:
        return builders.receipt_context(application)
    if kind == DocumentKind.ACCEPTANCE_REPORT:
        return builders.acceptance_report_context(application)
    if kind == DocumentKind.REGISTRATION_NOTICE:
        return builders.notice_context(application)
    return builders.refusal_context(application)


def _subject_ref(subject: Any) -> tuple[str, str]:
    meta = getattr(subject, "_meta", None)
    if meta is not None and getattr(subject, "pk", None) is not None:
        return meta.label, str(subject.pk)
    return "", ""


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

    - ``subject``: a context dataclass the caller built, or a workflow record (a dispatch
      registry); without it the document is built from ``application``.
    - ``language``: ``kk`` or ``ru``; by default the application's language, else Kazakh.
    - ``sign``: sign with the head's EDS; by default results (notice, refusal) are signed when
      sent electronically (a portal application, or one with an e-mail address, reg:18).
      ``signer`` is the head; by default the actor when they are the head, else the district's
      active head.
    - ``email``: queue an e-mail with the PDF; by default for results when the application
      gives an address (reg:18).
    """
    if kind not in DocumentKind.values:
        raise KezekError(_("Unknown kind of document."), field="kind")
    language = _language(language, application)
    context = build_context(kind=kind, application=application, subject=subject)
    office = Office.objects.select_related("district").filter(code=context.office.code).first()
    if office is None:
        raise KezekError(_("Unknown issuing office."), field="office")
    district = office.district
    if application is not None and application.district_id != district.pk:
        raise KezekError(_("The office is not in the application's district."), field="office")
    _check_actor(actor, kind=kind, district_id=district.pk, office=office)

    electronic = bool(
        application is not None
        and (application.channel == Channel.PORTAL or application.contact_email)
    )
    must_sign = sign if sign is not None else (kind in RESULT_KINDS and electronic)
    if must_sign:
        signer = signer or (actor if actor is not None and actor.role == Role.AB_HEAD else None)
        signer = signer or builders.head_of(district)
        if signer is None or signer.role != Role.AB_HEAD:
            raise KezekError(
                _("Only the head of the authorized body signs results (reg:18)."), field="signer"
            )
    # reg:18: e-mail only when the applicant gave an address; the cabinet gets it regardless.
    send_email = (
        email
        if email is not None
        else (kind in RESULT_KINDS and application is not None and bool(application.contact_email))
    )
    to = application.contact_email if application is not None else ""
    if send_email and not to:
        raise KezekError(_("The application gives no e-mail address."), field="email")

    subject_type, subject_id = _subject_ref(subject)
    with transaction.atomic():
        if application is not None:
            # One document at a time per file: numbers and codes stay in issue order.
            Application.objects.select_for_update().filter(pk=application.pk).first()
        now = timezone.now()
        sequence = _next_number(
            district_id=district.pk, kind=kind, year=timezone.localdate(now).year
        )
        number = f"{district.code.upper()}-{KIND_PREFIXES[kind]}-{timezone.localdate(now).year}-{sequence:05d}"
        code = _new_code()
        rendered = render_pdf(
            kind=kind,
            context=context,
            language=language,
            number=number,
            code=code,
            issued_at=now,
            electronic_signatory=signer.display_name if must_sign and signer else "",
        )
        digest = hashlib.sha256(rendered.pdf).hexdigest()
        document = IssuedDocument(
            district=district,
            kind=kind,
            number=number,
            code=code,
            application=application,
            subject_type=subject_type,
            subject_id=subject_id,
            office=office,
            language=language,
            issued_at=now,
            issued_by=actor,
            template_version=rendered.template_version,
            context=context_json(context),
            pdf=rendered.pdf,
            sha256=digest,
            size=len(rendered.pdf),
        )
        if must_sign and signer is not None:
            _sign(document, signer)
        document.save()
        audit_record_write(
            actor=actor,
            action="document.issued",
            obj=document,
            after={
                "kind": kind,
                "number": number,
                "language": language,
                "sha256": digest,
                "template_version": rendered.template_version,
                "application": application.request_number if application else None,
                "signed_by": document.signer_name or None,
            },
            clauses=[*KIND_CLAUSES[kind], *(["reg:18"] if must_sign else [])],
            district_code=district.code,
        )
        if send_email:
            paperwork_email_queue(actor=actor, document=document, to=to)
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
        raise KezekError(
            _("The document could not be signed: %(detail)s") % {"detail": str(exc)},
            field="signature",
            code="signature_failed",
        ) from exc
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
        raise KezekError(_("Give the reason."), field="reason")
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


# --------------------------------------------------------------------------- verify


@dataclass(frozen=True)
class VerificationResult:
    """What the public may learn about a document: nothing about the person."""

    code: str
    found: bool
    kind: str = ""
    number: str = ""
    issued_at: dt.datetime | None = None
    office_kk: str = ""
    office_ru: str = ""
    valid: bool = False
    superseded_at: dt.datetime | None = None
    language: str = ""
    template_version: str = ""
    pdf_checked: bool = False
    pdf_matches: bool | None = None
    signed: bool = False
    signature_valid: bool | None = None
    signer: str = ""  # the official's name from the certificate (not the citizen)
    signature_error: str = ""

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label) if self.kind else ""

    @property
    def genuine(self) -> bool:
        """Found, and (when a PDF was given) byte-identical, and (when signed) the signature holds."""
        return (
            self.found
            and (not self.pdf_checked or bool(self.pdf_matches))
            and (not self.signed or bool(self.signature_valid))
        )

    def office(self, language: str) -> str:
        return self.office_ru if language.startswith(("ru", "en")) else self.office_kk


def _result_for(document: IssuedDocument, *, pdf_bytes: bytes | None) -> VerificationResult:
    signed = document.signature is not None and len(bytes(document.signature)) > 0
    signature_valid: bool | None = None
    signer = error = ""
    if signed:
        try:
            who = get_backend().verify(
                data=bytes(document.pdf), signature=bytes(document.signature or b"")
            )
        except SignatureError as exc:
            signature_valid, error = False, str(exc)
        else:
            signature_valid, signer = True, who.common_name
    matches = None
    if pdf_bytes is not None:
        matches = secrets.compare_digest(hashlib.sha256(pdf_bytes).hexdigest(), document.sha256)
    return VerificationResult(
        code=document.code,
        found=True,
        kind=document.kind,
        number=document.number,
        issued_at=document.issued_at,
        office_kk=document.office.name_kk,
        office_ru=document.office.name_ru,
        valid=document.status == DocumentStatus.VALID,
        superseded_at=document.superseded_at,
        language=document.language,
        template_version=document.template_version,
        pdf_checked=pdf_bytes is not None,
        pdf_matches=matches,
        signed=signed,
        signature_valid=signature_valid,
        signer=signer,
        signature_error=error,
    )


def paperwork_verify(*, code: str, pdf_bytes: bytes | None = None) -> VerificationResult:
    """The public check of a document by its code; with ``pdf_bytes``, also whether that file is
    the one issued (its SHA-256: one changed byte fails). Reads only."""
    normalized = normalize_code(code or "")
    if len(normalized) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in normalized):
        return VerificationResult(code=normalized, found=False)
    document = IssuedDocument.objects.select_related("office").filter(code=normalized).first()
    if document is None:
        return VerificationResult(code=normalized, found=False)
    return _result_for(document, pdf_bytes=pdf_bytes)


def paperwork_verify_pdf(*, pdf_bytes: bytes) -> VerificationResult:
    """A PDF checked without its code: it is genuine when its SHA-256 is that of an issued one."""
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    document = IssuedDocument.objects.select_related("office").filter(sha256=digest).first()
    if document is None:
        return VerificationResult(code="", found=False, pdf_checked=True, pdf_matches=False)
    return _result_for(document, pdf_bytes=pdf_bytes)


# --------------------------------------------------------------------------- e-mail (reg:18)


def paperwork_email_queue(
    *, actor: User | None, document: IssuedDocument, to: str, language: str | None = None
) -> EmailDelivery:
    """Queue an e-mail with the document attached; it is sent after the commit, and retried
    by ``kezek paperwork deliver`` until it goes (reg:18)."""
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError as exc:
        raise KezekError(_("Enter a valid e-mail address."), field="to") from exc
    with transaction.atomic():
        delivery = EmailDelivery.objects.create(
            document=document,
            district_id=document.district_id,
            to=to,
            language=language or document.language,
            status=DeliveryStatus.PENDING,
            created_by=actor,
            next_attempt_at=timezone.now(),
        )
        audit_record_write(
            actor=actor,
            action="document.email_queued",
            obj=document,
            after={"to": to, "delivery": delivery.pk},
            clauses=["reg:18"],
            district_code=document.district.code,
        )
        delivery_id = delivery.pk
        transaction.on_commit(lambda: email_delivery_send(delivery_id=delivery_id))
    return delivery


def _claim(delivery_id: int, now: dt.datetime) -> EmailDelivery | None:
    """Take the delivery for one attempt (a short transaction, so the SMTP talk holds no lock)."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(of=("self",))
            .select_related("document", "document__office", "document__application__applicant")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status == DeliveryStatus.SENT:
            return None
        if (
            delivery.status == DeliveryStatus.SENDING
            and delivery.last_attempt_at
            and now - delivery.last_attempt_at < STALE_SENDING
        ):
            return None  # another process is sending it right now
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.save(update_fields=["status", "attempts", "last_attempt_at"])
        return delivery


def email_message(delivery: EmailDelivery) -> EmailMessage:
    """The message in the document's language: subject, body, the PDF and its signature."""
    document = delivery.document
    index = 1 if data_language(delivery.language) == "ru" else 0
    name = kind_name(document.kind, delivery.language)
    applicant = document.application.applicant.full_name if document.application else ""
    signed = bool(document.signature)
    subject = WORDING["email_subject"][index] % {"document": name, "number": document.number}
    body = WORDING["email_body"][index] % {
        "name": applicant or "",
        "service": SERVICE_NAME[index],
        "document": name,
        "number": document.number,
        "signed": WORDING["email_signed"][index] if signed else "",
        "url": verification_url(document.code),
        "code": document.display_code,
        "office": document.office.name_ru if index else document.office.name_kk,
    }
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.to],
        headers={
            "X-Kezek-Document": document.number,
            "Message-ID": make_msgid(domain=str(DNS_NAME)),
        },
    )
    message.attach(f"{document.number}.pdf", bytes(document.pdf), "application/pdf")
    if signed:
        message.attach(
            f"{document.number}.pdf.p7s",
            bytes(document.signature or b""),
            "application/pkcs7-signature",
        )
    return message


def email_delivery_send(
    *, delivery_id: int, now: dt.datetime | None = None
) -> EmailDelivery | None:
    """One attempt to send a queued e-mail; a failure is recorded (status failed, the error,
    when to retry) and never raised to the caller: the outbox shows it to staff."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    try:
        message = email_message(delivery)
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        message.connection = connection
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP, DNS, TLS, refused connection…: all are retried later
        error = f"{type(exc).__name__}: {exc}"[:2000]
        delay = min(RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1), RETRY_MAX_SECONDS)
        with transaction.atomic():
            EmailDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED,
                last_error=error,
                next_attempt_at=now + dt.timedelta(seconds=delay),
            )
            audit_record_write(
                actor=None,
                action="document.email_failed",
                obj=delivery.document,
                after={"to": delivery.to, "attempt": delivery.attempts, "error": error[:300]},
                clauses=["reg:18"],
                district_code=delivery.document.district.code,
            )
        logger.warning("e-mail %s to %s failed: %s", delivery.pk, delivery.to, error)
    else:
        message_id = str(message.extra_headers.get("Message-ID", ""))
        with transaction.atomic():
            EmailDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.SENT,
                sent_at=timezone.now(),
                last_error="",
                next_attempt_at=None,
                message_id=message_id[:300],
            )
            audit_record_write(
                actor=None,
                action="document.emailed",
                obj=delivery.document,
                after={"to": delivery.to, "attempt": delivery.attempts},
                clauses=["reg:18"],
                district_code=delivery.document.district.code,
            )
    delivery.refresh_from_db()
    return delivery


def paperwork_email_deliver_due(
    *, now: dt.datetime | None = None, limit: int = 100
) -> dict[str, int]:
    """Send every e-mail that is due: pending, failed and due for a retry, or stuck "sending"
    after a crash. ``kezek paperwork deliver`` runs this (cron, every few minutes)."""
    now = now or timezone.now()
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stale = Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=now - STALE_SENDING)
    ids = list(
        EmailDelivery.objects.filter(due | stale)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts = {"due": len(ids), "sent": 0, "failed": 0}
    for delivery_id in ids:
        delivery = email_delivery_send(delivery_id=delivery_id, now=now)
        if delivery is not None:
            counts["sent" if delivery.status == DeliveryStatus.SENT else "failed"] += 1
    return counts


#: AB staff who see and retry the district's outbox (the auditor sees it, changes nothing).
OUTBOX_READERS = (
    Role.AB_EXECUTOR,
    Role.AB_HEAD,
    Role.AB_OFFICE_CLERK,
    Role.ADMINISTRATOR,
    Role.AUDITOR,
)
OUTBOX_WRITERS = (Role.AB_EXECUTOR, Role.AB_HEAD, Role.AB_OFFICE_CLERK, Role.ADMINISTRATOR)


def paperwork_email_retry(*, actor: User, delivery: EmailDelivery) -> EmailDelivery:
    """A staff member asks for an immediate new attempt of a failed e-mail."""
    if (
        actor.role not in OUTBOX_WRITERS
        or actor.office is None
        or actor.office.district_id != delivery.district_id
    ):
        raise PermissionDeniedError(_("Your role may not resend e-mails."), field="delivery")
    with transaction.atomic():
        locked = EmailDelivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status == DeliveryStatus.SENT:
            raise KezekError(_("This e-mail has been sent already."), field="delivery")
        locked.next_attempt_at = timezone.now()
        if locked.status == DeliveryStatus.SENDING:
            locked.status = DeliveryStatus.FAILED
        locked.save(update_fields=["next_attempt_at", "status"])
        audit_record_write(
            actor=actor,
            action="document.email_retry",
            obj=locked.document,
            after={"to": locked.to, "delivery": locked.pk},
            clauses=["reg:18"],
            district_code=locked.document.district.code,
        )
        delivery_id = locked.pk
        transaction.on_commit(lambda: email_delivery_send(delivery_id=delivery_id))
    return locked
