"""The permission gate: the only way views and the API get an application."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.accounts.permissions import DISTRICT_WIDE_ROLES, PSC_ROLES
from kezek.common.errors import NotFoundError
from kezek.core.errors import ErrorCode

from .choices import ApplicationStatus, Channel
from .models import Application

if TYPE_CHECKING:
    from kezek.accounts.models import User


def applications_in_scope(user: User) -> QuerySet[Application]:
    """Every application the user may see: their district, narrowed by role."""
    if not user.is_authenticated or not user.is_active or not user.role or user.office is None:
        return Application.objects.none()
    base = Application.objects.filter(district_id=user.office.district_id)
    if user.role in PSC_ROLES:
        return base.filter(accepted_office_id=user.office_id)
    if user.role == Role.AB_EXECUTOR:
        # The files assigned to them, and the unassigned files that have reached the AB: a PSC
        # batch sent to it, or an application lodged at the AB desk or on the portal.
        arrived = Q(status=ApplicationStatus.DISPATCHED) | Q(
            status=ApplicationStatus.ACCEPTED, channel__in=(Channel.AB_DESK, Channel.PORTAL)
        )
        return base.filter(Q(executor=user) | (Q(executor__isnull=True) & arrived))
    if user.role in DISTRICT_WIDE_ROLES:
        return base
    return Application.objects.none()


def access_application(user: User, application_id: int) -> Application:
    """The application if the user may see it; otherwise 'not found' (existence is not disclosed)."""
    application = (
        applications_in_scope(user)
        .select_related("applicant", "district", "accepted_office", "executor")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    return application
