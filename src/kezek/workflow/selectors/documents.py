"""Documents of a file or a registry in scope: scans, issued PDFs, what may be printed, the journal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from kezek.accounts.models import Role
from kezek.accounts.permissions import may
from kezek.applications.access import applications_in_scope
from kezek.applications.models import Application

from ..models import DispatchRegistry, ResultDraft

if TYPE_CHECKING:
    from kezek.accounts.models import User


from collections.abc import Sequence
from typing import TYPE_CHECKING

from kezek.applications.models import AttachedDocument
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.models import IssuedDocument
from kezek.paperwork.selectors import documents_for_application, latest_document

from ..models import IssueJournalEntry

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.paperwork.models import IssuedDocument


def attached_document(*, application: Application, document_id: int) -> AttachedDocument | None:
    """A document of an application the caller got through the gate; None when not its own."""
    return application.documents.filter(pk=document_id).first()


def issued_documents(*, application: Application) -> QuerySet[IssuedDocument]:

    return documents_for_application(application=application)


@dataclass(frozen=True)
class Printable:
    """A document the user may print from the file now (issued on first print)."""

    kind: str
    label: str
    existing: IssuedDocument | None


def printable_documents(*, application: Application, user: User) -> list[Printable]:
    """The receipt (reg:16.1) once accepted with a receipt; the notice or the motivated refusal
    (reg:5) once the signed result is registered with its outgoing number."""

    kinds: list[str] = []
    if getattr(application, "receipt", None) is not None:
        kinds.append(DocumentKind.RECEIPT)
    registered = (
        application.results.filter(state=ResultDraft.State.SIGNED)
        .exclude(outgoing_number="")
        .order_by("-signed_at", "-id")
        .first()
    )
    if registered is not None:
        kinds.append(
            DocumentKind.REGISTRATION_NOTICE
            if registered.kind == "register"
            else DocumentKind.MOTIVATED_REFUSAL
        )
    printable = []
    for kind in kinds:
        if not may(user, f"paperwork.issue_{kind}"):
            continue
        existing = latest_document(
            application=application, kind=kind, language=application.language
        )
        printable.append(
            Printable(kind=kind, label=str(DocumentKind(kind).label), existing=existing)
        )
    return printable


def latest_application_document(
    *, application: Application, kind: str, language: str
) -> IssuedDocument | None:

    return latest_document(application=application, kind=kind, language=language)


def registry_documents(*, registry: DispatchRegistry) -> list[IssuedDocument]:
    """The valid documents made from a registry (the registry itself, the AB's receipt)."""

    return list(
        IssuedDocument.objects.filter(
            subject_type=DispatchRegistry._meta.label,
            subject_id=str(registry.pk),
            status="valid",
        ).order_by("-issued_at", "-id")
    )


def registry_document(
    *, registry: DispatchRegistry, kind: str, language: str
) -> IssuedDocument | None:
    for document in registry_documents(registry=registry):
        if document.kind == kind and document.language == language:
            return document
    return None


def registry_printables(*, registry: DispatchRegistry, user: User) -> list[str]:
    """The back office prints its registry (action 3); the executor the receipt for it (4)."""

    kinds: list[str] = []
    if user.role == Role.PSC_BACK_OFFICE and user.office_id == registry.office_id:
        kinds.append(DocumentKind.DISPATCH_REGISTRY)
    if user.role in (Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK) and registry.received_at is not None:
        kinds.append(DocumentKind.BATCH_RECEIPT)
    return kinds


def issue_journal_for(*, user: User) -> QuerySet[IssueJournalEntry]:
    """The issue journal (reg:18) of the files in the user's scope, newest first."""
    return (
        IssueJournalEntry.objects.filter(application__in=applications_in_scope(user))
        .select_related("application", "application__applicant", "result", "office")
        .order_by("-issued_at", "-id")
    )


def registry_items(*, registry: DispatchRegistry) -> Sequence[Any]:
    return list(
        registry.items.select_related("application", "application__applicant").order_by("position")
    )
