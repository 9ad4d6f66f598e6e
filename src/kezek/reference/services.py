"""Writes to reference data; each one is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.forms.models import model_to_dict

from kezek.audit.services import audit_record_write

from .models import CalendarDay, SubsistenceMinimum

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _snapshot(obj: SubsistenceMinimum | CalendarDay) -> dict[str, Any]:
    return {k: (str(v) if v is not None else None) for k, v in model_to_dict(obj).items()}


@transaction.atomic
def reference_row_save(*, actor: User | None, obj: SubsistenceMinimum | CalendarDay) -> None:
    """Create or change a reference row and audit the before and after (reg:6.2 for the minimum)."""
    before = None
    if obj.pk is not None:
        previous = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = _snapshot(previous)
    obj.full_clean()
    obj.save()
    audit_record_write(
        actor=actor,
        action="reference.changed" if before else "reference.created",
        obj=obj,
        before=before,
        after=_snapshot(obj),
        clauses=["reg:6.2"] if isinstance(obj, SubsistenceMinimum) else ["reg:9"],
    )


@transaction.atomic
def reference_row_delete(*, actor: User | None, obj: SubsistenceMinimum | CalendarDay) -> None:
    before = _snapshot(obj)
    audit_record_write(actor=actor, action="reference.deleted", obj=obj, before=before)
    obj.delete()
