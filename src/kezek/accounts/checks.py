"""`kezek check`: every office that accepts documents has someone to accept them (reg:14)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from kezek.offices.models import Office


@register(Tags.database)
def someone_accepts_documents(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """reg:14: at least one employee accepts documents at each PSC branch and at the AB."""
    if not kwargs.get("databases"):
        return []  # a data check: `kezek check --database default`, not every command's start

    from .permissions import AB_ACCEPTORS, PSC_ACCEPTORS

    acceptors: dict[str, frozenset[str]] = {
        Office.Kind.AUTHORIZED_BODY: AB_ACCEPTORS,
        Office.Kind.PSC_BRANCH: PSC_ACCEPTORS,
        Office.Kind.PSC_MOBILE: PSC_ACCEPTORS,
    }
    warnings: list[Warning] = []
    try:
        for office in Office.objects.filter(is_active=True):
            roles = acceptors[office.kind]
            if not office.staff.filter(is_active=True, role__in=roles).exists():
                warnings.append(
                    Warning(
                        f"office {office.code} has no active employee who accepts documents (reg:14)",
                        hint="Add a PSC inspector, or an AB office clerk or executor, in the admin.",
                        id="kezek.W014",
                    )
                )
    except DatabaseError:
        return []  # an unmigrated database has nothing to check yet
    return warnings
