"""Documents a step asks for, made by a worker after the commit (ADR 0011).

A step writes a DocumentOrder in its own transaction (`document_order_place`) and answers at
once: no PDF is rendered, no signature asked of NCANode, in the request or under the step's
locks. The worker (`document_order_make`) then
1. gives the number and verification code in a short transaction (kept on the order, so a
   retry reuses them: no gaps, no second number);
2. renders the PDF and signs it, holding no lock;
3. stores the document and marks the order done in one transaction.
A failure is recorded on the order (shown on the file as "being prepared", with the error to
staff) and retried with a growing pause; a worker killed at any step leaves the order to be
made again by the periodic sweep, never a second document.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import User as UserModel
from kezek.applications.models import Application
from kezek.audit.actions import AuditAction
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError

from ..choices import OrderStatus
from ..models import DocumentOrder
from .issue import issue_number, issue_plan, issue_render, issue_store
from .outbox import RETRY_BASE_SECONDS, RETRY_MAX_SECONDS

if TYPE_CHECKING:
    from kezek.accounts.models import User

logger = logging.getLogger(__name__)


def _stale() -> dt.timedelta:
    return dt.timedelta(seconds=settings.KEZEK_OUTBOX_STALE_SECONDS)


def document_order_place(
    *, actor: User | None, kind: str, application: Application | None = None, subject: Any = None
) -> DocumentOrder:
    """Ask for a document in the caller's transaction; a worker makes it after the commit.

    ``subject`` is the owner app's record the document is made from (a dispatch registry, with
    its ``district_id``); without it the document is made from ``application``."""
    from kezek.paperwork.tasks import document_order_make_task

    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label, str(subject.pk)
    elif subject is None:
        subject_type, subject_id = "", ""
    else:
        raise KezekError(_("This document is made from a record."), field="subject")
    district_id = application.district_id if application is not None else subject.district_id
    order = DocumentOrder.objects.create(
        kind=kind,
        application=application,
        subject_type=subject_type,
        subject_id=subject_id,
        district_id=district_id,
        ordered_by=actor,
        next_attempt_at=timezone.now(),
    )
    order_id = order.pk
    transaction.on_commit(lambda: document_order_make_task.enqueue(order_id=order_id))
    return order


def _claim(order_id: int, now: dt.datetime) -> DocumentOrder | None:
    with transaction.atomic():
        order = DocumentOrder.objects.select_for_update().filter(pk=order_id).first()
        if order is None or order.status == OrderStatus.DONE:
            return None
        if (
            order.status == OrderStatus.MAKING
            and order.last_attempt_at
            and now - order.last_attempt_at < _stale()
        ):
            return None  # another worker is making it
        order.status = OrderStatus.MAKING
        order.attempts += 1
        order.last_attempt_at = now
        order.save(update_fields=["status", "attempts", "last_attempt_at"])
        return order


def _subject(order: DocumentOrder) -> Any:
    if not order.subject_type:
        return None
    return apps.get_model(order.subject_type).objects.get(pk=order.subject_id)


def _reserve(order: DocumentOrder, *, district: Any, now: dt.datetime) -> DocumentOrder:
    """Step 1: the number and code, once (a retry finds them on the order)."""
    if order.number:
        return order
    with transaction.atomic():
        locked = DocumentOrder.objects.select_for_update().get(pk=order.pk)
        if not locked.number:
            locked.number, locked.code = issue_number(district=district, kind=order.kind, now=now)
            locked.issued_at = now
            locked.save(update_fields=["number", "code", "issued_at"])
    return locked


def document_order_make(*, order_id: int, now: dt.datetime | None = None) -> DocumentOrder | None:
    """One attempt to make an ordered document; a failure is recorded, never raised."""
    now = now or timezone.now()
    order = _claim(order_id, now)
    if order is None:
        return None
    try:
        actor = (
            UserModel.objects.filter(pk=order.ordered_by_id).first()
            if order.ordered_by_id
            else None
        )
        application = (
            Application.objects.select_related("applicant", "district")
            .filter(pk=order.application_id)
            .first()
            if order.application_id
            else None
        )
        plan = issue_plan(
            actor=actor, kind=order.kind, application=application, subject=_subject(order)
        )
        order = _reserve(order, district=plan.office.district, now=now)
        assert order.issued_at is not None
        document = issue_render(plan, number=order.number, code=order.code, now=order.issued_at)
        with transaction.atomic():
            locked = DocumentOrder.objects.select_for_update().get(pk=order.pk)
            if locked.document_id is None:
                issue_store(plan, document)
                locked.document = document
                locked.status = OrderStatus.DONE
                locked.last_error = ""
                locked.next_attempt_at = None
                locked.save(update_fields=["document", "status", "last_error", "next_attempt_at"])
    except Exception as exc:  # a PDF, a signature, a database error: retried, and shown
        _failed(order, exc, now=now)
    order.refresh_from_db()
    return order


def _failed(order: DocumentOrder, exc: Exception, *, now: dt.datetime) -> None:
    error = str(getattr(exc, "message", "") or exc) or type(exc).__name__
    logger.exception("making %s (order %s) failed", order.kind, order.pk)
    delay = min(RETRY_BASE_SECONDS * 2 ** (order.attempts - 1), RETRY_MAX_SECONDS)
    with transaction.atomic():
        DocumentOrder.objects.filter(pk=order.pk).update(
            status=OrderStatus.FAILED,
            last_error=error[:2000],
            next_attempt_at=now + dt.timedelta(seconds=delay),
        )
        target: models.Model = order.application if order.application_id else order  # type: ignore[assignment]
        audit_record_write(
            actor=None,
            action=AuditAction.DOCUMENT_FAILED,
            obj=target,
            after={
                "kind": order.kind,
                "order": order.pk,
                "attempt": order.attempts,
                "error": error[:300],
            },
        )


def document_orders_due(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Make every order that is due: new, failed and due again, or left by a dead worker."""
    now = now or timezone.now()
    due = Q(status__in=[OrderStatus.PENDING, OrderStatus.FAILED]) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stale = Q(status=OrderStatus.MAKING, last_attempt_at__lt=now - _stale())
    ids = list(
        DocumentOrder.objects.filter(due | stale)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    counts = {"due": len(ids), "done": 0, "failed": 0}
    for order_id in ids:
        order = document_order_make(order_id=order_id, now=now)
        if order is not None:
            counts["done" if order.status == OrderStatus.DONE else "failed"] += 1
    return counts
