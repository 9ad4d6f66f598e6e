"""The decision case as frozen dataclasses (the parsed form of decision-case.md's input)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

Fund = Literal["communal", "state_enterprise", "state_institution", "private_rented"]
FUNDS: Final[tuple[Fund, ...]] = (
    "communal",
    "state_enterprise",
    "state_institution",
    "private_rented",
)

Relation = Literal["spouse", "child", "parent", "other"]
RELATIONS: Final[tuple[Relation, ...]] = ("spouse", "child", "parent", "other")

# The `housing` facts of reg:8, all false by default (decision-case.md).
HOUSING_FIELDS: Final[tuple[str, ...]] = (
    "owns_dwelling_in_kz",
    "owns_dwelling_in_locality",
    "communal_dwelling_in_use_in_locality",
    "dwelling_substandard",
    "shared_non_isolated_rooms",
    "severe_illness_cohabitation_impossible",
    "only_dwelling_declared_emergency",
)


@dataclass(frozen=True)
class Applicant:
    iin: str
    birth_date: dt.date
    citizen_of_kz: bool
    permanent_resident_in_locality: bool
    # reg:7.7 (Kazakh text): the orphan "lost their parents before the age of majority".
    lost_parents_before_majority: bool = True


@dataclass(frozen=True)
class FamilyMember:
    relation: Relation
    birth_date: dt.date | None = None
    disabled: bool = False
    recognized_by_court: bool = False


@dataclass(frozen=True)
class Housing:
    owns_dwelling_in_kz: bool = False
    owns_dwelling_in_locality: bool = False
    communal_dwelling_in_use_in_locality: bool = False
    dwelling_substandard: bool = False
    shared_non_isolated_rooms: bool = False
    severe_illness_cohabitation_impossible: bool = False
    only_dwelling_declared_emergency: bool = False


@dataclass(frozen=True)
class MovedPerson:
    """A person moved in (reg:12.5), from a string (`minor_child`) or an object.

    `detailed` is False for the plain strings ``child`` and ``parent``: they
    say who moved in but nothing about age or capacity to work.
    """

    relation: Relation
    birth_date: dt.date | None = None
    minor: bool = False
    disabled: bool = False
    unable_to_work: bool = False
    detailed: bool = True
    stated_as: str = ""


@dataclass(frozen=True)
class HistoryEvent:
    date: dt.date
    event: str
    lender_buyout: bool = False
    # None: the event does not say who moved in (reg:12.5 then holds).
    persons: tuple[MovedPerson, ...] | None = None


@dataclass(frozen=True)
class Case:
    application_date: dt.date
    fund: Fund
    claimed_groups: tuple[str, ...]
    applicant: Applicant
    family: tuple[FamilyMember, ...] = ()
    income_12_months: Decimal | None = None
    housing: Housing = Housing()
    history: tuple[HistoryEvent, ...] = ()
    # None: the `documents` key was absent, the document check is skipped (self-check).
    documents: tuple[str, ...] | None = None
    military_service_months: int = 0

    @property
    def family_size(self) -> int:
        """The applicant and every member of `family` (decision-case.md)."""
        return 1 + len(self.family)
