"""The draft's answers as the rules engine and the workflow read them.

Pure functions of the draft's data (no writes): the decision case (decision-case.md) for the
document checklist and the preliminary decision. The signed request made of them is in
``kezek.portal.signed_request``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.common.text import active_data_language
from kezek.core.iin import IINError, parse_iin
from kezek.decisions.messages import case_error_message
from kezek.decisions.services import decision_preview
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum
from kezek.rules.versions import DEFAULT_VERSIONS


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    label: Promise


STEPS: tuple[Step, ...] = (
    Step(1, "applicant", _("Applicant")),
    Step(2, "family", _("Family")),
    Step(3, "groups", _("Groups and income")),
    Step(4, "housing", _("Housing")),
    Step(5, "history", _("The last five years")),
    Step(6, "documents", _("Documents")),
    Step(7, "summary", _("Summary")),
    Step(8, "sign", _("Signature")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
# The sections of the answers, each saved by its own step.
SECTIONS = ("applicant", "family", "groups", "housing", "history")

# reg:15.1.a: the portal fills in the application form of Annex 2 from the answers; its hash is
# in the signed request, so the citizen's EDS covers it (reg:15.2.a).
GENERATED_DOCUMENTS = ("application_form",)
# reg:15.1.m, reg:15.2.c: certificates the state bodies make from their own registers (justice,
# the local executive body, the address register) are fetched by the authorized body through the
# portal; the citizen is not asked for them.
FETCHED_DOCUMENTS = ("property_certificate", "communal_housing_certificate", "residence_proof")

MONEY_RE = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


def parse_money(text: str) -> Decimal | None:
    """``"1 200 000"``, ``"1 200 000,50"``, ``"1200000.5"`` → Decimal; None when not money."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not MONEY_RE.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None


def money_json(value: Decimal) -> int | float:
    """Whole tenge as an int (the usual case), otherwise a float with tiyn."""
    return int(value) if value == value.to_integral_value() else float(value)


def format_money(value: Any) -> str:
    """``1200000`` → ``1 200 000`` with no-break spaces between thousands (the local format)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    whole = int(amount)
    text = f"{whole:,}".replace(",", "\u00a0")
    fraction = amount - whole
    if fraction:
        text += "," + f"{fraction:.2f}"[2:]
    return text


def birth_date_of(iin: str) -> dt.date | None:
    try:
        return parse_iin(iin).birth_date
    except IINError:
        return None


def reasons_language() -> str:
    """The engine writes its reasons in Kazakh and Russian; English screens show the Russian."""
    return active_data_language()


# --------------------------------------------------------------------------- decision case


def _family(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    members = []
    for member in data.get("family") or []:
        item: dict[str, Any] = {
            "relation": member["relation"],
            "birth_date": member["birth_date"],
            "disabled": bool(member.get("disabled")),
        }
        if member.get("recognized_by_court"):
            item["recognized_by_court"] = True
        members.append(item)
    return members


def _history(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    events = []
    for event in data.get("history") or []:
        item: dict[str, Any] = {"date": event["date"], "event": event["event"]}
        if event["event"] == "alienated_dwelling" and event.get("lender_buyout"):
            item["lender_buyout"] = True
        if event["event"] == "moved_in_others" and event.get("persons"):
            item["persons"] = list(event["persons"])
        events.append(item)
    return events


def draft_facts(data: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of reg:6-reg:12 in the shape the workflow stores them (Application.facts)."""
    applicant = data.get("applicant") or {}
    groups = data.get("groups") or {}
    facts: dict[str, Any] = {
        "citizen_of_kz": bool(applicant.get("citizen_of_kz", True)),
        "permanent_resident_in_locality": bool(
            applicant.get("permanent_resident_in_locality", True)
        ),
        "housing": {k: True for k, v in (data.get("housing") or {}).items() if v},
        "history": _history(data),
    }
    if "orphan" in (groups.get("claimed_groups") or []):
        facts["lost_parents_before_majority"] = bool(
            groups.get("lost_parents_before_majority", True)
        )
    if groups.get("income_12_months") is not None:
        facts["income_12_months"] = groups["income_12_months"]
    if groups.get("military_service_months"):
        facts["military_service_months"] = groups["military_service_months"]
    return facts


def draft_case(
    *, iin: str, data: Mapping[str, Any], today: dt.date, documents: Sequence[str] | None = None
) -> dict[str, Any]:
    """The decision case of the answers on ``today``; ``documents`` adds the document check."""
    groups = data.get("groups") or {}
    facts = draft_facts(data)
    applicant: dict[str, Any] = {
        "iin": iin,
        "citizen_of_kz": facts["citizen_of_kz"],
        "permanent_resident_in_locality": facts["permanent_resident_in_locality"],
    }
    if "lost_parents_before_majority" in facts:
        applicant["lost_parents_before_majority"] = facts["lost_parents_before_majority"]
    case: dict[str, Any] = {
        "application_date": today.isoformat(),
        "fund": groups.get("fund") or "communal",
        "claimed_groups": list(groups.get("claimed_groups") or []),
        "applicant": applicant,
        "family": _family(data),
        "housing": facts["housing"],
        "history": facts["history"],
    }
    if "income_12_months" in facts:
        case["income_12_months"] = facts["income_12_months"]
    if "military_service_months" in facts:
        case["military_service_months"] = facts["military_service_months"]
    if documents is not None:
        case["documents"] = list(documents)
    return case


@dataclass(frozen=True)
class Problem:
    """A fact the engine cannot use, placed on the step and the form field that hold it."""

    step: Step
    field: str | None  # the HTML name of the input on that step, None for the whole step
    message: str


def _simple(path: str) -> tuple[str, str | None] | None:
    table: dict[str, tuple[str, str | None]] = {
        "applicant.iin": ("applicant", None),
        "applicant.birth_date": ("applicant", None),
        "applicant.citizen_of_kz": ("applicant", "citizen_of_kz"),
        "applicant.permanent_resident_in_locality": ("applicant", "permanent_resident_in_locality"),
        "applicant.lost_parents_before_majority": ("groups", "lost_parents_before_majority"),
        "fund": ("groups", "fund"),
        "income_12_months": ("groups", "income_12_months"),
        "military_service_months": ("groups", "military_service_months"),
        "application_date": ("summary", None),
        "documents": ("documents", None),
    }
    return table.get(path)


def problem_for(exc: CaseError) -> Problem:
    """Where an engine input error belongs in the form (family[2].birth_date → step 2)."""
    message = str(case_error_message(exc.code))
    path = exc.field or ""
    if path == "income_12_months" and exc.code == "required":
        message = str(
            _("Give the family's income: the groups you chose take the income test (reg:6.2).")
        )
    found = _simple(path)
    if found is None:
        match = re.match(r"^(family|history)\[(\d+)\]\.(\w+)", path)
        if match:
            found = (match[1], f"{match[1]}-{match[2]}-{match[3]}")
        elif path.startswith("claimed_groups"):
            found = ("groups", "claimed_groups")
        elif path.startswith("housing."):
            found = ("housing", path.split(".", 1)[1])
        else:
            found = ("summary", None)
    return Problem(step=STEP_BY_SLUG[found[0]], field=found[1], message=message)


@dataclass(frozen=True)
class Preview:
    """The engine's answer on the draft, or what prevents it."""

    decision: dict[str, Any] | None = None
    problem: Problem | None = None

    @property
    def reasons(self) -> list[str]:
        if self.decision is None:
            return []
        return list(self.decision["reasons"][reasons_language()])


def preview(
    *, iin: str, data: Mapping[str, Any], today: dt.date, documents: Sequence[str] | None
) -> Preview:
    """Run the rules engine on the answers (stores nothing)."""
    try:
        decision = decision_preview(
            case=draft_case(iin=iin, data=data, today=today, documents=documents)
        )
    except CaseError as exc:
        return Preview(problem=problem_for(exc))
    except (NoSubsistenceMinimum, NoRuleVersion):
        return Preview(
            problem=Problem(
                step=STEP_BY_SLUG["summary"],
                field=None,
                message=str(
                    _("The service cannot check applications today: reference data are missing.")
                ),
            )
        )
    return Preview(decision=decision)


# --------------------------------------------------------------------------- checklist


@dataclass(frozen=True)
class ChecklistItem:
    doc_type: str
    name: str
    clause: str
    how: str  # "upload" | "fetched" | "generated"
    files: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.how != "upload" or bool(self.files)

    @property
    def input_name(self) -> str:
        return f"file_{self.doc_type}"


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]
    problem: Problem | None = None
    unused_files: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.problem is None and all(item.complete for item in self.items)

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.complete]

    @property
    def upload_types(self) -> list[str]:
        return [item.doc_type for item in self.items if item.how == "upload"]


def checklist(
    *, iin: str, data: Mapping[str, Any], files: Sequence[Any], today: dt.date
) -> Checklist:
    """reg:15.1 for these answers: the engine with an empty document list names every document
    the case requires (``missing_documents``), in the order of reg:15.1."""
    result = preview(iin=iin, data=data, today=today, documents=[])
    if result.decision is None:
        return Checklist(items=[], problem=result.problem, unused_files=list(files))
    version = DEFAULT_VERSIONS.version_on(today)
    language = reasons_language()
    required = list(result.decision["missing_documents"])
    uploaded = [f for f in files if not f.generated]
    items = []
    for code in required:
        spec = version.documents[code]
        if code in GENERATED_DOCUMENTS:
            how = "generated"
        elif code in FETCHED_DOCUMENTS:
            how = "fetched"
        else:
            how = "upload"
        items.append(
            ChecklistItem(
                doc_type=code,
                name=spec.names.get(language),
                clause=spec.clause,
                how=how,
                files=[f for f in uploaded if f.doc_type == code] if how == "upload" else [],
            )
        )
    needed = {item.doc_type for item in items if item.how == "upload"}
    unused = [f for f in uploaded if f.doc_type not in needed]
    return Checklist(items=items, unused_files=unused)
