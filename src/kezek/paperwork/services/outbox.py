"""The e-mail outbox (reg:18): a document is queued with its PDF, sent after the commit, and
retried with a growing pause until it goes; staff see failures and ask for a new attempt."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

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

from kezek.accounts.permissions import may
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.core.text import data_language

from ..choices import DeliveryStatus
from ..models import EmailDelivery, IssuedDocument
from ..rendering import verification_url
from ..wording import SERVICE_NAME, WORDING, kind_name

if TYPE_CHECKING:
    from kezek.accounts.models import User

logger = logging.getLogger(__name__)

#: E-mail retries back off from 1 minute to at most 6 hours, and never stop (reg:18).
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600
#: A "sending" claim older than this is taken as a crashed sender and retried.
STALE_SENDING = dt.timedelta(minutes=15)


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


def paperwork_email_retry(*, actor: User, delivery: EmailDelivery) -> EmailDelivery:
    """A staff member asks for an immediate new attempt of a failed e-mail."""
    if (
        not may(actor, "paperwork.retry_email")
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
