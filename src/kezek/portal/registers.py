"""The registers' facts in the citizen's words, and what they pre-fill in the steps (no
queries: `selectors.draft_register_answers` reads the calls).

Only the citizen (the IIN of the certificate) and the spouse and children their own civil
status records name are ever shown: the answers are filtered by that before anything is said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.registries.facts import (
    CivilStatusFacts,
    DisabilityFacts,
    DistrictFacts,
    Facts,
    IncomeFacts,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)

from .case import birth_date_of, money_json

#: The registers, as a citizen would name them.
REGISTER_WORDS: dict[str, Promise] = {
    Register.PERSONS.value: _("the state database of individuals"),
    Register.ADDRESSES.value: _("the address register"),
    Register.CIVIL_STATUS.value: _("the civil status records (marriages and births)"),
    Register.REAL_ESTATE.value: _("the real-estate register"),
    Register.DISABILITY.value: _("the register of persons with disabilities"),
    Register.INCOME.value: _("the pension contributions register (income)"),
    Register.DISTRICT.value: _("the district's records of communal housing"),
}
ROLE_WORDS: dict[str, Promise] = {
    "applicant": _("you"),
    "spouse": _("spouse"),
    "child": _("child"),
}
#: The applicant's fields the registers fill in (step 1).
APPLICANT_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "address",
    "district",
    "citizen_of_kz",
    "permanent_resident_in_locality",
)


@dataclass(frozen=True)
class RegisterAnswers:
    """What the registers answered about the citizen and the family, from the stored calls."""

    iin: str
    asked_at: dt.datetime | None
    on: dt.date
    roles: dict[str, str]  # IIN → applicant / spouse / child (the citizen's civil status)
    facts: dict[tuple[str, str], Facts | None]  # (IIN, service id) → facts; None: no record
    silent: set[tuple[str, str]] = field(default_factory=set)  # did not answer (in time)

    def of(self, iin: str, register: Register) -> Facts | None:
        return self.facts.get((iin, register.value))


def family_named(answers: Mapping[tuple[str, str], Facts | None], iin: str) -> dict[str, str]:
    """The citizen and the spouse and children the citizen's own civil status records name."""
    people = {iin: "applicant"}
    civil = answers.get((iin, Register.CIVIL_STATUS.value))
    if isinstance(civil, CivilStatusFacts):
        for member, relation in civil.family():
            people.setdefault(member, relation)
    return people


@dataclass(frozen=True)
class PersonLine:
    iin: str
    role: str
    role_label: str
    name: str
    birth_date: dt.date | None
    disability: str = ""


@dataclass(frozen=True)
class DwellingLine:
    owner: str
    address: str
    acquired_on: dt.date
    share: str
    alienated_on: dt.date | None = None


@dataclass(frozen=True)
class IncomeLine:
    name: str
    total: Decimal | None  # None: the register did not answer


@dataclass
class RegistersView:
    asked_at: dt.datetime | None
    person: PersonLine | None
    citizen_of_kz: bool | None
    registration: RegistrationFacts | None
    family: list[PersonLine]
    dwellings: list[DwellingLine]
    former_dwellings: list[DwellingLine]
    disabled: list[PersonLine]
    incomes: list[IncomeLine]
    income_total: Decimal | None
    income_from: str
    income_to: str
    communal: list[str]
    emergency: list[str]
    silent: list[str]  # the registers that did not answer, in the citizen's words
    all_silent: bool
    applicant_prefill: dict[str, Any]
    family_prefill: list[dict[str, Any]]
    income_prefill: int | float | None

    @property
    def anything(self) -> bool:
        return not self.all_silent


def _month(period: str) -> str:
    """ "2026-03" → "03.2026", the way months are written here."""
    year, _sep, month = period.partition("-")
    return f"{month}.{year}" if month else period


def _name(facts: Facts | None) -> str:
    if isinstance(facts, PersonFacts):
        return " ".join(x for x in (facts.last_name, facts.first_name, facts.patronymic) if x)
    return ""


def _disability(facts: Facts | None, on: dt.date) -> str:
    if not isinstance(facts, DisabilityFacts) or not facts.disabled_on(on):
        return ""
    if facts.child:
        return str(_("disabled child"))
    return str(_("disability group %(group)s") % {"group": facts.group})


def _birth(answers: RegisterAnswers, iin: str) -> dt.date | None:
    person = answers.of(iin, Register.PERSONS)
    if isinstance(person, PersonFacts):
        return person.birth_date
    civil = answers.of(answers.iin, Register.CIVIL_STATUS)
    if isinstance(civil, CivilStatusFacts):
        for birth in civil.births:
            if birth.child_iin == iin:
                return birth.child_birth_date
    return birth_date_of(iin)


def registers_view(
    answers: RegisterAnswers, *, district_of_kato: Mapping[str, str]
) -> RegistersView:
    """The panel "The state registers say" and the pre-fill of the steps."""
    on = answers.on
    iin = answers.iin
    person_facts = answers.of(iin, Register.PERSONS)
    registration = answers.of(iin, Register.ADDRESSES)
    registration = registration if isinstance(registration, RegistrationFacts) else None
    people: list[PersonLine] = []
    for subject, role in answers.roles.items():
        facts = answers.of(subject, Register.PERSONS)
        if isinstance(facts, PersonFacts) and facts.death_date is not None:
            continue  # the dead are no family to apply with
        people.append(
            PersonLine(
                iin=subject,
                role=role,
                role_label=str(ROLE_WORDS.get(role, role)),
                name=_name(facts),
                birth_date=_birth(answers, subject),
                disability=_disability(answers.of(subject, Register.DISABILITY), on),
            )
        )
    names = {p.iin: p.name or p.role_label for p in people}
    dwellings: list[DwellingLine] = []
    former: list[DwellingLine] = []
    five_years_ago = on.replace(year=on.year - 5) if not (on.month == 2 and on.day == 29) else on
    communal: list[str] = []
    emergency: list[str] = []
    incomes: list[IncomeLine] = []
    income_from = income_to = ""
    for p in people:
        estate = answers.of(p.iin, Register.REAL_ESTATE)
        if isinstance(estate, RealEstateFacts):
            for d in estate.dwellings:
                line = DwellingLine(
                    owner=names[p.iin],
                    address=d.address,
                    acquired_on=d.acquired_on,
                    share=d.share if d.share != "1" else "",
                    alienated_on=d.alienated_on,
                )
                if d.owned_on(on):
                    dwellings.append(line)
                elif d.alienated_on is not None and d.alienated_on >= five_years_ago:
                    former.append(line)
        district = answers.of(p.iin, Register.DISTRICT)
        if isinstance(district, DistrictFacts):
            communal += [c.address for c in district.communal_dwellings]
            emergency += [
                f"{e.number}, {e.decided_on:%d.%m.%Y}: {e.address}"
                for e in district.emergency_decisions
            ]
        income = answers.of(p.iin, Register.INCOME)
        if isinstance(income, IncomeFacts):
            incomes.append(IncomeLine(name=names[p.iin], total=income.total))
            income_from, income_to = _month(income.period_from), _month(income.period_to)
        elif (p.iin, Register.INCOME.value) in answers.silent:
            incomes.append(IncomeLine(name=names[p.iin], total=None))
        else:
            incomes.append(IncomeLine(name=names[p.iin], total=Decimal("0")))
    income_total: Decimal | None = None
    if incomes and all(i.total is not None for i in incomes):
        income_total = sum((i.total for i in incomes if i.total is not None), Decimal("0"))
    silent_registers = {register for _iin, register in answers.silent}
    silent = [str(words) for key, words in REGISTER_WORDS.items() if key in silent_registers]
    citizen_of_kz = (
        person_facts.citizenship == "KZ" if isinstance(person_facts, PersonFacts) else None
    )
    applicant = next((p for p in people if p.role == "applicant"), None)
    return RegistersView(
        asked_at=answers.asked_at,
        person=applicant if isinstance(person_facts, PersonFacts) else None,
        citizen_of_kz=citizen_of_kz,
        registration=registration,
        family=[p for p in people if p.role != "applicant"],
        dwellings=dwellings,
        former_dwellings=former,
        disabled=[p for p in people if p.disability],
        incomes=incomes,
        income_total=income_total,
        income_from=income_from,
        income_to=income_to,
        communal=communal,
        emergency=emergency,
        silent=silent,
        all_silent=not answers.facts,
        applicant_prefill=_applicant_prefill(person_facts, registration, district_of_kato),
        family_prefill=[
            {
                "relation": p.role,
                "full_name": p.name,
                "birth_date": p.birth_date.isoformat() if p.birth_date else "",
                "iin": p.iin,
                "disabled": bool(p.disability),
            }
            for p in people
            if p.role != "applicant"
        ],
        # Nothing paid in is no proof of no income: the citizen says what the family earned.
        income_prefill=money_json(income_total) if income_total else None,
    )


def _applicant_prefill(
    person: Facts | None,
    registration: RegistrationFacts | None,
    district_of_kato: Mapping[str, str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if isinstance(person, PersonFacts):
        values.update(
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            citizen_of_kz=person.citizenship == "KZ",
        )
    if registration is not None:
        district = district_of_kato.get(registration.kato, "") if registration.permanent else ""
        if registration.permanent and registration.address:
            values["address"] = registration.address
        if district:
            values["district"] = district
        values["permanent_resident_in_locality"] = bool(district)
    return values


def marked(prefill: Mapping[str, Any], current: Mapping[str, Any]) -> set[str]:
    """The fields whose value is the registers' (marked "from the registers" on the page)."""
    return {name for name, value in prefill.items() if current.get(name) == value}
