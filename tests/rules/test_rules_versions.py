"""Rule versions: selected by the application date; a new version is data, not an engine change."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from kezek.core.text import Bi
from kezek.rules import (
    DEFAULT_VERSIONS,
    CaseError,
    NoRuleVersion,
    SubsistenceMinimumRow,
    SubsistenceMinimumTable,
    load_default_subsistence_rows,
    select_version,
)
from kezek.rules.versions import aktogay_2013
from kezek.rules.versions.base import DocumentRules, DocumentSpec, GroupSpec
from tests.rules.rules_support import BASE_DOCUMENTS, applicant, patched, run

AKTOGAY = aktogay_2013.VERSION

# A later version defined only as data: lower coefficient, an extra group, an extra document.
TEST_2030 = dataclasses.replace(
    AKTOGAY,
    id="test-2030",
    title="test version",
    effective_from=dt.date(2030, 1, 1),
    coefficient=Decimal("2.5"),
    groups=MappingProxyType(
        {
            **AKTOGAY.groups,
            "young_family": GroupSpec(
                code="young_family",
                requirement_clause="reg:6.2",
                group_clause="reg:7.13",
                list_code="socially_vulnerable",
                names=Bi("жас отбасылар", "молодые семьи"),
                income_test=True,
                documents=("group_proof",),
            ),
        }
    ),
    documents=MappingProxyType(
        {
            **AKTOGAY.documents,
            "tax_certificate": DocumentSpec(
                "tax_certificate", "reg:15.1.n", Bi("салық анықтамасы", "налоговая справка")
            ),
        }
    ),
    document_rules=DocumentRules(
        **{
            **dataclasses.asdict(AKTOGAY.document_rules),
            "always": (*AKTOGAY.document_rules.always, "tax_certificate"),
        }
    ),
)
VERSIONS = (AKTOGAY, TEST_2030)
TABLE = SubsistenceMinimumTable(
    [
        *load_default_subsistence_rows(),
        SubsistenceMinimumRow(dt.date(2029, 1, 1), 60_000),
        SubsistenceMinimumRow(dt.date(2030, 1, 1), 60_000),
    ]
)
LATER = dt.date(2030, 6, 1)


def decide_later(day: str, **changes: object) -> dict[str, Any]:
    return run(
        patched({"application_date": day, **changes}), today=LATER, table=TABLE, versions=VERSIONS
    )


def test_default_version() -> None:
    assert [v.id for v in DEFAULT_VERSIONS] == ["aktogay-2013"]
    assert AKTOGAY.effective_from == dt.date(2013, 3, 29)
    assert AKTOGAY.effective_to is None
    assert AKTOGAY.coefficient == Decimal("3.1")
    assert run(patched())["rules_version"] == "aktogay-2013"


@pytest.mark.parametrize("day", ["2012-01-01", "2013-03-28"])
def test_no_rule_version_before_2013_03_29(day: str) -> None:
    with pytest.raises(NoRuleVersion) as info:
        run(patched({"application_date": day}))
    assert str(info.value) == f"no rule version in force on {day}"


def test_first_day_in_force() -> None:
    out = run(patched({"application_date": "2013-03-29"}))
    assert out["rules_version"] == "aktogay-2013"
    assert out["income_test"]["subsistence_minimum"] == 16815


def test_engine_picks_the_version_by_date() -> None:
    before = decide_later("2029-12-31", income_12_months=0)
    after = decide_later("2030-01-01", income_12_months=0)
    assert before["rules_version"] == "aktogay-2013"
    assert before["income_test"]["coefficient"] == 3.1
    assert before["income_test"]["threshold"] == 186000.0
    assert after["rules_version"] == "test-2030"
    assert after["income_test"]["coefficient"] == 2.5
    assert after["income_test"]["threshold"] == 150000.0


def test_same_income_decided_differently_under_each_version() -> None:
    income = 160_000 * 12  # between 2.5 x 60000 and 3.1 x 60000
    assert decide_later("2029-12-31", income_12_months=income)["decision"] == "register"
    later = decide_later("2030-01-01", income_12_months=income)
    assert later["decision"] == "refuse"
    assert later["grounds"] == ["reg:6.2"]


def test_extra_group_exists_only_in_the_later_version() -> None:
    out = decide_later(
        "2030-02-01", claimed_groups=["young_family"], applicant=applicant("1998-01-01")
    )
    assert out["decision"] == "register"
    assert out["basis"] == ["reg:6.2", "reg:7.13", "reg:8.1", "reg:8.3"]
    assert "молодые семьи" in out["reasons"]["ru"][1]
    with pytest.raises(CaseError) as info:
        decide_later("2029-12-31", claimed_groups=["young_family"])
    assert (info.value.field, info.value.code) == ("claimed_groups[0]", "unknown_group")


def test_extra_document_required_only_in_the_later_version() -> None:
    documents = [*BASE_DOCUMENTS, "group_proof", "income_statement"]
    assert decide_later("2029-12-31", documents=documents)["missing_documents"] == []
    later = decide_later("2030-01-01", documents=documents)
    assert later["missing_documents"] == ["tax_certificate"]
    assert later["grounds"] == ["reg:15"]


def test_an_end_date_closes_a_version() -> None:
    closed = dataclasses.replace(AKTOGAY, effective_to=dt.date(2020, 1, 1))
    assert select_version([closed], dt.date(2019, 12, 31)) is closed
    with pytest.raises(NoRuleVersion):
        select_version([closed], dt.date(2020, 1, 1))


def test_two_versions_taking_effect_the_same_day_are_a_configuration_error() -> None:
    twin = dataclasses.replace(AKTOGAY, id="twin")
    with pytest.raises(ValueError, match="all take effect on 2013-03-29"):
        select_version([AKTOGAY, twin], dt.date(2020, 1, 1))


def test_default_versions_is_a_tuple_with_version_on() -> None:
    assert isinstance(DEFAULT_VERSIONS, tuple)
    assert DEFAULT_VERSIONS.version_on(dt.date(2025, 1, 1)) is AKTOGAY
    with pytest.raises(NoRuleVersion):
        DEFAULT_VERSIONS.version_on(dt.date(2013, 3, 28))
