"""The executor's check at the authorized body (reg:13.4, reg:15, reg:19.3, Annex 3 action 5).

Taking or being assigned a file, asking for and adding missing documents, drafting the result the
rules engine decides; and the applicant's withdrawal before a result is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import Channel, DocumentType
from kezek.applications.models import Application
from kezek.applications.services import (
    DocumentInput,
    document_attach,
)
from kezek.common.errors import KezekError

from ..models import (
    ResultDraft,
)
from ..selectors import decide_application, decision_case_for_application
from ._transition import (
    authorize,
    check_executor,
    checked_comment,
    lock_application,
    move,
)
from .notifications import notify_after_commit, staff_of, user_language

if TYPE_CHECKING:
    from kezek.accounts.models import User


def application_take(*, actor: User, application: Application) -> Application:
    """An AB desk or portal file goes to the executor who takes it."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="take", application=application)
        application.executor = actor
        move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"executor": actor.display_name},
        )
    return application


def application_assign(*, actor: User, application: Application, executor: User) -> Application:
    """The head gives a file at the AB to an executor (reg:22: the head answers for timeliness)."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="assign", application=application)
        check_executor(executor, application)
        before = application.executor.display_name if application.executor else None
        application.executor = executor
        move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"executor": executor.display_name, "previous_executor": before},
        )
        notify_after_commit(
            [(executor.email, user_language(executor))],
            lambda _lang: (
                gettext("File %(number)s is assigned to you")
                % {"number": application.request_number},
                gettext("The head assigned file %(number)s to you for checking.")
                % {"number": application.request_number},
            ),
        )
    return application


def application_request_documents(
    *, actor: User, application: Application, comment: str
) -> Application:
    """Sent back: the executor asks for a missing page (the PSC, the AB desk or the portal)."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="request_documents", application=application)
        comment = checked_comment(transition, comment)
        move(actor=actor, application=application, transition=transition, now=now, comment=comment)
        if application.channel == Channel.PSC:
            to = staff_of(
                application.district_id, Role.PSC_INSPECTOR, office=application.accepted_office
            )
        elif application.channel == Channel.AB_DESK:
            to = staff_of(application.district_id, Role.AB_OFFICE_CLERK)
        else:
            to = []
        number = application.request_number
        notify_after_commit(
            [(u.email, user_language(u)) for u in to],
            lambda _lang: (
                gettext("File %(number)s: documents requested") % {"number": number},
                gettext("The executor asks for missing documents in file %(number)s: %(comment)s")
                % {"number": number, "comment": comment},
            ),
        )
    return application


def application_supply_documents(
    *,
    actor: User,
    application: Application,
    documents: Sequence[DocumentInput],
    comment: str = "",
) -> Application:
    """The missing documents are added; the file goes back to the executor's check."""
    if not documents:
        raise KezekError(_("Add at least one document."), field="documents", code="required")
    for i, document in enumerate(documents):
        if document.doc_type not in DocumentType.values:
            raise KezekError(_("Unknown document type."), field=f"documents[{i}].doc_type")
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="supply_documents", application=application)
        for document in documents:
            document_attach(actor=actor, application=application, document=document)
        move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            comment=(comment or "").strip(),
            after={"documents": [d.doc_type for d in documents]},
        )
    return application


def result_draft(*, actor: User, application: Application, comment: str = "") -> ResultDraft:
    """Annex 3, action 5: the executor drafts the notification or the motivated refusal that
    the rules engine decides, freezes the decision, and passes it to the head."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="draft", application=application)
        case = decision_case_for_application(application=application)
        decision = decide_application(application=application)
        draft = ResultDraft.objects.create(
            application=application,
            kind=decision["decision"],
            decision=decision,
            case=case,
            rules_version=decision["rules_version"],
            grounds=list(decision["grounds"]),
            lists=list(decision["lists"]),
            reasons_kk=list(decision["reasons"]["kk"]),
            reasons_ru=list(decision["reasons"]["ru"]),
            comment=(comment or "").strip(),
            drafted_by=actor,
            drafted_at=now,
        )
        move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            comment=draft.comment,
            after={
                "result": draft.kind,
                "draft": draft.pk,
                "rules_version": draft.rules_version,
                "grounds": draft.grounds,
                "lists": draft.lists,
                "basis": list(decision["basis"]),
            },
        )
    return draft


def application_withdraw(*, actor: User, application: Application, comment: str) -> Application:
    """The applicant withdraws the application (a written request) before a result is signed."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(application)
        transition = authorize(actor=actor, action="withdraw", application=application)
        comment = checked_comment(transition, comment)
        move(actor=actor, application=application, transition=transition, now=now, comment=comment)
    return application
