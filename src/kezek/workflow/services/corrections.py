"""The executor establishes a fact (reg:13.4, Annex 3 action 5): they do not override the law,
they correct a fact against what was declared and what a register said, with the evidence and a
comment. The engine decides again on the corrected facts; nothing is overwritten without a
trace (`FactCorrection` rows and the audit record with the old and the new value)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.core.errors import ErrorCode
from kezek.registries.establish import CORRECTABLE
from kezek.registries.models import FactCorrection
from kezek.rules.fact_sources import FACT_CLAUSES

from ..selectors.decisions import decision_case_for_application

if TYPE_CHECKING:
    from kezek.accounts.models import User

# The states in which the executor establishes the facts (the check of Annex 3, action 5).
CORRECTION_STATES = ("under_check", "documents_requested")


def _value(key: str, raw: str, amount_raw: str) -> Any:
    kind = CORRECTABLE[key]
    if kind is bool:
        text = raw.strip()
        if text not in ("yes", "no"):
            raise KezekError(_("Choose yes or no."), field="value", code=ErrorCode.REQUIRED)
        return text == "yes"
    text = amount_raw.strip()
    if not text:
        raise KezekError(_("Enter the amount in tenge."), field="amount", code=ErrorCode.REQUIRED)
    try:
        amount = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise KezekError(
            _("Enter an amount in tenge, digits only."), field="amount", code=ErrorCode.FORMAT
        ) from None
    if not amount.is_finite() or amount < 0:
        raise KezekError(
            _("The amount cannot be negative."), field="amount", code=ErrorCode.NEGATIVE
        )
    return int(amount) if amount == amount.to_integral_value() else str(amount)


def _current(case: dict[str, Any], key: str) -> Any:
    head, _sep, tail = key.partition(".")
    if tail:
        # The facts of `housing` are false unless stated (decision-case.md).
        return (case.get(head) or {}).get(tail, False if head == "housing" else None)
    value = case.get(key)
    return str(value) if isinstance(value, Decimal) else value


def fact_correct(
    *,
    actor: User,
    application: Application,
    key: str,
    value: str = "",
    amount: str = "",
    evidence: str,
    comment: str,
) -> FactCorrection:
    """Record the executor's correction of one fact of the file they check."""
    if key not in CORRECTABLE:
        raise KezekError(_("This fact cannot be corrected here."), field="key")
    errors: list[KezekError] = []
    established: Any = None
    try:
        established = _value(key, value, amount)
    except KezekError as exc:
        errors.append(exc)
    if not evidence.strip():
        errors.append(
            KezekError(
                _("Name the evidence: the document, its number and date."),
                field="evidence",
                code=ErrorCode.REQUIRED,
            )
        )
    if not comment.strip():
        errors.append(
            KezekError(
                _("Say why the fact is corrected."), field="comment", code=ErrorCode.REQUIRED
            )
        )
    if errors:
        raise errors[0]  # the first, in the form's order: the field names it
    with transaction.atomic():
        file = (
            Application.objects.select_for_update()
            .select_related("district")
            .get(pk=application.pk)
        )
        if actor.role != Role.AB_EXECUTOR or file.executor_id != actor.pk:
            raise PermissionDeniedError(
                _("Only the executor checking this file may correct its facts."),
                field="actor",
                code=ErrorCode.NOT_ASSIGNED,
            )
        if file.status not in CORRECTION_STATES:
            raise KezekError(
                _("Facts are corrected during the check, before the result is drafted."),
                field="status",
                code=ErrorCode.STATE,
            )
        previous = _current(decision_case_for_application(application=file), key)
        correction = FactCorrection.objects.create(
            application=file,
            key=key,
            value=established,
            previous=previous,
            evidence=evidence.strip()[:300],
            comment=comment.strip(),
            corrected_by=actor,
        )
        audit_record_write(
            actor=actor,
            action="registries.fact_corrected",
            obj=file,
            before={key: previous},
            after={key: established, "evidence": correction.evidence},
            comment=correction.comment,
            clauses=[FACT_CLAUSES.get(key, "reg:13.4"), "reg:13.4"],
            district_code=file.district.code,
        )
    return correction
