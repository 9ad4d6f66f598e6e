"""Gates for the workflow's own objects. Out of scope is "not found", as for applications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import Channel
from kezek.applications.models import Application
from kezek.common.errors import NotFoundError
from kezek.core.errors import ErrorCode

from .models import DispatchRegistry
from .selectors.files import registries_in_scope

if TYPE_CHECKING:
    from kezek.accounts.models import User


def access_registry(user: User, registry_id: int) -> DispatchRegistry:
    registry = registries_in_scope(user).filter(pk=registry_id).first()
    if registry is None:
        raise NotFoundError(_("No such registry."), field="registry_id", code=ErrorCode.NOT_FOUND)
    return registry


def access_portal_application(*, request_number: str, iin: str) -> Application:
    """The citizen's own portal application, by request number and IIN (personal cabinet).

    Both must match; otherwise "not found", whether the number exists or not.
    """
    application = (
        Application.objects.select_related("applicant", "portal_submission", "timeline")
        .filter(
            request_number=request_number.strip().upper(),
            applicant__iin=iin.strip(),
            channel=Channel.PORTAL,
        )
        .first()
    )
    if application is None:
        raise NotFoundError(
            _("No such application."), field="request_number", code=ErrorCode.NOT_FOUND
        )
    return application
