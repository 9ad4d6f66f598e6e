"""What a rule version is made of: parameters and tables, no logic.

The engine (kezek.rules.engine) holds the logic of the rules; a version holds
what changes when the law changes: the coefficient, the groups and the list
each leads to, which groups take the income test, the events of reg:12, the
documents, the age limits, and the sentences of the motivation in Kazakh and
Russian. Adding a later version is a new module with a new `RuleVersion`
added to DEFAULT_VERSIONS, with no change to the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kezek.core.text import Bi

LANGUAGES = ("kk", "ru")


@dataclass(frozen=True)
class ListSpec:
    """A queue list (reg:6.1-6.4 lead to one of these)."""

    code: str
    names: Bi


@dataclass(frozen=True)
class GroupSpec:
    """A claimable group: the clause of reg:6 that admits it, its reg:7 clause, its list."""

    code: str
    requirement_clause: str  # reg:6.1 / reg:6.2 / reg:6.3 / reg:6.4
    list_code: str
    names: Bi
    group_clause: str | None = None  # reg:7.1-reg:7.12 for socially vulnerable groups
    income_test: bool = False  # reg:6.2: the coefficient applies
    documents: tuple[str, ...] = ()  # group-specific documents (reg:15.1.c/h/j/k)
    # An age limit (reg:7.7): under `age_limit_years` on the application date.
    age_limit_years: int | None = None
    age_limit_extended_by_military_service: bool = False
    requires_parents_lost_before_majority: bool = False
    # reg:7.4: the family has a disabled child or raises one.
    requires_disabled_child: bool = False
    # reg:6.4: the group rests on the fact that the only dwelling was declared in emergency
    # condition (the local executive body's decision), not on the claim; need then follows
    # from the fact through reg:8.4 (`assess_housing_need`).
    requires_only_dwelling_declared_emergency: bool = False


@dataclass(frozen=True)
class EventSpec:
    """An event of reg:12 (deliberate worsening within the window)."""

    code: str
    clause: str
    names: Bi  # the "by ..." phrase of the motivation sentence
    exception_field: str | None = None  # e.g. lender_buyout (reg:12.2)
    persons_rule: bool = False  # reg:12.5: allowed persons do not establish the ground


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    clause: str  # reg:15.1.a-reg:15.1.l (two documents share reg:15.1.j)
    names: Bi


@dataclass(frozen=True)
class DocumentRules:
    """Which document code serves which purpose of reg:15.1 (the engine decides when)."""

    always: tuple[str, ...]
    family_certificates: str  # when the family is non-empty (and for the groups resting on them)
    court_decision_family: str  # when a member is `other`
    income_statement: str  # when the income test applies
    condition_certificate: str  # when need rests on the conditions of reg:8.4-8.6
    emergency_certificate: str  # when need rests on the emergency condition of the only dwelling


@dataclass(frozen=True)
class RuleVersion:
    id: str
    title: str
    effective_from: dt.date
    effective_to: dt.date | None  # exclusive; None: until a later version supersedes it
    coefficient: Decimal  # reg:6.2: income below coefficient x subsistence minimum
    lists: tuple[ListSpec, ...]  # in the fixed output order
    groups: Mapping[str, GroupSpec]
    events: Mapping[str, EventSpec]
    documents: Mapping[str, DocumentSpec]  # in the order of reg:15.1
    document_rules: DocumentRules
    worsening_window_years: int  # reg:12: "within the last five years"
    majority_age_years: int  # reg:12.5, reg:7.7
    texts: Mapping[str, Mapping[str, str]]  # lang -> key -> template

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def text(self, lang: str, key: str) -> str:
        return self.texts[lang][key]
