"""reg:6.2: the income test (coefficient x subsistence minimum), its exemptions and its data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kezek.rules import (
    CaseError,
    NoSubsistenceMinimum,
    SubsistenceMinimumRow,
    SubsistenceMinimumTable,
    load_default_subsistence_rows,
)
from tests.rules.rules_support import TODAY, Row, applicant, ids, patched, run

# 2025: SM 46228, threshold 3.1 x 46228 = 143306.8 a month per member.
THRESHOLD_2025 = Decimal("143306.8")

INCOME_ROWS = [
    Row(
        id="below_threshold_passes",
        clause="reg:6.2",
        changes={"income_12_months": 1_500_000},
        decision="register",
        income_passed=True,
    ),
    Row(
        id="exactly_at_threshold_fails_strictly_below",
        clause="reg:6.2",
        changes={"income_12_months": float(THRESHOLD_2025 * 12)},  # 1719681.6
        decision="refuse",
        grounds=["reg:6.2"],
        income_passed=False,
    ),
    Row(
        id="one_tiyn_a_year_below_threshold_passes",
        clause="reg:6.2",
        changes={"income_12_months": float(THRESHOLD_2025 * 12 - Decimal("0.01"))},
        decision="register",
        income_passed=True,
    ),
    Row(
        id="exactly_at_threshold_family_of_three_fails",
        clause="reg:6.2",
        changes={
            "income_12_months": float(THRESHOLD_2025 * 12 * 3),
            "family": [
                {"relation": "spouse", "birth_date": "1961-01-01"},
                {"relation": "parent", "birth_date": "1940-01-01"},
            ],
        },
        decision="refuse",
        grounds=["reg:6.2"],
        income_passed=False,
    ),
    Row(
        id="family_size_divides_income",
        clause="reg:6.2",
        changes={
            "income_12_months": 3_000_000,  # 250000 alone, 125000 with a spouse
            "family": [{"relation": "spouse", "birth_date": "1961-01-01"}],
        },
        decision="register",
        income_passed=True,
    ),
    Row(
        id="orphan_exempt_any_income",
        clause="reg:6.2",
        changes={
            "claimed_groups": ["orphan"],
            "applicant": applicant("2001-02-03"),
            "income_12_months": 90_000_000,
        },
        decision="register",
        basis=["reg:6.2", "reg:7.7", "reg:8.1", "reg:8.3"],
    ),
    Row(
        id="family_with_disabled_child_exempt",
        clause="reg:7.4",
        # reg:7.4: the exemption is for a family with a disabled child; the row had none.
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "income_12_months": 90_000_000,
            "family": [{"relation": "child", "birth_date": "2015-01-01", "disabled": True}],
        },
        decision="register",
        basis=["reg:6.2", "reg:7.4", "reg:8.1", "reg:8.3"],
    ),
    Row(
        id="wwii_veteran_never_tested",
        clause="reg:6.1",
        changes={"claimed_groups": ["wwii_veteran"], "income_12_months": 90_000_000},
        decision="register",
    ),
    Row(
        id="emergency_dwelling_never_tested",
        clause="reg:6.4",
        # reg:6.4: the group needs the declaration of the only dwelling (the claim alone is not it).
        changes={
            "claimed_groups": ["emergency_dwelling"],
            "income_12_months": 90_000_000,
            "housing": {"only_dwelling_declared_emergency": True},
        },
        decision="register",
    ),
]


@pytest.mark.parametrize("row", INCOME_ROWS, ids=ids(INCOME_ROWS))
def test_income_rows(row: Row) -> None:
    row.check()


@pytest.mark.parametrize(
    ("code", "applies"),
    [
        ("wwii_veteran", False),
        ("equated_to_wwii", True),
        ("disability_group_1_2", True),
        ("family_with_disabled_child", False),
        ("severe_chronic_disease", True),
        ("age_pensioner", True),
        ("orphan", False),
        ("oralman", True),
        ("disaster_victim", True),
        ("large_family", True),
        ("family_of_fallen", True),
        ("single_parent_family", True),
        ("civil_servant", False),
        ("budget_employee", False),
        ("military", False),
        ("cosmonaut", False),
        ("elected_official", False),
        ("emergency_dwelling", False),
    ],
)
def test_which_groups_take_the_income_test(code: str, applies: bool) -> None:
    out = run(patched({"claimed_groups": [code], "applicant": applicant("2001-02-03")}))
    assert out["income_test"]["applies"] is applies
    if not applies:
        assert out["income_test"] == {"applies": False}


def test_the_contract_example_figures() -> None:
    """decision-case.md's output example: 1,200,000 for a family of 3 in 2024."""
    out = run(
        patched(
            {
                "application_date": "2024-03-15",
                "claimed_groups": ["large_family"],
                "applicant": applicant("1985-04-15"),
                "family": [
                    {"relation": "spouse", "birth_date": "1987-01-02"},
                    {"relation": "child", "birth_date": "2012-05-05", "disabled": False},
                ],
                "income_12_months": 1_200_000,
            }
        )
    )
    expected = {
        "applies": True,
        "family_size": 3,
        "per_capita_monthly": 33333.33,
        "subsistence_minimum": 43407,
        "coefficient": 3.1,
        "threshold": 134561.7,
        "passed": True,
    }
    assert {k: out["income_test"][k] for k in expected} == expected
    assert isinstance(out["income_test"]["subsistence_minimum"], int)
    assert out["basis"] == ["reg:6.2", "reg:7.10", "reg:8.1", "reg:8.3"]
    assert "33 333,33" in out["reasons"]["kk"][0]
    assert "134 561,70" in out["reasons"]["ru"][0]


def test_per_capita_is_rounded_half_up_for_output() -> None:
    out = run(patched({"income_12_months": 100_000.26, "family": [{"relation": "spouse"}]}))
    # 100000.26 / 12 / 2 = 4166.6775 -> 4166.68
    assert out["income_test"]["per_capita_monthly"] == 4166.68


@pytest.mark.parametrize(
    ("day", "sm", "threshold"),
    [
        ("2020-03-31", 31183, 96667.3),
        ("2020-04-01", 32668, 101270.8),
        ("2013-03-29", 16815, 52126.5),
        ("2026-01-01", 50851, 157638.1),
    ],
)
def test_mid_year_change_of_the_subsistence_minimum(day: str, sm: int, threshold: float) -> None:
    out = run(patched({"application_date": day, "income_12_months": 0}))
    assert out["income_test"]["subsistence_minimum"] == sm
    assert out["income_test"]["threshold"] == pytest.approx(threshold, abs=0.001)
    assert out["decision"] == "register"


SM_ROWS = [
    Row(
        id="sm_2020_03_31_uses_31183",
        clause="reg:6.2",
        # 31183 x 3.1 = 96667.3 a month: 96667 x 12 passes on 31 Mar ...
        changes={"application_date": "2020-03-31", "income_12_months": 1_160_007.6},
        decision="refuse",
        income_passed=False,
    ),
    Row(
        id="sm_2020_04_01_uses_32668",
        clause="reg:6.2",
        # ... and the same income passes from 1 Apr (32668 x 3.1 = 101270.8).
        changes={"application_date": "2020-04-01", "income_12_months": 1_160_007.6},
        decision="register",
        income_passed=True,
    ),
]


@pytest.mark.parametrize("row", SM_ROWS, ids=ids(SM_ROWS))
def test_same_income_either_side_of_the_change(row: Row) -> None:
    row.check()


def test_income_required_when_the_test_applies() -> None:
    with pytest.raises(CaseError) as info:
        run(patched(drop=["income_12_months"]))
    assert info.value.field == "income_12_months"
    assert info.value.code == "required"
    assert str(info.value) == "income_12_months: required when the income test applies (reg:6.2)"


def test_income_required_even_when_another_claimed_group_is_exempt() -> None:
    data = patched(
        {"claimed_groups": ["orphan", "age_pensioner"], "applicant": applicant("2001-02-03")}
    )
    del data["income_12_months"]
    with pytest.raises(CaseError, match=r"^income_12_months: required"):
        run(data)


def test_income_not_required_when_no_group_takes_the_test() -> None:
    out = run(patched({"claimed_groups": ["military"]}, drop=["income_12_months"]))
    assert out["decision"] == "register"
    assert out["income_test"] == {"applies": False}


def test_no_subsistence_minimum_configured() -> None:
    without_2013 = SubsistenceMinimumTable(
        r for r in load_default_subsistence_rows() if r.effective_from.year != 2013
    )
    data = patched({"application_date": "2013-06-01"})
    with pytest.raises(NoSubsistenceMinimum) as info:
        run(data, table=without_2013)
    assert str(info.value) == "no subsistence minimum configured for 2013-06-01"


def test_no_subsistence_minimum_is_not_needed_without_the_income_test() -> None:
    empty = SubsistenceMinimumTable([])
    out = run(patched({"claimed_groups": ["civil_servant"]}), table=empty)
    assert out["decision"] == "register"


def test_a_year_without_a_row_is_an_error_not_last_years_value() -> None:
    """subsistence-minimum.md: "a year with no row" is an explicit error."""
    later = dt.date(2027, 3, 1)
    with pytest.raises(NoSubsistenceMinimum, match="2027-02-01"):
        run(patched({"application_date": "2027-02-01"}), today=later)
    table = SubsistenceMinimumTable(
        [*load_default_subsistence_rows(), SubsistenceMinimumRow(dt.date(2027, 1, 1), 55_000)]
    )
    out = run(patched({"application_date": "2027-02-01"}), today=later, table=table)
    assert out["income_test"]["subsistence_minimum"] == 55_000
    assert later > TODAY
