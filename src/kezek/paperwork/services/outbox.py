"""The outbox: every message to a citizen or a staff member, by e-mail or SMS (reg:18 for the
documents it carries). A message is a row written in the transaction of the step it tells of;
a worker sends it after the commit (the task ``outbox_message_send_task``), and retries it with a
growing pause until it goes or the server refuses the recipient for good. Staff see failures
and ask for a new attempt; nothing is dropped silently (ADR 0011).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import may
from kezek.audit.actions import AuditAction
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.core.text import data_language

from ..choices import DeliveryStatus, MessageChannel
from ..models import IssuedDocument, OutboxMessage
from ..rendering import verification_url
from ..sms import SmsRefused, phone_normalise, sms_gateway
from ..wording import SERVICE_NAME, WORDING, kind_name

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application

logger = logging.getLogger(__name__)

#: Retries back off from 1 minute to at most 6 hours, and never stop (reg:18).
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Outgoing:
    """One message to queue: who gets it, by which channel, in which language, and its text."""

    channel: str
    recipient: str
    language: str
    template: str
    subject: str
    body: str


def _stale() -> dt.timedelta:
    return dt.timedelta(seconds=settings.KEZEK_OUTBOX_STALE_SECONDS)


def _recipient_problem(channel: str, recipient: str) -> tuple[str, str]:
    """The recipient as it will be used, and why it cannot be ("" when it can)."""
    if channel == MessageChannel.SMS:
        phone = phone_normalise(recipient)
        if phone is None:
            return recipient, "not a Kazakh mobile number"
        return phone, ""
    try:
        validate_email(recipient)
    except ValidationError:
        return recipient, "not an e-mail address"
    return recipient, ""


def _enqueue_after_commit(message_id: int) -> None:
    from kezek.paperwork.tasks import outbox_message_send_task

    transaction.on_commit(lambda: outbox_message_send_task.enqueue(message_id=message_id))


def _audit_target(message: OutboxMessage) -> models.Model:
    """A document's e-mail is told on the document; any other message on its file."""
    return message.document or message.application or message


def outbox_messages_queue(
    *,
    messages: list[Outgoing],
    district_id: int,
    application: Application | None = None,
    actor: User | None = None,
) -> list[OutboxMessage]:
    """Queue messages in the caller's transaction; each is sent after the commit.

    A recipient that cannot be one (a phone that is no mobile number) is kept as refused,
    with the reason, so staff see on the file that the citizen was not told.
    """
    queued = []
    now = timezone.now()
    with transaction.atomic():
        for outgoing in messages:
            recipient, problem = _recipient_problem(outgoing.channel, outgoing.recipient.strip())
            message = OutboxMessage.objects.create(
                channel=outgoing.channel,
                application=application,
                district_id=district_id,
                recipient=recipient[:254],
                language=outgoing.language,
                template=outgoing.template,
                subject=outgoing.subject[:300],
                body=outgoing.body,
                status=DeliveryStatus.REFUSED if problem else DeliveryStatus.PENDING,
                last_error=problem,
                next_attempt_at=None if problem else now,
                created_by=actor,
            )
            if problem:
                audit_record_write(
                    actor=actor,
                    action=AuditAction.MESSAGE_REFUSED,
                    obj=_audit_target(message),
                    after=_audit_facts(message, error=problem),
                )
            else:
                _enqueue_after_commit(message.pk)
            queued.append(message)
    return queued


def _audit_facts(message: OutboxMessage, **more: object) -> dict[str, object]:
    return {
        "message": message.pk,
        "channel": message.channel,
        "template": message.template,
        "to": message.recipient,
        **more,
    }


def paperwork_email_queue(
    *, actor: User | None, document: IssuedDocument, to: str, language: str | None = None
) -> OutboxMessage:
    """Queue an e-mail with the document attached; it is sent after the commit and retried
    until it goes (reg:18)."""
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError as exc:
        raise KezekError(_("Enter a valid e-mail address."), field="to") from exc
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            channel=MessageChannel.EMAIL,
            document=document,
            application=document.application,
            district_id=document.district_id,
            recipient=to,
            language=language or document.language,
            template="document",
            status=DeliveryStatus.PENDING,
            created_by=actor,
            next_attempt_at=timezone.now(),
        )
        audit_record_write(
            actor=actor,
            action=AuditAction.DOCUMENT_EMAIL_QUEUED,
            obj=document,
            after={"to": to, "delivery": message.pk},
            clauses=["reg:18"],
            district_code=document.district.code,
        )
        _enqueue_after_commit(message.pk)
    return message


def _claim(message_id: int, now: dt.datetime) -> OutboxMessage | None:
    """Take the message for one attempt (a short transaction: the talk with the server holds
    no lock). The e-mail's Message-ID is fixed at the first claim and kept for every attempt."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("document", "document__office", "document__application__applicant")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status in (DeliveryStatus.SENT, DeliveryStatus.REFUSED):
            return None
        if (
            message.status == DeliveryStatus.SENDING
            and message.last_attempt_at
            and now - message.last_attempt_at < _stale()
        ):
            return None  # another worker is sending it right now
        message.status = DeliveryStatus.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        if message.channel == MessageChannel.EMAIL and not message.message_id:
            message.message_id = make_msgid(idstring=f"kezek-{message.pk}", domain=str(DNS_NAME))
        message.save(update_fields=["status", "attempts", "last_attempt_at", "message_id"])
        return message


def email_message(message: OutboxMessage) -> EmailMessage:
    """The e-mail: its rendered text, or for a document the document's own wording, the PDF
    and its signature."""
    headers = {"Message-ID": message.message_id} if message.message_id else {}
    document = message.document
    if document is None:
        return EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers=headers,
        )
    index = 1 if data_language(message.language) == "ru" else 0
    name = kind_name(document.kind, message.language)
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
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"X-Kezek-Document": document.number, **headers},
    )
    email.attach(f"{document.number}.pdf", bytes(document.pdf), "application/pdf")
    if signed:
        email.attach(
            f"{document.number}.pdf.p7s",
            bytes(document.signature or b""),
            "application/pkcs7-signature",
        )
    return email


class _Refused(Exception):
    """The server refused the recipient for good."""


def _deliver(message: OutboxMessage) -> str:
    """Hand the message to its server; return the server's receipt (message id)."""
    if message.channel == MessageChannel.SMS:
        try:
            return sms_gateway().send(to=message.recipient, text=message.body)
        except SmsRefused as exc:
            raise _Refused(str(exc)) from exc
    email = email_message(message)
    email.connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        if codes and all(500 <= code < 600 for code in codes):
            raise _Refused(f"SMTP {codes[0]}: the address is refused") from exc
        raise
    return message.message_id


def outbox_message_send(*, message_id: int, now: dt.datetime | None = None) -> OutboxMessage | None:
    """One attempt to send a queued message. A failure is recorded (failed, the error, when to
    retry; or refused for good) and never raised: the outbox shows it to staff."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        receipt = _deliver(message)
    except _Refused as exc:
        _record(message, status=DeliveryStatus.REFUSED, error=str(exc)[:2000], now=now)
    except Exception as exc:  # SMTP, DNS, TLS, SMPP (SmsFailed), refused connection: retried
        _record(
            message, status=DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}", now=now
        )
    else:
        _record(message, status=DeliveryStatus.SENT, receipt=receipt, now=now)
    message.refresh_from_db()
    return message


def _record(
    message: OutboxMessage, *, status: str, now: dt.datetime, error: str = "", receipt: str = ""
) -> None:
    """Write the attempt's outcome and its audit record."""
    error = error[:2000]
    fields: dict[str, object] = {"status": status, "last_error": error}
    if status == DeliveryStatus.SENT:
        fields.update(sent_at=timezone.now(), next_attempt_at=None, message_id=receipt[:300])
    elif status == DeliveryStatus.REFUSED:
        fields.update(next_attempt_at=None)
    else:
        delay = min(RETRY_BASE_SECONDS * 2 ** (message.attempts - 1), RETRY_MAX_SECONDS)
        fields.update(next_attempt_at=now + dt.timedelta(seconds=delay))
    document = message.document
    if document is not None:
        outcomes: dict[str, AuditAction] = {
            DeliveryStatus.SENT: AuditAction.DOCUMENT_EMAILED,
            DeliveryStatus.REFUSED: AuditAction.MESSAGE_REFUSED,
        }
        action = outcomes.get(status, AuditAction.DOCUMENT_EMAIL_FAILED)
        after: dict[str, object] = {"to": message.recipient, "attempt": message.attempts}
    else:
        outcomes = {
            DeliveryStatus.SENT: AuditAction.MESSAGE_SENT,
            DeliveryStatus.REFUSED: AuditAction.MESSAGE_REFUSED,
        }
        action = outcomes.get(status, AuditAction.MESSAGE_FAILED)
        after = _audit_facts(message, attempt=message.attempts)
    if error:
        after["error"] = error[:300]
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(**fields)
        audit_record_write(
            actor=None,
            action=action,
            obj=_audit_target(message),
            after=after,
            clauses=["reg:18"] if document is not None else [],
            district_code=document.district.code if document is not None else "",
        )
    if status != DeliveryStatus.SENT:
        logger.warning("message %s to %s: %s: %s", message.pk, message.recipient, status, error)


def outbox_deliver_due(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Send every message that is due: pending, failed and due for a retry, or stuck "sending"
    after a worker died. The worker runs this every KEZEK_OUTBOX_SWEEP_SECONDS; so does
    ``kezek paperwork deliver`` by hand."""
    now = now or timezone.now()
    due = Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stale = Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=now - _stale())
    ids = list(
        OutboxMessage.objects.filter(due | stale)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts = {"due": len(ids), "sent": 0, "failed": 0, "refused": 0}
    for message_id in ids:
        message = outbox_message_send(message_id=message_id, now=now)
        if message is not None:
            key: dict[str, str] = {DeliveryStatus.SENT: "sent", DeliveryStatus.REFUSED: "refused"}
            counts[key.get(message.status, "failed")] += 1
    return counts


def outbox_message_retry(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """A staff member asks for a new attempt: now, for a message not sent yet; as a new copy
    of the same text, for one that was sent (the citizen lost it) or refused (the number or
    address is corrected on the file first)."""
    if (
        not may(actor, "paperwork.retry_email")
        or actor.office is None
        or actor.office.district_id != message.district_id
    ):
        raise PermissionDeniedError(_("Your role may not resend messages."), field="delivery")
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status in (DeliveryStatus.SENT, DeliveryStatus.REFUSED):
            target = _copy_for_resend(locked, actor=actor)
        else:
            target = locked
            target.next_attempt_at = timezone.now()
            if target.status == DeliveryStatus.SENDING:
                target.status = DeliveryStatus.FAILED
            target.save(update_fields=["next_attempt_at", "status"])
        document = target.document
        audit_record_write(
            actor=actor,
            action=AuditAction.DOCUMENT_EMAIL_RETRY if document else AuditAction.MESSAGE_RETRY,
            obj=_audit_target(target),
            after={"to": target.recipient, "delivery": target.pk, "of": locked.pk},
            clauses=["reg:18"] if document else [],
            district_code=document.district.code if document else "",
        )
        _enqueue_after_commit(target.pk)
    return target


def _copy_for_resend(message: OutboxMessage, *, actor: User) -> OutboxMessage:
    """A new message with the same text, to the file's current contact when it changed."""
    recipient = message.recipient
    application = message.application
    if application is not None and message.document is None:
        current = (application.contact_phone if message.channel == MessageChannel.SMS else "") or (
            application.contact_email if message.channel == MessageChannel.EMAIL else ""
        )
        recipient = current or recipient
    recipient, problem = _recipient_problem(message.channel, recipient)
    if problem:
        raise KezekError(
            _("The file's phone or e-mail is not valid: correct it first."), field="delivery"
        )
    return OutboxMessage.objects.create(
        channel=message.channel,
        document=message.document,
        application=message.application,
        district_id=message.district_id,
        recipient=recipient,
        language=message.language,
        template=message.template,
        subject=message.subject,
        body=message.body,
        status=DeliveryStatus.PENDING,
        next_attempt_at=timezone.now(),
        created_by=actor,
    )
