"""Who may issue a document here (the roles are kezek.accounts.permissions')."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import may
from kezek.common.errors import PermissionDeniedError
from kezek.core.errors import ErrorCode

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.offices.models import Office


def issuer_check(actor: User | None, *, kind: str, district_id: int, office: Office) -> None:
    """PermissionDeniedError unless ``actor`` may issue ``kind`` at ``office``."""
    if actor is None:
        return  # the system: intake automation, the CLI, the portal
    if (
        not actor.is_active
        or actor.office is None
        or actor.office.district_id != district_id
        or not may(actor, f"paperwork.issue_{kind}")
    ):
        raise PermissionDeniedError(
            _("Your role may not issue this document."), field="kind", code=ErrorCode.FORBIDDEN
        )
    if actor.office.is_psc and actor.office_id != office.pk:
        # PSC staff act for their own branch: its receipts and its registries.
        raise PermissionDeniedError(
            _("Your role may not issue this document."), field="office", code=ErrorCode.FORBIDDEN
        )
