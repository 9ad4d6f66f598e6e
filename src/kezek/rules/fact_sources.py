"""Where each fact of the decision case comes from when the state registers answer (reg:15.1,
last paragraph; ADR 0013): the case field, the register (its gateway service id), the clause the
fact enters the rules by. `kezek.registries.establish` takes its clauses from here, and the
clause map prints this table, so docs/clauses.md shows where each register's facts enter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class FactSource:
    field: str  # the decision case's field (decision-case.md)
    registers: tuple[str, ...]  # gateway service ids (kezek.registries.facts.Register)
    clause: str
    how: str


FACT_SOURCES: Final[tuple[FactSource, ...]] = (
    FactSource(
        "applicant.birth_date", ("GBDFL_PERSON",), "reg:4", "the state database of individuals"
    ),
    FactSource(
        "applicant.citizen_of_kz",
        ("GBDFL_PERSON",),
        "reg:4",
        "citizenship KZ in the state database of individuals",
    ),
    FactSource(
        "applicant.permanent_resident_in_locality",
        ("ADDRESS_REGISTRATION",),
        "reg:6",
        "permanent registration in a settlement of the district (by its KATO code)",
    ),
    FactSource(
        "family",
        ("ZAGS_CIVIL_STATUS", "GBDFL_PERSON"),
        "reg:15.1",
        "the current spouse and the living children of the civil status records",
    ),
    FactSource(
        "family[].disabled",
        ("DISABILITY_REGISTER",),
        "reg:7.4",
        "a disability in force on the application date",
    ),
    FactSource(
        "income_12_months",
        ("PENSION_CONTRIBUTIONS",),
        "reg:6.2",
        "the base of the pension contributions of every member over the 12 months",
    ),
    FactSource(
        "housing.owns_dwelling_in_kz",
        ("REAL_ESTATE_RIGHTS",),
        "reg:8.1",
        "a dwelling owned by a member on the application date, anywhere in Kazakhstan",
    ),
    FactSource(
        "housing.owns_dwelling_in_locality",
        ("REAL_ESTATE_RIGHTS",),
        "reg:8.2",
        "such a dwelling in the settlement of the permanent registration",
    ),
    FactSource(
        "housing.communal_dwelling_in_use_in_locality",
        ("DISTRICT_RECORDS",),
        "reg:8.3",
        "a communal dwelling of the settlement in a member's permanent use",
    ),
    FactSource(
        "housing.only_dwelling_declared_emergency",
        ("DISTRICT_RECORDS", "REAL_ESTATE_RIGHTS"),
        "reg:6.4",
        "the local executive body's decision on the family's only dwelling",
    ),
    FactSource(
        "history",
        ("REAL_ESTATE_RIGHTS",),
        "reg:12.2",
        "alienations (sale, gift, the lender's buyout) and exchanges of dwellings, with dates",
    ),
)

FACT_CLAUSES: Final[dict[str, str]] = {source.field: source.clause for source in FACT_SOURCES}
