"""The executor's check at the authorized body (reg:13.4, reg:15, reg:19.3, Annex 3 action 5).

Taking or being assigned a file, asking for and adding missing documents, drafting the result the
rules engine decides; and the applicant's withdrawal before a result is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kezek.accounts.models import Role
from kezek.applications.choices import Channel, DocumentType
from kezek.applications.models import Application
from kezek.applications.services import (
    DocumentInput,
    document_attach,
)
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode
from kezek.paperwork.choices import MessageTemplate

from ..models import (
    ResultDraft,
)
from ..selectors.decisions import decide_application, decision_case_for_application
from ._transition import check_executor, transition_step
from .notifications import citizen_told_documents_requested, staff_of, staff_told

if TYPE_CHECKING:
    from kezek.accounts.models import User


def application_take(*, actor: User, application: Application) -> Application:
    """An AB desk or portal file goes to the executor who takes it."""
    with transition_step(actor=actor, application=application, action="take") as step:
        step.application.executor = actor
        step.after["executor"] = actor.display_name
    return step.application


def application_assign(*, actor: User, application: Application, executor: User) -> Application:
    """The head gives a file at the AB to an executor (reg:22: the head answers for timeliness)."""
    with transition_step(actor=actor, application=application, action="assign") as step:
        file = step.application
        check_executor(executor, file)
        before = file.executor.display_name if file.executor else None
        file.executor = executor
        step.after.update({"executor": executor.display_name, "previous_executor": before})
        staff_told(
            users=[executor],
            template=MessageTemplate.STAFF_ASSIGNED,
            application=file,
            subject=gettext_noop("File %(number)s is assigned to you"),
            body=gettext_noop("The head assigned file %(number)s to you for checking."),
            values={"number": file.request_number},
        )
    return file


def application_request_documents(
    *, actor: User, application: Application, comment: str
) -> Application:
    """Sent back: the executor asks for a missing page (the PSC, the AB desk or the portal)."""
    with transition_step(
        actor=actor, application=application, action="request_documents", comment=comment
    ) as step:
        file = step.application
        if file.channel == Channel.PSC:
            to = staff_of(file.district_id, Role.PSC_INSPECTOR, office=file.accepted_office)
        elif file.channel == Channel.AB_DESK:
            to = staff_of(file.district_id, Role.AB_OFFICE_CLERK)
        else:
            to = []
        staff_told(
            users=to,
            template=MessageTemplate.STAFF_DOCUMENTS_REQUESTED,
            application=file,
            subject=gettext_noop("File %(number)s: documents requested"),
            body=gettext_noop(
                "The executor asks for missing documents in file %(number)s: %(comment)s"
            ),
            values={"number": file.request_number, "comment": step.comment},
        )
        citizen_told_documents_requested(file, comment=step.comment)
    return file


def application_supply_documents(
    *,
    actor: User,
    application: Application,
    documents: Sequence[DocumentInput],
    comment: str = "",
) -> Application:
    """The missing documents are added; the file goes back to the executor's check."""
    if not documents:
        raise KezekError(
            _("Add at least one document."), field="documents", code=ErrorCode.REQUIRED
        )
    for i, document in enumerate(documents):
        if document.doc_type not in DocumentType.values:
            raise KezekError(_("Unknown document type."), field=f"documents[{i}].doc_type")
    with transition_step(
        actor=actor, application=application, action="supply_documents", comment=comment
    ) as step:
        for document in documents:
            document_attach(actor=actor, application=step.application, document=document)
        step.after["documents"] = [d.doc_type for d in documents]
    return step.application


def result_draft(*, actor: User, application: Application, comment: str = "") -> ResultDraft:
    """Annex 3, action 5: the executor drafts the notification or the motivated refusal that
    the rules engine decides, freezes the decision, and passes it to the head."""
    with transition_step(
        actor=actor, application=application, action="draft", comment=(comment or "").strip()
    ) as step:
        file = step.application
        case = decision_case_for_application(application=file)
        decision = decide_application(application=file)
        draft = ResultDraft.objects.create(
            application=file,
            kind=decision["decision"],
            decision=decision,
            case=case,
            rules_version=decision["rules_version"],
            grounds=list(decision["grounds"]),
            lists=list(decision["lists"]),
            reasons_kk=list(decision["reasons"]["kk"]),
            reasons_ru=list(decision["reasons"]["ru"]),
            comment=step.comment,
            drafted_by=actor,
            drafted_at=step.now,
        )
        step.after.update(
            {
                "result": draft.kind,
                "draft": draft.pk,
                "rules_version": draft.rules_version,
                "grounds": draft.grounds,
                "lists": draft.lists,
                "basis": list(decision["basis"]),
            }
        )
    return draft


def application_withdraw(*, actor: User, application: Application, comment: str) -> Application:
    """The applicant withdraws the application (a written request) before a result is signed."""
    with transition_step(
        actor=actor, application=application, action="withdraw", comment=comment
    ) as step:
        pass
    return step.application
