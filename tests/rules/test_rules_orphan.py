"""reg:7.7: orphans under 29 on the application date, limit extended by military service."""

from __future__ import annotations

import pytest

from tests.rules.rules_support import Row, applicant, ids

# Application date 2025-03-11. Born 1996-03-12: 28 years 364 days; born 1996-03-11: 29 today.


def orphan(birth_date: str, **changes: object) -> dict[str, object]:
    applicant_changes = changes.pop("applicant_extra", {})
    assert isinstance(applicant_changes, dict)
    return {
        "claimed_groups": ["orphan"],
        "applicant": applicant(birth_date, **applicant_changes),
        **changes,
    }


ORPHAN_ROWS = [
    Row(
        id="28y364d_qualifies",
        clause="reg:7.7",
        changes=orphan("1996-03-12"),
        decision="register",
        basis=["reg:6.2", "reg:7.7", "reg:8.1", "reg:8.3"],
    ),
    Row(
        id="29_on_the_application_date_refused",
        clause="reg:7.7",
        changes=orphan("1996-03-11"),
        decision="refuse",
        grounds=["reg:7.7"],
        not_qualified=[{"group": "orphan", "grounds": ["reg:7.7"]}],
    ),
    Row(
        id="29_with_12_months_service_qualifies",
        clause="reg:7.7",
        changes=orphan("1996-03-11", military_service_months=12),
        decision="register",
    ),
    Row(
        id="30_with_12_months_service_refused",
        clause="reg:7.7",
        changes=orphan("1995-03-11", military_service_months=12),
        decision="refuse",
        grounds=["reg:7.7"],
    ),
    Row(
        id="service_extends_by_months_not_years",
        clause="reg:7.7",
        changes=orphan("1996-01-10", military_service_months=2),  # limit ends 2025-03-10
        decision="refuse",
        grounds=["reg:7.7"],
    ),
    Row(
        id="parents_not_lost_before_majority",
        clause="reg:7.7",
        changes=orphan("2000-01-01", applicant_extra={"lost_parents_before_majority": False}),
        decision="refuse",
        grounds=["reg:7.7"],
    ),
    Row(
        id="military_service_irrelevant_to_other_groups",
        clause="reg:7.6",
        changes={"military_service_months": 24},
        decision="register",
    ),
]


@pytest.mark.parametrize("row", ORPHAN_ROWS, ids=ids(ORPHAN_ROWS))
def test_orphan_age_limit(row: Row) -> None:
    row.check()


def test_age_limit_sentence() -> None:
    out = ORPHAN_ROWS[3].check()
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    assert "29 жас және мерзімді әскери қызмет мерзімі 12 ай" in kk
    assert "11.03.2025" in kk
    assert "29 лет с продлением на 12 мес. срочной воинской службы" in ru
    assert "достигнут 11.03.2025" in ru
    assert ru.endswith("(reg:7.7).")


def test_both_conditions_in_one_sentence() -> None:
    row = Row(
        id="too_old_and_parents_not_lost",
        clause="reg:7.7",
        changes=orphan("1990-01-01", applicant_extra={"lost_parents_before_majority": False}),
        decision="refuse",
        grounds=["reg:7.7"],
    )
    (ru,) = row.check()["reasons"]["ru"]
    assert "предельный возраст (29 лет) достигнут 01.01.2019" in ru
    assert " и не лишился родителей до достижения совершеннолетия" in ru
