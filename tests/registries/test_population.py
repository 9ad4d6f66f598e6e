"""The fictitious population: deterministic, consistent from both sides, with every hard case."""

from __future__ import annotations

import ast
import datetime as dt
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import kezek.registries.simulator.population as population_module
from kezek.core.iin import Sex, make_iin, parse_iin
from kezek.offices.annex1 import ELSEWHERE_SETTLEMENTS, SETTLEMENTS
from kezek.registries.adapters import ADAPTERS
from kezek.registries.facts import (
    CivilStatusFacts,
    DisabilityFacts,
    DistrictFacts,
    IncomeFacts,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)
from kezek.registries.simulator.population import (
    CASE_NAMES,
    INCOME_COEFFICIENT,
    RU_MALE,
    SUBSISTENCE_MINIMUM,
    Population,
    PopulationError,
    population_generate,
)

from .conftest import TODAY

DISTRICT_KATO = {s[0] for s in SETTLEMENTS}
AKTOGAY_KATO = SETTLEMENTS[0][0]
BALKHASH_KATO = ELSEWHERE_SETTLEMENTS[0][0]
KK_LETTERS = set("әғқңөұүһі")


def patronymic_of(father: str, sex: str) -> str:
    if father in RU_MALE:
        return RU_MALE[father][0 if sex == "male" else 1]
    return father + ("ұлы" if sex == "male" else "қызы")


def person(p: Population, iin: str) -> PersonFacts:
    facts = p.answer(Register.PERSONS, iin)
    assert isinstance(facts, PersonFacts)
    return facts


def civil(p: Population, iin: str) -> CivilStatusFacts:
    facts = p.answer(Register.CIVIL_STATUS, iin)
    assert isinstance(facts, CivilStatusFacts)
    return facts


def registration(p: Population, iin: str) -> RegistrationFacts:
    facts = p.answer(Register.ADDRESSES, iin)
    assert isinstance(facts, RegistrationFacts)
    return facts


def estate(p: Population, iin: str) -> RealEstateFacts:
    facts = p.answer(Register.REAL_ESTATE, iin)
    assert isinstance(facts, RealEstateFacts)
    return facts


def disability(p: Population, iin: str) -> DisabilityFacts:
    facts = p.answer(Register.DISABILITY, iin)
    assert isinstance(facts, DisabilityFacts)
    return facts


def income(p: Population, iin: str, params: dict[str, str] | None = None) -> IncomeFacts:
    facts = p.answer(Register.INCOME, iin, params)
    assert isinstance(facts, IncomeFacts)
    return facts


def district(p: Population, iin: str) -> DistrictFacts:
    facts = p.answer(Register.DISTRICT, iin)
    assert isinstance(facts, DistrictFacts)
    return facts


def rendered(p: Population, iins: list[str]) -> list[bytes]:
    return [
        etree.tostring(ADAPTERS[register].render(p.answer(register, iin)))
        for iin in iins
        for register in Register
    ]


# --------------------------------------------------------------------------- determinism


def test_the_same_seed_gives_byte_identical_answers() -> None:
    first = population_generate(seed=7, households=60, today=TODAY)
    second = population_generate(seed=7, households=60, today=TODAY)
    assert list(first.iins()) == list(second.iins())
    assert first.cases == second.cases
    assert rendered(first, list(first.iins())) == rendered(second, list(second.iins()))


def test_another_seed_gives_other_people() -> None:
    first = population_generate(seed=7, households=60, today=TODAY)
    other = population_generate(seed=8, households=60, today=TODAY)
    assert set(first.iins()) != set(other.iins())
    assert first.cases != other.cases


def test_too_few_households_for_the_named_cases_is_refused() -> None:
    with pytest.raises(ValueError, match="named case"):
        population_generate(seed=1, households=len(CASE_NAMES) - 1, today=TODAY)


def test_the_generator_is_pure_python() -> None:
    tree = ast.parse(Path(population_module.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else []
        )
    }
    assert not any(name.startswith("django") for name in imported)


# --------------------------------------------------------------------------- the people


def test_iins_are_valid_unique_and_agree_with_birth_date_and_sex(population: Population) -> None:
    iins = list(population.iins())
    assert len(iins) == len(set(iins)) == len(population) > 900
    for iin in iins:
        facts = person(population, iin)
        parsed = parse_iin(iin)
        assert parsed.birth_date == facts.birth_date
        assert parsed.sex.value == facts.sex
        assert facts.last_name
        assert facts.first_name
        assert facts.patronymic


def test_households_have_one_to_six_people_mostly_registered_in_the_district(
    population: Population,
) -> None:
    assert len(population.households) == 300
    sizes = Counter(len(h.members) for h in population.households)
    assert set(sizes) <= set(range(1, 7))
    assert len(sizes) >= 4
    in_district = sum(
        registration(population, h.applicant).kato in DISTRICT_KATO for h in population.households
    )
    assert in_district / len(population.households) > 0.7
    names = "".join(person(population, iin).last_name for iin in population.iins())
    assert KK_LETTERS & set(names.lower())
    assert "ов" in names
    assert "ев" in names


def test_marriages_are_the_same_record_on_both_spouses(population: Population) -> None:
    seen = 0
    for iin in population.iins():
        me = person(population, iin)
        for marriage in civil(population, iin).marriages:
            seen += 1
            spouse = person(population, marriage.spouse_iin)
            assert spouse.sex != me.sex
            (mine,) = [
                m for m in civil(population, marriage.spouse_iin).marriages if m.spouse_iin == iin
            ]
            assert (mine.registered_on, mine.certificate, mine.dissolved_on) == (
                marriage.registered_on,
                marriage.certificate,
                marriage.dissolved_on,
            )
            if marriage.dissolved_on is None:
                assert marriage.spouse_died_on == spouse.death_date
                assert mine.spouse_died_on == me.death_date
            for who in (me, spouse):
                assert who.birth_date.replace(year=who.birth_date.year + 18) <= (
                    marriage.registered_on
                )
    assert seen > 200


def test_a_birth_is_on_both_parents_and_matches_the_child(population: Population) -> None:
    parents: dict[str, list[tuple[str, str]]] = {}
    for iin in population.iins():
        for birth in civil(population, iin).births:
            child = person(population, birth.child_iin)
            assert child.birth_date == birth.child_birth_date
            parents.setdefault(birth.child_iin, []).append((iin, birth.certificate))
    assert len(parents) > 200
    for child_iin, listed in parents.items():
        assert len(listed) == 2, child_iin
        (a, cert_a), (b, cert_b) = listed
        assert cert_a == cert_b
        assert {person(population, a).sex, person(population, b).sex} == {"male", "female"}
        wedding = next(m for m in civil(population, a).marriages if m.spouse_iin == b)
        assert wedding.registered_on < person(population, child_iin).birth_date
        father = person(population, a if person(population, a).sex == "male" else b)
        child = person(population, child_iin)
        assert child.patronymic == patronymic_of(father.first_name, child.sex)


def test_the_dead_have_a_death_record_and_no_registration(population: Population) -> None:
    dead = 0
    for iin in population.iins():
        facts = person(population, iin)
        record = civil(population, iin)
        assert (facts.death_date is None) == (record.death_certificate == "")
        if facts.death_date is not None:
            dead += 1
            assert facts.death_date <= TODAY
            assert not registration(population, iin).permanent
            assert income(population, iin).months == () or all(
                m.period <= f"{facts.death_date:%Y-%m}" for m in income(population, iin).months
            )
    assert dead > 10


def test_joint_owners_list_the_same_dwelling(population: Population) -> None:
    owners: dict[str, list[str]] = {}
    for iin in population.iins():
        for d in estate(population, iin).dwellings:
            owners.setdefault(d.cadastral_number, []).append(d.share)
            assert d.acquired_on <= TODAY
    assert owners
    for shares in owners.values():
        assert shares in (["1"], ["1/2", "1/2"])


# --------------------------------------------------------------------------- the named cases


def test_every_named_case_is_there_with_its_facts(population: Population) -> None:
    p = population
    cases = p.cases
    assert set(cases) == set(CASE_NAMES)
    three_years_ago = TODAY.replace(year=TODAY.year - 3)

    clean = cases["clean"]
    assert person(p, clean).citizenship == "KZ"
    assert person(p, clean).death_date is None
    assert registration(p, clean).permanent
    assert registration(p, clean).kato == AKTOGAY_KATO
    household = p.household_of("clean")
    assert all(estate(p, m).dwellings == () for m in household.members)
    assert all(disability(p, m).group is None for m in household.members)
    total = sum(income(p, m).total for m in household.members)
    assert total / 12 / len(household.members) < SUBSISTENCE_MINIMUM * 3
    assert district(p, clean) == DistrictFacts(iin=clean)

    deceased = cases["deceased"]
    assert person(p, deceased).death_date is not None
    assert civil(p, deceased).death_certificate

    (flat,) = estate(p, cases["owns_flat_elsewhere"]).dwellings
    assert flat.kato == BALKHASH_KATO
    assert flat.acquired_on.year == 2019
    assert flat.owned_on(TODAY)
    assert registration(p, cases["owns_flat_elsewhere"]).kato in DISTRICT_KATO

    owned = estate(p, cases["owns_in_locality"]).dwellings
    assert any(
        d.owned_on(TODAY) and d.kato == registration(p, cases["owns_in_locality"]).kato
        for d in owned
    )

    (sold,) = estate(p, cases["sold_three_years_ago"]).dwellings
    assert sold.alienated_by == "sale"
    assert sold.alienated_on == three_years_ago
    assert not sold.owned_on(TODAY)
    assert sold.owned_on(three_years_ago - dt.timedelta(days=1))

    (bought_out,) = estate(p, cases["lender_buyout"]).dwellings
    assert bought_out.alienated_by == "lender_buyout"
    assert bought_out.alienated_on is not None

    household = p.household_of("disabled_child")
    births = {b.child_iin for b in civil(p, cases["disabled_child"]).births}
    disabled = [m for m in household.members if disability(p, m).child]
    assert disabled
    assert set(disabled) <= births
    facts = disability(p, disabled[0])
    assert facts.group in (1, 2, 3)
    assert facts.disabled_on(TODAY)
    assert person(p, disabled[0]).birth_date > TODAY.replace(year=TODAY.year - 18)

    fallen = cases["family_of_fallen"]
    (marriage,) = civil(p, fallen).marriages
    assert marriage.spouse_died_on is not None
    assert marriage.dissolved_on is None
    assert person(p, marriage.spouse_iin).death_date == marriage.spouse_died_on
    assert civil(p, marriage.spouse_iin).death_certificate
    assert marriage.spouse_iin not in p.household_of("family_of_fallen").members

    emergency = cases["emergency_decision"]
    (only,) = estate(p, emergency).dwellings
    (decision,) = district(p, emergency).emergency_decisions
    assert decision.cadastral_number == only.cadastral_number
    assert only.owned_on(TODAY)
    assert decision.decided_on <= TODAY

    communal = district(p, cases["communal_dwelling_in_use"]).communal_dwellings
    assert communal
    assert communal[0].kato in DISTRICT_KATO

    household = p.household_of("income_above")
    total = sum(income(p, m).total for m in household.members)
    limit = Decimal(str(INCOME_COEFFICIENT)) * SUBSISTENCE_MINIMUM
    assert total / 12 / len(household.members) > limit * Decimal("1.5")

    assert person(p, cases["not_citizen"]).citizenship == "RU"
    assert registration(p, cases["no_registration"]) == RegistrationFacts(
        iin=cases["no_registration"], permanent=False
    )

    single = cases["divorced_single_parent"]
    household = p.household_of("divorced_single_parent")
    (divorce,) = civil(p, single).marriages
    assert divorce.dissolved_on is not None
    assert divorce.spouse_iin not in household.members
    children = {b.child_iin for b in civil(p, single).births}
    assert children
    assert children <= set(household.members)
    assert children <= {b.child_iin for b in civil(p, divorce.spouse_iin).births}


def test_the_hard_cases_come_at_steady_frequencies() -> None:
    p = population_generate(seed=11, households=1500, today=TODAY)
    kinds = Counter(h.kind for h in p.households)
    assert 0.45 < kinds["ordinary"] / 1500 < 0.65
    for name in CASE_NAMES:
        assert 25 <= kinds[name] <= 120, name
    foreign = [person(p, h.applicant).citizenship for h in p.households if h.kind == "not_citizen"]
    assert "KZ" not in foreign


# --------------------------------------------------------------------------- income


def test_income_answers_the_months_asked(population: Population) -> None:
    earner = population.cases["income_above"]
    facts = income(population, earner, {"periodFrom": "2025-11", "periodTo": "2026-10"})
    assert (facts.period_from, facts.period_to) == ("2025-11", "2026-10")
    assert [m.period for m in facts.months] == [
        f"{2025 + (10 + i) // 12}-{(10 + i) % 12 + 1:02d}" for i in range(12)
    ]
    assert all(
        m.amount > 0 and m.amount == m.amount.quantize(Decimal("0.01")) for m in facts.months
    )
    assert len({m.amount for m in facts.months}) > 6  # amounts vary month by month
    again = income(population, earner, {"periodFrom": "2026-01", "periodTo": "2026-03"})
    assert again.months == facts.months[2:5]
    default = income(population, earner)
    assert (default.period_from, default.period_to) == ("2025-12", "2026-11")
    # Nothing for months not over yet, nor before the person was 18.
    assert income(population, earner, {"periodFrom": "2026-12", "periodTo": "2027-02"}).months == ()
    born = person(population, earner).birth_date
    young = {"periodFrom": f"{born.year + 10}-01", "periodTo": f"{born.year + 10}-12"}
    assert income(population, earner, young).months == ()


@pytest.mark.parametrize(
    "params",
    [
        {"periodFrom": "2026-13", "periodTo": "2026-12"},
        {"periodFrom": "26-01", "periodTo": "2026-12"},
        {"periodFrom": "2026-05", "periodTo": "2026-01"},
        {"periodFrom": "2000-01", "periodTo": "2026-12"},
        {"periodTo": "2026-12"},
    ],
)
def test_income_refuses_wrong_periods(population: Population, params: dict[str, str]) -> None:
    with pytest.raises(PopulationError):
        population.answer(Register.INCOME, population.cases["clean"], params)


def test_nobody_unknown_is_answered(population: Population) -> None:
    stranger = make_iin(dt.date(1901, 1, 1), Sex.MALE, 1)
    assert all(population.answer(register, stranger) is None for register in Register)


# --------------------------------------------------------------------------- size


@pytest.mark.slow
def test_a_hundred_thousand_people_build_in_a_few_seconds() -> None:
    started = time.perf_counter()
    p = population_generate(seed=2013, households=27_000, today=TODAY)
    elapsed = time.perf_counter() - started
    assert len(p) >= 100_000
    assert elapsed < 10, elapsed
