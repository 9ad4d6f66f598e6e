"""The established facts: fetched where a register answered, declared where it cannot (pure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kezek.core.iin import Sex, make_iin
from kezek.registries.establish import AWAITING, DECLARED, FETCHED, Member, establish
from kezek.registries.facts import (
    Birth,
    CivilStatusFacts,
    DisabilityFacts,
    DistrictFacts,
    Dwelling,
    EmergencyDecision,
    IncomeFacts,
    Marriage,
    MonthIncome,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)

D = dt.date
APPLICANT = make_iin(D(1985, 3, 4), Sex.MALE, 11)
SPOUSE = make_iin(D(1987, 6, 1), Sex.FEMALE, 12)
CHILD = make_iin(D(2015, 9, 9), Sex.MALE, 13)
AKTOGAY, BALKHASH = "354030100", "351610000"
LOCALITY = {AKTOGAY, "354033100"}


def declared(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "application_date": "2026-11-20",
        "fund": "communal",
        "claimed_groups": ["low_income"],
        "applicant": {
            "iin": APPLICANT,
            "birth_date": "1985-03-04",
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
        },
        "family": [{"relation": "spouse", "birth_date": "1987-06-01", "disabled": False}],
        "housing": {},
        "history": [],
        "income_12_months": 500000,
    }
    case.update(changes)
    return case


MEMBERS = [Member("spouse", "Spouse", SPOUSE, D(1987, 6, 1), False)]


def clean_answers() -> dict[tuple[str, str], Any]:
    return {
        (Register.PERSONS.value, APPLICANT): PersonFacts(
            APPLICANT, "Ахметов", "Ерлан", "", D(1985, 3, 4), "male", "KZ"
        ),
        (Register.PERSONS.value, SPOUSE): PersonFacts(
            SPOUSE, "Ахметова", "Айгүл", "", D(1987, 6, 1), "female", "KZ"
        ),
        (Register.ADDRESSES.value, APPLICANT): RegistrationFacts(
            APPLICANT, True, AKTOGAY, "Ақтоғай ауылы", "Бөкейхан к., 3", D(2010, 1, 1)
        ),
        (Register.CIVIL_STATUS.value, APPLICANT): CivilStatusFacts(
            APPLICANT, marriages=(Marriage(SPOUSE, D(2012, 5, 5), "II-НЕ 001"),)
        ),
        (Register.REAL_ESTATE.value, APPLICANT): RealEstateFacts(APPLICANT),
        (Register.REAL_ESTATE.value, SPOUSE): RealEstateFacts(SPOUSE),
        (Register.DISABILITY.value, APPLICANT): None,
        (Register.DISABILITY.value, SPOUSE): None,
        (Register.INCOME.value, APPLICANT): IncomeFacts(
            APPLICANT, "2025-11", "2026-10", (MonthIncome("2026-01", Decimal("100000")),)
        ),
        (Register.INCOME.value, SPOUSE): None,
        (Register.DISTRICT.value, APPLICANT): DistrictFacts(APPLICANT),
        (Register.DISTRICT.value, SPOUSE): DistrictFacts(SPOUSE),
    }


def run(answers: dict[tuple[str, str], Any], **changes: Any):  # type: ignore[no-untyped-def]
    return establish(
        declared=declared(**changes),
        members=MEMBERS,
        applicant_iin=APPLICANT,
        answers=answers,
        locality_katos=LOCALITY,
    )


def test_the_engine_takes_the_registers_where_they_answered_reg_15_1() -> None:
    out = run(clean_answers())
    assert out.case["income_12_months"] == Decimal("100000")  # reg:6.2: the register's sum
    assert out.comparison("income_12_months").differs  # declared 500,000
    assert out.case["housing"]["owns_dwelling_in_kz"] is False
    assert out.comparison("family").source == FETCHED
    assert not out.comparison("family").differs
    assert out.added_members == []


def test_a_flat_in_balkhash_since_2019_is_a_difference_reg_8_1() -> None:
    answers = clean_answers()
    answers[(Register.REAL_ESTATE.value, SPOUSE)] = RealEstateFacts(
        SPOUSE,
        (Dwelling("09:123:045:678", BALKHASH, "Балқаш, Абай 5-12", D(2019, 4, 2), "purchase"),),
    )
    out = run(answers)
    owns = out.comparison("housing.owns_dwelling_in_kz")
    assert (owns.declared, owns.fetched, owns.differs) == (False, True, True)
    assert "Балқаш" in owns.evidence[0]
    assert "{purchase} 02.04.2019" in owns.evidence[0]
    assert out.case["housing"]["owns_dwelling_in_kz"] is True
    # Balkhash is not a settlement of the district: not "in this locality" (reg:8.2).
    assert out.case["housing"]["owns_dwelling_in_locality"] is False


def test_a_sale_three_years_ago_enters_the_five_years_history_reg_12_2() -> None:
    answers = clean_answers()
    answers[(Register.REAL_ESTATE.value, APPLICANT)] = RealEstateFacts(
        APPLICANT,
        (
            Dwelling(
                "09:1:1:1",
                AKTOGAY,
                "Ақтоғай",
                D(2015, 1, 1),
                "purchase",
                "1",
                D(2023, 11, 1),
                "sale",
            ),
            Dwelling(
                "09:1:1:2",
                AKTOGAY,
                "Ақтоғай",
                D(2015, 1, 1),
                "purchase",
                "1",
                D(2024, 2, 1),
                "lender_buyout",
            ),
        ),
    )
    out = run(answers)
    assert out.case["history"] == [
        {"date": "2023-11-01", "event": "alienated_dwelling"},
        {"date": "2024-02-01", "event": "alienated_dwelling", "lender_buyout": True},
    ]
    assert out.comparison("history").differs


def test_registration_outside_the_settlements_is_not_residence_reg_6() -> None:
    answers = clean_answers()
    answers[(Register.ADDRESSES.value, APPLICANT)] = RegistrationFacts(
        APPLICANT, True, BALKHASH, "Балқаш қаласы", "", D(2020, 1, 1)
    )
    out = run(answers)
    assert out.case["applicant"]["permanent_resident_in_locality"] is False
    assert out.comparison("applicant.permanent_resident_in_locality").differs
    # No registration at all: no residence either.
    answers[(Register.ADDRESSES.value, APPLICANT)] = None
    assert run(answers).case["applicant"]["permanent_resident_in_locality"] is False


def test_a_register_that_has_not_answered_leaves_the_declared_fact_marked_awaiting() -> None:
    answers = clean_answers()
    del answers[(Register.REAL_ESTATE.value, SPOUSE)]
    del answers[(Register.PERSONS.value, APPLICANT)]
    out = run(answers, housing={"owns_dwelling_in_kz": False})
    assert out.comparison("housing.owns_dwelling_in_kz").source == AWAITING
    assert out.comparison("applicant.birth_date").source == AWAITING
    assert out.case["applicant"]["birth_date"] == "1985-03-04"  # declared stands


def test_an_undeclared_child_of_the_records_is_counted_and_shown() -> None:
    answers = clean_answers()
    answers[(Register.CIVIL_STATUS.value, APPLICANT)] = CivilStatusFacts(
        APPLICANT,
        marriages=(Marriage(SPOUSE, D(2012, 5, 5), "II-НЕ 001"),),
        births=(Birth(CHILD, D(2015, 9, 9), "I-НЕ 777"),),
    )
    answers[(Register.DISABILITY.value, CHILD)] = DisabilityFacts(CHILD, 2, True, D(2020, 1, 1))
    out = run(answers)
    assert out.added_members == [("child", CHILD)]
    assert {"relation": "child", "birth_date": "2015-09-09", "disabled": True} in out.case["family"]
    assert out.comparison("family").differs


def test_a_disabled_member_is_established_by_the_register_reg_7_4() -> None:
    answers = clean_answers()
    answers[(Register.DISABILITY.value, SPOUSE)] = DisabilityFacts(SPOUSE, 1, False, D(2021, 1, 1))
    out = run(answers)
    assert out.case["family"][0]["disabled"] is True
    row = out.comparison(f"family.{SPOUSE}.disabled")
    assert row is not None
    assert row.differs
    assert row.clause == "reg:7.4"


def test_the_emergency_decision_on_the_only_dwelling_is_the_fact_reg_6_4() -> None:
    answers = clean_answers()
    home = Dwelling("09:5:5:5", AKTOGAY, "Ақтоғай, Жамбыл 7", D(2001, 1, 1), "privatization")
    answers[(Register.REAL_ESTATE.value, APPLICANT)] = RealEstateFacts(APPLICANT, (home,))
    answers[(Register.DISTRICT.value, APPLICANT)] = DistrictFacts(
        APPLICANT,
        emergency_decisions=(EmergencyDecision("47", D(2025, 3, 1), "09:5:5:5", "Жамбыл 7"),),
    )
    out = run(answers)
    assert out.case["housing"]["only_dwelling_declared_emergency"] is True
    # A claim without the decision is not the fact: the register says no.
    answers[(Register.DISTRICT.value, APPLICANT)] = DistrictFacts(APPLICANT)
    out = run(answers, housing={"only_dwelling_declared_emergency": True})
    emergency = out.comparison("housing.only_dwelling_declared_emergency")
    assert (emergency.declared, emergency.fetched, emergency.differs) == (True, False, True)
    assert out.case["housing"]["only_dwelling_declared_emergency"] is False


def test_not_found_in_the_persons_register_keeps_the_declared_and_says_so() -> None:
    answers = clean_answers()
    answers[(Register.PERSONS.value, APPLICANT)] = None
    out = run(answers)
    assert out.comparison("applicant.citizen_of_kz").source == DECLARED


def test_every_fact_source_names_real_registers_and_a_fact_the_merge_compares() -> None:
    from kezek.rules.fact_sources import FACT_SOURCES

    registers = {r.value for r in Register}
    keys = {c.key for c in run(clean_answers()).comparisons}
    for source in FACT_SOURCES:
        assert set(source.registers) <= registers, source.field
        if source.field == "family[].disabled":
            assert any(k.startswith("family.") and k.endswith(".disabled") for k in keys)
        else:
            assert source.field in keys, source.field


def test_the_evidence_is_in_the_screens_words() -> None:
    from django.utils import translation

    from kezek.registries.presenters import fact_rows

    answers = clean_answers()
    answers[(Register.REAL_ESTATE.value, SPOUSE)] = RealEstateFacts(
        SPOUSE,
        (
            Dwelling(
                "09:1:1:9",
                BALKHASH,
                "Балқаш {A}",
                D(2019, 4, 2),
                "purchase",
                "1",
                D(2023, 11, 1),
                "sale",
            ),
        ),
    )
    with translation.override("ru"):
        rows = {row.label: row for row in fact_rows(run(answers))}
    owns = rows["Имеет жилище в собственности в Казахстане"]
    assert not owns.differs
    assert owns.evidence == ()  # sold before the application: not owned on that day
    history = rows["Отчуждённое или обменянное жильё"]
    assert history.evidence == ("Балқаш {A}, 09:1:1:9: покупка 02.04.2019; продажа 01.11.2023",)
