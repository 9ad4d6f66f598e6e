"""The demo's applicants as the registers' simulator knows them, so that the demo's files are
built from the registers (`make run` starts the simulator with them: the setting
KEZEK_REGISTRIES_SIMULATOR_EXTRA names `demo_households_add`).

Each applicant of `people.APPLICANTS` is a household: the person, the family with IINs (the same
`member_iin` the loader declares), a permanent registration in Aktogay village, the dwellings
and sales their housing facts and history say, the income, the disabilities. The registers then
say what the demo declares: the files decide as before, now on fetched facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kezek.core.iin import Sex, make_iin
from kezek.offices.annex1 import ELSEWHERE_SETTLEMENTS, SETTLEMENTS
from kezek.registries.facts import (
    Birth,
    CommunalDwelling,
    Dwelling,
    EmergencyDecision,
    Marriage,
)
from kezek.registries.simulator.population import PersonRecord, Population

from .people import APPLICANTS, DemoApplicant

FIRST_SERIAL = 100  # the loader's: the applicant's IIN is make_iin(birth, sex, serial)
AKTOGAY_KATO, AKTOGAY_KK = SETTLEMENTS[0][0], SETTLEMENTS[0][2]
BALKHASH_KATO = ELSEWHERE_SETTLEMENTS[0][0]


def _sex_of(relation: str, name: str, applicant_sex: Sex) -> Sex:
    if relation == "spouse":
        return Sex.FEMALE if applicant_sex is Sex.MALE else Sex.MALE
    surname = name.split()[0]
    return Sex.FEMALE if surname.endswith(("ова", "ева", "ина", "қызы")) else Sex.MALE


def member_iin(serial: int, index: int, relation: str, name: str, born: dt.date, sex: Sex) -> str:
    """The IIN of a demo family member: deterministic, and distinct from every applicant's."""
    return make_iin(born, _sex_of(relation, name, sex), 5000 + serial * 10 + index)


def applicant_iins() -> Iterator[tuple[int, DemoApplicant, str]]:
    for serial, person in enumerate(APPLICANTS, start=FIRST_SERIAL):
        yield serial, person, make_iin(person.birth_date, person.sex, serial)


def _split(full_name: str) -> tuple[str, str]:
    parts = full_name.split()
    return parts[0], " ".join(parts[1:]) or parts[0]


def demo_households_add(population: Population) -> None:
    for serial, person, iin in applicant_iins():
        registration = (AKTOGAY_KATO, AKTOGAY_KK, "Ақтоғай ауылы", dt.date(2005, 1, 10))
        applicant = PersonRecord(
            iin=iin,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            birth_date=person.birth_date,
            sex=person.sex,
            registration=registration,
            income=(person.income or 0) // 12,
            steady=True,
        )
        members: list[PersonRecord] = []
        marriages: list[Marriage] = []
        births: list[Birth] = []
        for index, (relation, name, born) in enumerate(person.family):
            iin_m = member_iin(serial, index, relation, name, born, person.sex)
            last, first = _split(name)
            disabled = name in person.disabled_members
            member = PersonRecord(
                iin=iin_m,
                last_name=last,
                first_name=first,
                patronymic="",
                birth_date=born,
                sex=_sex_of(relation, name, person.sex),
                registration=registration,
                disability=(2, relation == "child", dt.date(2020, 1, 1), None)
                if disabled
                else None,
            )
            if relation == "spouse":
                certificate = f"II-НЕ {serial:03d}{index}"
                marriages.append(Marriage(iin_m, dt.date(2007, 8, 1), certificate))
                member.marriages = (Marriage(iin, dt.date(2007, 8, 1), certificate),)
            elif relation == "child":
                births.append(Birth(iin_m, born, f"I-НЕ {serial:03d}{index}"))
            members.append(member)
        applicant.marriages = tuple(marriages)
        applicant.births = tuple(births)
        # The spouse is the other parent of the children.
        for member in members:
            if member.marriages:
                member.births = tuple(births)
        applicant.dwellings, applicant.communal, applicant.emergency = _housing(person, serial)
        population.add_household(applicant, members, kind="demo")


def _housing(
    person: DemoApplicant, serial: int
) -> tuple[tuple[Dwelling, ...], tuple[CommunalDwelling, ...], tuple[EmergencyDecision, ...]]:
    dwellings: list[Dwelling] = []
    communal: list[CommunalDwelling] = []
    emergency: list[EmergencyDecision] = []
    flags = set(person.housing)
    number = f"09:354:{serial:03d}"
    if "owns_dwelling_in_kz" in flags and "owns_dwelling_in_locality" not in flags:
        dwellings.append(
            Dwelling(
                f"{number}:001",
                BALKHASH_KATO,
                "Балқаш қ., Абай к., 5-12",
                dt.date(2019, 4, 2),
                "purchase",
            )
        )
    if "owns_dwelling_in_locality" in flags or "only_dwelling_declared_emergency" in flags:
        dwellings.append(
            Dwelling(
                f"{number}:002",
                AKTOGAY_KATO,
                "Ақтоғай а., Жамбыл к., 7",
                dt.date(2001, 6, 1),
                "privatization",
            )
        )
    if "only_dwelling_declared_emergency" in flags:
        emergency.append(
            EmergencyDecision(
                f"{serial}-А", dt.date(2025, 3, 1), f"{number}:002", "Ақтоғай а., Жамбыл к., 7"
            )
        )
    if "communal_dwelling_in_use_in_locality" in flags:
        communal.append(
            CommunalDwelling("Ақтоғай а., Бөкейхан к., 2-4", AKTOGAY_KATO, dt.date(2015, 1, 1))
        )
    for index, event in enumerate(person.history):
        kind = event.get("event")
        if kind not in ("alienated_dwelling", "exchanged_dwelling"):
            continue
        sold_on = dt.date.fromisoformat(str(event["date"]))
        how = (
            "exchange"
            if kind == "exchanged_dwelling"
            else ("lender_buyout" if event.get("lender_buyout") else "sale")
        )
        dwellings.append(
            Dwelling(
                f"{number}:1{index:02d}",
                AKTOGAY_KATO,
                "Ақтоғай а., Сейфуллин к., 3",
                dt.date(2010, 5, 5),
                "purchase",
                "1",
                sold_on,
                how,
            )
        )
    return tuple(dwellings), tuple(communal), tuple(emergency)
