"""A refusal is motivated in full: every failing ground is reported (reg:5, reg:12)."""

from __future__ import annotations

import pytest

from tests.rules.rules_support import BASE_DOCUMENTS, Row, ids

ALL_AT_ONCE = Row(
    id="every_ground_at_once",
    clause="reg:12.6",
    changes={
        "applicant": {"citizen_of_kz": False},
        "income_12_months": 90_000_000,
        "housing": {"owns_dwelling_in_kz": True},
        "history": [
            {"date": "2023-07-15", "event": "alienated_dwelling"},
            {"date": "2022-02-02", "event": "moved_in_others", "persons": ["other"]},
        ],
        "documents": BASE_DOCUMENTS[1:],
    },
    decision="refuse",
    grounds=["reg:6", "reg:6.2", "reg:8", "reg:12.2", "reg:12.5", "reg:15"],
    missing_documents=["application_form", "group_proof", "income_statement"],
)

GROUND_ROWS = [
    ALL_AT_ONCE,
    Row(
        id="requirements_and_need",
        clause="reg:6",
        changes={
            "applicant": {"permanent_resident_in_locality": False},
            "housing": {"owns_dwelling_in_kz": True},
        },
        decision="refuse",
        grounds=["reg:6", "reg:8"],
    ),
    Row(
        id="qualifying_group_does_not_save_a_worsening",
        clause="reg:12.1",
        changes={
            "claimed_groups": ["military"],
            "history": [{"date": "2024-01-01", "event": "exchanged_dwelling"}],
        },
        decision="refuse",
        grounds=["reg:12.1"],
        lists=[],
        basis=[],
    ),
    Row(
        id="not_in_need_and_documents",
        clause="reg:8",
        changes={
            "housing": {"communal_dwelling_in_use_in_locality": True},
            "documents": BASE_DOCUMENTS,
        },
        decision="refuse",
        grounds=["reg:8", "reg:15"],
    ),
]


@pytest.mark.parametrize("row", GROUND_ROWS, ids=ids(GROUND_ROWS))
def test_all_grounds_reported(row: Row) -> None:
    row.check()


def test_one_sentence_a_ground_in_both_languages() -> None:
    out = ALL_AT_ONCE.check()
    assert len(out["reasons"]["kk"]) == len(out["reasons"]["ru"]) == 6
    assert out["not_qualified"] == [{"group": "age_pensioner", "grounds": ["reg:6.2"]}]
