"""The rules engine on a stored file: its decision case, the decision, the current result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application
from kezek.common.errors import KezekError
from kezek.core.calendar import local_date
from kezek.core.errors import ErrorCode
from kezek.core.text import data_language
from kezek.decisions.services import decision_preview
from kezek.registries.establish import Established
from kezek.registries.models import RegisterQuery
from kezek.registries.selectors import application_established
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum

from ..models import ResultDraft


def decision_case_for_application(*, application: Application) -> dict[str, Any]:
    """The case the engine decides on: the facts established from the state registers where
    they answered, the declared ones where they cannot or have not yet (reg:15.1, ADR 0013)."""
    return established_facts_for_application(application=application).case


@dataclass(frozen=True)
class FileFacts:
    """The case the engine decides on, the comparison of declared and fetched (None: no
    register was asked about this file) and what the file asked the registers."""

    case: dict[str, Any]
    established: Established | None
    queries: list[RegisterQuery]


def established_facts_for_application(*, application: Application) -> FileFacts:
    declared = declared_case_for_application(application=application)
    established, queries = application_established(application=application, declared=declared)
    if established is None:
        return FileFacts(case=declared, established=None, queries=queries)
    return FileFacts(case=established.case, established=established, queries=queries)


def declared_case_for_application(*, application: Application) -> dict[str, Any]:
    """The decision case (decision-case.md input) of a stored application, as declared.

    `application.facts` holds the facts the rules read; the documents are the codes attached
    (handed in, scanned or fetched); the application date is the Almaty date of acceptance.
    """
    facts = application.facts or {}
    applicant: dict[str, Any] = {
        "iin": application.applicant.iin,
        "birth_date": application.applicant.birth_date.isoformat(),
    }
    for key in ("citizen_of_kz", "permanent_resident_in_locality", "lost_parents_before_majority"):
        if key in facts:
            applicant[key] = facts[key]
    family = []
    for member in application.family.all():
        item: dict[str, Any] = {
            "relation": member.relation,
            "birth_date": member.birth_date.isoformat(),
            "disabled": member.disabled,
        }
        if member.recognized_by_court:
            item["recognized_by_court"] = True
        family.append(item)
    documents = sorted({d.doc_type for d in application.documents.all()})
    case: dict[str, Any] = {
        "application_date": local_date(application.accepted_at).isoformat(),
        "fund": application.fund,
        "claimed_groups": list(application.claimed_groups),
        "applicant": applicant,
        "family": family,
        "housing": dict(facts.get("housing") or {}),
        "history": list(facts.get("history") or []),
        "documents": documents,
    }
    if facts.get("income_12_months") is not None:
        case["income_12_months"] = facts["income_12_months"]
    if facts.get("military_service_months") is not None:
        case["military_service_months"] = facts["military_service_months"]
    return case


def _intake_field(case_field: str | None) -> str:
    if not case_field:
        return "facts"
    for prefix in ("applicant.citizen_of_kz", "applicant.permanent_resident_in_locality"):
        if case_field.startswith(prefix):
            return "facts." + case_field.removeprefix("applicant.")
    if case_field.startswith("applicant.lost_parents_before_majority"):
        return "facts.lost_parents_before_majority"
    for key in ("income_12_months", "housing", "history", "military_service_months"):
        if case_field.startswith(key):
            return "facts." + case_field
    return case_field


def decide_application(
    *, application: Application, case: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The rules engine's decision on the file as it stands (or on `case`, its established
    facts already read); KezekError naming the field when the facts do not make a valid case."""
    if case is None:
        case = decision_case_for_application(application=application)
    try:
        return decision_preview(case=case)
    except CaseError as exc:
        message: str | Promise
        if exc.code == "required":
            message = _("This fact is required to decide the case.")
        else:
            message = _("The facts of the case are not valid: %(detail)s") % {"detail": exc.message}
        raise KezekError(message, field=_intake_field(exc.field), code=exc.code) from exc
    except (NoSubsistenceMinimum, NoRuleVersion) as exc:
        raise KezekError(
            _("The reference data do not cover the application date: %(detail)s")
            % {"detail": str(exc)},
            field="application_date",
            code=ErrorCode.NOT_CONFIGURED,
        ) from exc


@dataclass(frozen=True)
class DecisionView:
    """The decision as the executor sees it, or the error that prevents it."""

    decision: dict[str, Any] | None
    error: KezekError | None

    @property
    def reasons(self) -> list[str]:
        if self.decision is None:
            return []
        return list(self.decision["reasons"][reasons_language()])


def reasons_language(language: str | None = None) -> str:
    """Reasons exist in Kazakh and Russian; the English screens show the Russian ones."""
    return data_language(language or get_language())


def decision_for_application(
    *, application: Application, case: dict[str, Any] | None = None
) -> DecisionView:
    try:
        return DecisionView(
            decision=decide_application(application=application, case=case), error=None
        )
    except KezekError as exc:
        return DecisionView(decision=None, error=exc)


def current_result(*, application: Application) -> ResultDraft | None:
    return application.results.order_by("-drafted_at", "-id").first()
