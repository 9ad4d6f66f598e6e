from __future__ import annotations

from django.db import models

from .models import AuditRecord


def audit_trail_for(*, obj: models.Model) -> models.QuerySet[AuditRecord]:
    """Every record about one object, oldest first."""
    return AuditRecord.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).order_by(
        "occurred_at", "id"
    )
