"""What the engine decides with: its rules (each naming its clause) and the shapes of its results.

Kept apart from the engine's logic (kezek.rules.engine) and the motivation sentences
(kezek.rules.motivation) so that both can read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from kezek.rules import text
from kezek.rules.clause_ids import sort_clauses
from kezek.rules.subsistence import SubsistenceMinimumRow
from kezek.rules.versions.base import LANGUAGES

REGISTER: Final = "register"
REFUSE: Final = "refuse"


@dataclass(frozen=True)
class Rule:
    """A rule of the engine and the clause it implements."""

    clause: str
    name: str
    summary: str


# reg:6 — who the service is for.
CITIZEN = Rule("reg:6", "citizen", "the applicant is a citizen of Kazakhstan")
RESIDENT = Rule("reg:6", "resident", "the applicant permanently resides in the locality")
SOME_GROUP = Rule("reg:6", "some_group", "at least one claimed group qualifies (any one suffices)")
# reg:6.2 — the income test (the clause is the group's requirement clause, reg:6.2).
INCOME_TEST = Rule(
    "reg:6.2", "income_test", "per-capita monthly income strictly below coefficient x SM"
)
# reg:6.4 — the group rests on the fact, not on the claim.
EMERGENCY_DECLARED = Rule(
    "reg:6.4",
    "only_dwelling_declared_emergency",
    "the only dwelling was declared in emergency condition (the LEB's decision)",
)
# reg:7.4 — the family has a disabled child or raises one.
DISABLED_CHILD = Rule(
    "reg:7.4", "disabled_child", "a disabled child in the family, or one the applicant raises"
)
# reg:7.7 — the conditions of a group with an age limit (the clause is the group's clause).
AGE_LIMIT = Rule("reg:7.7", "age_limit", "under the age limit, extended by military service")
PARENTS_LOST = Rule("reg:7.7", "parents_lost", "lost the parents before the age of majority")
# reg:8 — need.
NEED = Rule("reg:8", "need", "in need of housing from the state housing fund")
OWNS_NONE_IN_KZ = Rule(
    "reg:8.1", "owns_none_in_kz", "owns no dwelling in Kazakhstan (communal/state enterprise fund)"
)
OWNS_NONE_IN_LOCALITY = Rule(
    "reg:8.2", "owns_none_in_locality", "owns no dwelling in the locality (state institution fund)"
)
NO_COMMUNAL_IN_USE = Rule(
    "reg:8.3", "no_communal_in_use", "no communal dwelling in permanent use in the locality"
)
SUBSTANDARD = Rule("reg:8.4", "substandard", "the dwelling fails sanitary/technical requirements")
SHARED_ROOMS = Rule(
    "reg:8.5", "shared_rooms", "two or more families in adjoining non-isolated rooms"
)
SEVERE_ILLNESS = Rule(
    "reg:8.6", "severe_illness", "a severely ill member makes living in one room impossible"
)
# reg:12 — deliberate worsening within the window (event clauses: the version's `events`).
WORSENING = Rule(
    "reg:12", "worsening", "an event of reg:12.1-12.5 on or after application_date - 5 years"
)
ALIENATION_EXCEPTION = Rule(
    "reg:12.2", "lender_buyout", "the LEB bought the dwelling from the pledger"
)
ALLOWED_PERSONS = Rule(
    "reg:12.5", "allowed_persons", "spouse, minor children, children and parents unable to work"
)
# reg:15 — documents.
DOCUMENTS = Rule(
    "reg:15", "documents", "every document reg:15.1 requires for the case was handed in"
)

RULES: Final = (
    CITIZEN, RESIDENT, SOME_GROUP, INCOME_TEST, EMERGENCY_DECLARED, DISABLED_CHILD, AGE_LIMIT,
    PARENTS_LOST, NEED, OWNS_NONE_IN_KZ,
    OWNS_NONE_IN_LOCALITY, NO_COMMUNAL_IN_USE, SUBSTANDARD, SHARED_ROOMS, SEVERE_ILLNESS, WORSENING,
    ALIENATION_EXCEPTION, ALLOWED_PERSONS, DOCUMENTS,
)  # fmt: skip

# Funds whose allocation is governed by reg:8.1 (private_rented: treated as communal).


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class IncomeTest:
    """reg:6.2: average monthly income per family member against coefficient x SM."""

    applies: bool
    family_size: int = 0
    income_12_months: Decimal | None = None
    subsistence_minimum: SubsistenceMinimumRow | None = None
    coefficient: Decimal | None = None
    passed: bool | None = None

    @property
    def threshold(self) -> Decimal | None:
        """coefficient x SM, exactly, in Decimal (no float rounding)."""
        if self.coefficient is None or self.subsistence_minimum is None:
            return None
        return self.coefficient * Decimal(self.subsistence_minimum.amount)

    @property
    def per_capita_monthly(self) -> Decimal | None:
        """income / 12 / family_size, rounded half up to the tiyn (for output only)."""
        if self.income_12_months is None or not self.family_size:
            return None
        exact = self.income_12_months / 12 / self.family_size
        return exact.quantize(text.CENT, rounding=ROUND_HALF_UP)

    def to_json(self) -> dict[str, Any]:
        if not self.applies:
            return {"applies": False}
        assert self.subsistence_minimum is not None
        assert self.coefficient is not None
        threshold, per_capita = self.threshold, self.per_capita_monthly
        assert threshold is not None
        assert per_capita is not None
        return {
            "applies": True,
            "family_size": self.family_size,
            "income_12_months": float(self.income_12_months or 0),
            "per_capita_monthly": float(per_capita),
            "subsistence_minimum": self.subsistence_minimum.amount,
            "subsistence_minimum_effective_from": self.subsistence_minimum.effective_from.isoformat(),
            "coefficient": float(self.coefficient),
            "threshold": float(threshold),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class Ground:
    """One finding of a refusal (or of a group that does not qualify), with its clause."""

    clause: str
    kind: str  # requirements | income | group_conditions | not_in_need | worsening | documents
    facts: tuple[str, ...] = ()
    group: str | None = None
    event: str | None = None
    dates: tuple[dt.date, ...] = ()
    documents: tuple[str, ...] = ()
    age_limit_years: int | None = None
    service_months: int = 0
    limit_until: dt.date | None = None


@dataclass(frozen=True)
class GroupOutcome:
    group: str
    grounds: tuple[Ground, ...]

    @property
    def qualifies(self) -> bool:
        return not self.grounds


@dataclass(frozen=True)
class NeedAssessment:
    """The outcome of reg:8 (see `assess_need`)."""

    in_need: bool
    by_ownership: bool  # reg:8.3 with reg:8.1 / reg:8.2
    ownership_clause: str  # reg:8.1 or reg:8.2, by fund
    clauses: tuple[str, ...]  # the need clauses that hold and establish need
    emergency: bool  # the only dwelling was declared in emergency condition (reg:6.4 -> reg:8.4)
    substandard: bool
    facts_against: tuple[str, ...]  # fact keys when not in need


@dataclass(frozen=True)
class Decision:
    decision: str
    rules_version: str
    lists: tuple[str, ...]
    basis: tuple[str, ...]
    grounds: tuple[Ground, ...]
    income_test: IncomeTest
    missing_documents: tuple[str, ...]
    documents_checked: bool
    not_qualified: tuple[GroupOutcome, ...]
    need: NeedAssessment
    reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ground_clauses(self) -> tuple[str, ...]:
        return tuple(sort_clauses(g.clause for g in self.grounds))

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "rules_version": self.rules_version,
            "lists": list(self.lists),
            "basis": list(self.basis),
            "grounds": list(self.ground_clauses),
            "income_test": self.income_test.to_json(),
            "missing_documents": list(self.missing_documents),
            "documents_checked": self.documents_checked,
            "not_qualified": [
                {"group": o.group, "grounds": sort_clauses(g.clause for g in o.grounds)}
                for o in self.not_qualified
            ],
            "reasons": {lang: list(self.reasons.get(lang, ())) for lang in LANGUAGES},
        }
