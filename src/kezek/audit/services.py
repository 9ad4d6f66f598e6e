"""The one way to write an audit record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from kezek.common.request_context import current_request_id

from .actions import SYSTEM_ACTOR, AuditAction
from .models import AuditRecord

if TYPE_CHECKING:
    from kezek.accounts.models import User


def audit_record_write(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    comment: str = "",
    clauses: Iterable[str] = (),
    district_code: str = "",
    actor_label: str | None = None,
) -> AuditRecord:
    """Append one record; call it inside the transaction of the change it describes.

    `action` is a member of AuditAction (a plain code of one is accepted too)."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}: add it to kezek.audit.actions")
    return AuditRecord.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label
        if actor_label is not None
        else (actor.display_name if actor else SYSTEM_ACTOR),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        comment=comment,
        clauses=list(clauses),
        request_id=current_request_id() or "",
        district_code=district_code,
    )
