"""One entry for the API and the pages: an action name and its input → the service function.

Only input parsing and dispatch live here; the rules are in the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentSource
from kezek.applications.services import DocumentInput
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from .selectors.files import executors_of
from .services.checking import (
    application_assign,
    application_request_documents,
    application_supply_documents,
    application_take,
    application_withdraw,
    result_draft,
)
from .services.corrections import fact_correct
from .services.dispatch import application_collect
from .services.results import (
    RecipientInput,
    result_issue,
    result_receive_at_psc,
    result_register,
    result_return,
    result_sign,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application


def _text(payload: Mapping[str, Any], key: str) -> str:
    value = payload.get(key) or ""
    if not isinstance(value, str):
        raise KezekError(_("Must be text."), field=key, code=ErrorCode.TYPE)
    return value.strip()


def executor_from_payload(user: User, payload: Mapping[str, Any]) -> User:
    raw = payload.get("executor_id")
    try:
        executor_id = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise KezekError(
            _("Choose an executor."), field="executor_id", code=ErrorCode.REQUIRED
        ) from None
    executor = executors_of(user=user).filter(pk=executor_id).first()
    if executor is None:
        raise KezekError(
            _("Choose an active responsible executor of this district."),
            field="executor_id",
            code=ErrorCode.INVALID_EXECUTOR,
        )
    return executor


def _documents(payload: Mapping[str, Any]) -> list[DocumentInput]:
    raw = payload.get("documents") or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise KezekError(_("Must be a list."), field="documents", code=ErrorCode.TYPE)
    documents = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            documents.append(DocumentInput(doc_type=item, source=DocumentSource.HANDED_IN))
        elif isinstance(item, Mapping):
            documents.append(
                DocumentInput(
                    doc_type=str(item.get("doc_type", "")),
                    source=str(item.get("source") or DocumentSource.HANDED_IN),
                )
            )
        else:
            raise KezekError(
                _("Unknown document type."), field=f"documents[{i}]", code=ErrorCode.TYPE
            )
    return documents


def _recipient(payload: Mapping[str, Any]) -> RecipientInput:
    date_text = _text(payload, "power_of_attorney_date")
    date = None
    if date_text:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            raise KezekError(
                _("Not a date in the form YYYY-MM-DD."),
                field="power_of_attorney_date",
                code=ErrorCode.DATE_FORMAT,
            ) from None
    return RecipientInput(
        kind=_text(payload, "recipient") or "applicant",
        full_name=_text(payload, "recipient_name"),
        iin=_text(payload, "recipient_iin"),
        power_of_attorney_number=_text(payload, "power_of_attorney_number"),
        power_of_attorney_date=date,
    )


Handler = Callable[["User", "Application", Mapping[str, Any]], Any]

ACTIONS: dict[str, Handler] = {
    "collect": lambda u, a, p: application_collect(actor=u, application=a),
    "take": lambda u, a, p: application_take(actor=u, application=a),
    "assign": lambda u, a, p: application_assign(
        actor=u, application=a, executor=executor_from_payload(u, p)
    ),
    "request_documents": lambda u, a, p: application_request_documents(
        actor=u, application=a, comment=_text(p, "comment")
    ),
    "supply_documents": lambda u, a, p: application_supply_documents(
        actor=u, application=a, documents=_documents(p), comment=_text(p, "comment")
    ),
    "draft": lambda u, a, p: result_draft(actor=u, application=a, comment=_text(p, "comment")),
    "sign": lambda u, a, p: result_sign(actor=u, application=a),
    "return_draft": lambda u, a, p: result_return(
        actor=u, application=a, comment=_text(p, "comment")
    ),
    "register_result": lambda u, a, p: result_register(actor=u, application=a),
    "receive_result": lambda u, a, p: result_receive_at_psc(actor=u, application=a),
    "issue": lambda u, a, p: result_issue(actor=u, application=a, recipient=_recipient(p)),
    "correct_fact": lambda u, a, p: fact_correct(
        actor=u,
        application=a,
        key=_text(p, "key"),
        value=_text(p, "value"),
        amount=_text(p, "amount"),
        evidence=_text(p, "evidence"),
        comment=_text(p, "comment"),
    ),
    "withdraw": lambda u, a, p: application_withdraw(
        actor=u, application=a, comment=_text(p, "comment")
    ),
}


def perform_action(
    *, user: User, application: Application, action: str, payload: Mapping[str, Any]
) -> Any:
    handler = ACTIONS.get(action)
    if handler is None:
        raise KezekError(_("Unknown action."), field="action", code=ErrorCode.UNKNOWN_ACTION)
    return handler(user, application, payload)
