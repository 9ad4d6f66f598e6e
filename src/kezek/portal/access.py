"""Gates of the citizen portal: a citizen reaches only their own applications and documents.

The citizen is the IIN of the certificate they signed in with (kept in the session). Another
citizen's application or document is "not found", never "forbidden", so that nobody learns by
trying numbers whether a file exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application
from kezek.common.errors import NotFoundError
from kezek.core.errors import ErrorCode
from kezek.paperwork.choices import DocumentKind, DocumentStatus
from kezek.paperwork.models import IssuedDocument

# What a citizen receives (reg:16, reg:18): the receipt or the acceptance report at once, the
# result once it has been issued to them (handed out, or delivered to the cabinet).
ACCEPTANCE_KINDS = (DocumentKind.RECEIPT, DocumentKind.ACCEPTANCE_REPORT)
RESULT_KINDS = (DocumentKind.REGISTRATION_NOTICE, DocumentKind.MOTIVATED_REFUSAL)


def citizen_applications(iin: str) -> QuerySet[Application]:
    """Every application of the citizen, by any channel (desk, PSC, portal)."""
    if not iin:
        return Application.objects.none()
    return Application.objects.filter(applicant__iin=iin)


def access_citizen_application(iin: str, application_id: int) -> Application:
    application = (
        citizen_applications(iin)
        .select_related("applicant", "district", "accepted_office")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFoundError(
            _("No such application."), field="application_id", code=ErrorCode.NOT_FOUND
        )
    return application


def citizen_documents(application: Application) -> QuerySet[IssuedDocument]:
    """The valid documents of one of the citizen's applications that are theirs to read."""
    kinds = Q(kind__in=ACCEPTANCE_KINDS)
    if hasattr(application, "issue_entry"):
        kinds |= Q(kind__in=RESULT_KINDS)
    return (
        IssuedDocument.objects.filter(application=application, status=DocumentStatus.VALID)
        .filter(kinds)
        .order_by("issued_at", "id")
    )


def access_citizen_document(iin: str, application_id: int, document_id: int) -> IssuedDocument:
    application = access_citizen_application(iin, application_id)
    document = citizen_documents(application).filter(pk=document_id).first()
    if document is None:
        raise NotFoundError(_("No such document."), field="document_id", code=ErrorCode.NOT_FOUND)
    return document
