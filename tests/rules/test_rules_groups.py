"""reg:6 and reg:7: every claimable group on the register path, and the reg:6 requirements."""

from __future__ import annotations

import pytest

from kezek.core.iin import Sex
from tests.rules.rules_support import Row, applicant, ids

NEED = ["reg:8.1", "reg:8.3"]
SV = ["socially_vulnerable"]
# reg:6.4: the group rests on the LEB's declaration of the only dwelling, not on the claim.
DECLARED = {"housing": {"only_dwelling_declared_emergency": True}}
DISABLED_CHILD = {"relation": "child", "birth_date": "2015-01-01", "disabled": True}


def social(code: str, clause: str, **changes: object) -> Row:
    return Row(
        id=code,
        clause=clause,
        changes={"claimed_groups": [code], **changes},
        decision="register",
        lists=SV,
        basis=["reg:6.2", clause, *NEED],
    )


def servant(code: str) -> Row:
    return Row(
        id=code,
        clause="reg:6.3",
        changes={"claimed_groups": [code], "income_12_months": 90_000_000},
        decision="register",
        lists=["public_servants"],
        basis=["reg:6.3", *NEED],
    )


GROUP_ROWS = [
    Row(
        id="wwii_veteran",
        clause="reg:6.1",
        changes={
            "claimed_groups": ["wwii_veteran"],
            "applicant": applicant("1925-05-09", sex=Sex.MALE),
        },
        drop=["income_12_months"],
        decision="register",
        lists=SV,
        basis=["reg:6.1", "reg:7.1", *NEED],
    ),
    Row(
        id="wwii_veteran_group_clause",
        clause="reg:7.1",
        changes={"claimed_groups": ["wwii_veteran"], "income_12_months": 90_000_000},
        decision="register",
        basis=["reg:6.1", "reg:7.1", *NEED],
    ),
    social("equated_to_wwii", "reg:7.2"),
    social("disability_group_1_2", "reg:7.3"),
    Row(
        id="family_with_disabled_child",
        clause="reg:7.4",
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [DISABLED_CHILD],
        },
        drop=["income_12_months"],
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.4", *NEED],
    ),
    social("severe_chronic_disease", "reg:7.5"),
    social("age_pensioner", "reg:7.6"),
    Row(
        id="orphan",
        clause="reg:7.7",
        changes={"claimed_groups": ["orphan"], "applicant": applicant("2000-01-01")},
        drop=["income_12_months"],
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.7", *NEED],
    ),
    social("oralman", "reg:7.8"),
    social("disaster_victim", "reg:7.9"),
    social(
        "large_family",
        "reg:7.10",
        family=[
            {"relation": "spouse", "birth_date": "1961-01-01"},
            {"relation": "child", "birth_date": "2010-01-01"},
            {"relation": "child", "birth_date": "2012-01-01"},
            {"relation": "child", "birth_date": "2014-01-01"},
            {"relation": "child", "birth_date": "2016-01-01"},
        ],
    ),
    social("family_of_fallen", "reg:7.11"),
    social(
        "single_parent_family",
        "reg:7.12",
        family=[{"relation": "child", "birth_date": "2015-01-01"}],
    ),
    servant("civil_servant"),
    servant("budget_employee"),
    servant("military"),
    servant("cosmonaut"),
    servant("elected_official"),
    Row(
        id="emergency_dwelling",
        clause="reg:6.4",
        # reg:6.4: the row once registered on the claim alone; the declaration is the condition.
        changes={
            "claimed_groups": ["emergency_dwelling"],
            "income_12_months": 90_000_000,
            **DECLARED,
        },
        decision="register",
        lists=["emergency_dwelling"],
        basis=["reg:6.4", *NEED, "reg:8.4"],
    ),
]

CONDITION_ROWS = [
    Row(
        id="emergency_dwelling_claimed_without_the_declaration",
        clause="reg:6.4",
        changes={"claimed_groups": ["emergency_dwelling"]},
        decision="refuse",
        grounds=["reg:6.4"],
        not_qualified=[{"group": "emergency_dwelling", "grounds": ["reg:6.4"]}],
    ),
    Row(
        id="emergency_dwelling_claimed_without_the_declaration_owning_it",
        clause="reg:6.4",
        # reg:8.4 rests on the fact: without it the owner is not in need either (reg:8).
        changes={
            "claimed_groups": ["emergency_dwelling"],
            "housing": {"owns_dwelling_in_kz": True, "owns_dwelling_in_locality": True},
        },
        decision="refuse",
        grounds=["reg:6.4", "reg:8"],
    ),
    Row(
        id="emergency_dwelling_not_established_pensioner_qualifies",
        clause="reg:6.4",
        changes={"claimed_groups": ["age_pensioner", "emergency_dwelling"]},
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.6", *NEED],
        not_qualified=[{"group": "emergency_dwelling", "grounds": ["reg:6.4"]}],
    ),
    Row(
        id="disabled_child_claimed_with_no_family",
        clause="reg:7.4",
        changes={"claimed_groups": ["family_with_disabled_child"]},
        drop=["income_12_months"],
        decision="refuse",
        grounds=["reg:7.4"],
        not_qualified=[{"group": "family_with_disabled_child", "grounds": ["reg:7.4"]}],
    ),
    Row(
        id="disabled_child_claimed_child_not_disabled",
        clause="reg:7.4",
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [{"relation": "child", "birth_date": "2015-01-01"}],
        },
        drop=["income_12_months"],
        decision="refuse",
        grounds=["reg:7.4"],
    ),
    Row(
        id="disabled_child_claimed_only_the_spouse_disabled",
        clause="reg:7.4",
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [
                {"relation": "spouse", "birth_date": "1961-01-01", "disabled": True},
                {"relation": "child", "birth_date": "2015-01-01"},
            ],
        },
        drop=["income_12_months"],
        decision="refuse",
        grounds=["reg:7.4"],
    ),
    Row(
        id="raises_a_disabled_minor_recognized_as_family",
        clause="reg:7.4",
        # «оларды тәрбиелеушi»: a disabled minor the family raises counts as well.
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [
                {
                    "relation": "other",
                    "birth_date": "2016-02-02",
                    "disabled": True,
                    "recognized_by_court": True,
                }
            ],
        },
        drop=["income_12_months"],
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.4", *NEED],
    ),
    Row(
        id="a_disabled_adult_other_member_is_not_a_disabled_child",
        clause="reg:7.4",
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [
                {
                    "relation": "other",
                    "birth_date": "1990-02-02",
                    "disabled": True,
                    "recognized_by_court": True,
                }
            ],
        },
        drop=["income_12_months"],
        decision="refuse",
        grounds=["reg:7.4"],
    ),
    Row(
        id="disabled_child_not_established_pensioner_qualifies",
        clause="reg:7.4",
        changes={"claimed_groups": ["family_with_disabled_child", "age_pensioner"]},
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.6", *NEED],
        not_qualified=[{"group": "family_with_disabled_child", "grounds": ["reg:7.4"]}],
    ),
]

REQUIREMENT_ROWS = [
    Row(
        id="not_citizen",
        clause="reg:6",
        changes={"applicant": {"citizen_of_kz": False}},
        decision="refuse",
        grounds=["reg:6"],
    ),
    Row(
        id="not_permanent_resident",
        clause="reg:6",
        changes={"applicant": {"permanent_resident_in_locality": False}},
        decision="refuse",
        grounds=["reg:6"],
    ),
    Row(
        id="neither_citizen_nor_resident_one_ground",
        clause="reg:6",
        changes={"applicant": {"citizen_of_kz": False, "permanent_resident_in_locality": False}},
        decision="refuse",
        grounds=["reg:6"],
    ),
]

MULTI_GROUP_ROWS = [
    Row(
        id="pensioner_fails_income_orphan_qualifies",
        clause="reg:6",
        changes={
            "claimed_groups": ["age_pensioner", "orphan"],
            "applicant": applicant("2000-01-01"),
            "income_12_months": 90_000_000,
        },
        decision="register",
        lists=SV,
        basis=["reg:6.2", "reg:7.7", *NEED],
        not_qualified=[{"group": "age_pensioner", "grounds": ["reg:6.2"]}],
        income_passed=False,
    ),
    Row(
        id="large_family_fails_income_civil_servant_qualifies",
        clause="reg:6.3",
        changes={
            "claimed_groups": ["large_family", "civil_servant"],
            "income_12_months": 90_000_000,
        },
        decision="register",
        lists=["public_servants"],
        basis=["reg:6.3", *NEED],
        not_qualified=[{"group": "large_family", "grounds": ["reg:6.2"]}],
    ),
    Row(
        id="three_lists_in_fixed_order",
        clause="reg:6",
        # reg:6.4: the emergency list needs the declaration (once the claim sufficed here).
        changes={
            "claimed_groups": ["emergency_dwelling", "civil_servant", "large_family"],
            **DECLARED,
        },
        decision="register",
        lists=["socially_vulnerable", "public_servants", "emergency_dwelling"],
        basis=["reg:6.2", "reg:6.3", "reg:6.4", "reg:7.10", *NEED, "reg:8.4"],
        not_qualified=[],
    ),
    Row(
        id="two_social_groups_both_fail_income",
        clause="reg:6.2",
        changes={
            "claimed_groups": ["age_pensioner", "large_family"],
            "income_12_months": 90_000_000,
        },
        decision="refuse",
        grounds=["reg:6.2"],
        not_qualified=[
            {"group": "age_pensioner", "grounds": ["reg:6.2"]},
            {"group": "large_family", "grounds": ["reg:6.2"]},
        ],
    ),
    Row(
        id="orphan_too_old_and_pensioner_too_rich",
        clause="reg:7.7",
        changes={
            "claimed_groups": ["orphan", "age_pensioner"],
            "applicant": applicant("1990-01-01"),
            "income_12_months": 90_000_000,
        },
        decision="refuse",
        grounds=["reg:6.2", "reg:7.7"],
    ),
]


@pytest.mark.parametrize("row", GROUP_ROWS, ids=ids(GROUP_ROWS))
def test_every_group_registers(row: Row) -> None:
    row.check()


@pytest.mark.parametrize("row", CONDITION_ROWS, ids=ids(CONDITION_ROWS))
def test_group_conditions_of_reg_6_4_and_reg_7_4(row: Row) -> None:
    row.check()


def test_the_refusals_say_what_is_not_established() -> None:
    emergency = CONDITION_ROWS[0].check()["reasons"]
    assert "авариялық жағдайда деп танылғаны" in emergency["kk"][0]
    assert "признано аварийным" in emergency["ru"][0]
    child = CONDITION_ROWS[3].check()["reasons"]
    assert "мүгедек бала жоқ" in child["kk"][0]
    assert "нет ребенка-инвалида" in child["ru"][0]
    assert child["ru"][0].endswith("(reg:7.4).")


@pytest.mark.parametrize("row", REQUIREMENT_ROWS, ids=ids(REQUIREMENT_ROWS))
def test_requirements_of_reg_6(row: Row) -> None:
    row.check()


@pytest.mark.parametrize("row", MULTI_GROUP_ROWS, ids=ids(MULTI_GROUP_ROWS))
def test_several_claimed_groups(row: Row) -> None:
    row.check()


def test_every_group_of_the_version_has_a_row() -> None:
    from kezek.rules.versions.aktogay_2013 import GROUPS

    claimed = {group for row in GROUP_ROWS for group in row.changes["claimed_groups"]}
    assert claimed == set(GROUPS)


def test_both_reg_6_facts_are_in_one_sentence() -> None:
    out = REQUIREMENT_ROWS[2].check()
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    assert "азаматы емес" in kk
    assert "тұрақты тұрмайды" in kk
    assert "не является гражданином" in ru
    assert "не проживает постоянно" in ru
