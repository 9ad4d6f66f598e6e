"""Reads of paperwork, and the gate to an issued document (out of scope = not found)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import may
from kezek.applications.access import applications_in_scope
from kezek.common.errors import NotFoundError
from kezek.core.errors import ErrorCode

from .choices import DeliveryStatus, OrderStatus
from .models import DocumentOrder, IssuedDocument, OutboxMessage

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application


def documents_in_scope(user: User) -> QuerySet[IssuedDocument]:
    """Documents of the applications the user may see, plus the district's registries and
    reports for AB staff (PSC staff: those of their own office)."""
    if not user.is_authenticated or not user.is_active or not user.role or user.office is None:
        return IssuedDocument.objects.none()
    base = IssuedDocument.objects.filter(district_id=user.office.district_id)
    of_applications = base.filter(application__in=applications_in_scope(user))
    if may(user, "paperwork.read_district"):
        return of_applications | base.filter(application__isnull=True)
    return of_applications | base.filter(application__isnull=True, office=user.office)


def access_document(user: User, document_id: int) -> IssuedDocument:
    document = documents_in_scope(user).select_related("office").filter(pk=document_id).first()
    if document is None:
        raise NotFoundError(_("No such document."), field="document_id", code=ErrorCode.NOT_FOUND)
    return document


def documents_for_application(*, application: Application) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(application=application).order_by("-issued_at", "-id")


def document_orders_waiting(*, application: Application) -> QuerySet[DocumentOrder]:
    """The file's documents a worker has not made yet ("being prepared"), oldest first."""
    return (
        DocumentOrder.objects.filter(application=application)
        .exclude(status=OrderStatus.DONE)
        .order_by("created_at", "id")
    )


def latest_document(*, application: Application, kind: str, language: str) -> IssuedDocument | None:
    """The last valid document of a kind in a language (a reprint gives the same bytes)."""
    return (
        IssuedDocument.objects.filter(
            application=application, kind=kind, language=language, status="valid"
        )
        .order_by("-issued_at", "-id")
        .first()
    )


def outbox_for(*, user: User, status: str | None = None) -> QuerySet[OutboxMessage]:
    """The district's outgoing messages for its AB staff; nothing for anyone else."""
    if (
        not user.is_authenticated
        or not user.is_active
        or not may(user, "paperwork.read_outbox")
        or user.office is None
    ):
        return OutboxMessage.objects.none()
    messages = OutboxMessage.objects.filter(district_id=user.office.district_id).select_related(
        "document", "application"
    )
    if status in DeliveryStatus.values:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-id")


def messages_of_file(*, user: User, application_id: int) -> QuerySet[OutboxMessage]:
    """What was sent about one file and when (the file page), for those who see the outbox."""
    return outbox_for(user=user).filter(application_id=application_id)


def access_delivery(user: User, delivery_id: int) -> OutboxMessage:
    delivery = outbox_for(user=user).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFoundError(_("No such message."), field="delivery_id", code=ErrorCode.NOT_FOUND)
    return delivery
