"""What the staff pages share: the signed-in user, the status of a refusal, printing."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from kezek.accounts.models import Role, User
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.paperwork.services.issue import paperwork_issue

from ..selectors.documents import latest_application_document

logger = logging.getLogger(__name__)


DECISION_ROLES = (
    Role.AB_EXECUTOR,
    Role.AB_HEAD,
    Role.AB_OFFICE_CLERK,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)


CHECK_STATES = ("under_check", "documents_requested")


LIST_LIMIT = 300


def staff_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def error_status(exc: KezekError) -> int:
    return 403 if isinstance(exc, PermissionDeniedError) else 422


def document_for_application(*, user: User, application: Any, kind: str, language: str) -> Any:
    """The valid document of this kind and language, issued now if there is none yet (a
    reprint gives the same bytes, so the window can print again without a new number)."""
    existing = latest_application_document(application=application, kind=kind, language=language)
    if existing is not None:
        return existing
    return paperwork_issue(actor=user, kind=kind, application=application, language=language)


def document_language(request: HttpRequest, default: str) -> str:
    language = request.POST.get("language") or default
    return language if language in ("kk", "ru") else default
