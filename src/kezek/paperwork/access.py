"""Who may issue each kind of document, and who sees and retries the e-mail outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.common.errors import PermissionDeniedError

from .choices import DocumentKind

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.offices.models import Office

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

#: AB staff who see and retry the district's outbox (the auditor sees it, changes nothing).
OUTBOX_READERS = (
    Role.AB_EXECUTOR,
    Role.AB_HEAD,
    Role.AB_OFFICE_CLERK,
    Role.ADMINISTRATOR,
    Role.AUDITOR,
)
OUTBOX_WRITERS = (Role.AB_EXECUTOR, Role.AB_HEAD, Role.AB_OFFICE_CLERK, Role.ADMINISTRATOR)


def issuer_check(actor: User | None, *, kind: str, district_id: int, office: Office) -> None:
    """PermissionDeniedError unless ``actor`` may issue ``kind`` at ``office``."""
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
