"""reg:15: documents required by reg:15.1, checked only when `documents` is given."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.rules_support import ALL_DOCUMENTS, BASE_DOCUMENTS, Row, applicant, ids

OWNS_HERE = {"owns_dwelling_in_kz": True, "owns_dwelling_in_locality": True}
PENSIONER_DOCS = [*BASE_DOCUMENTS, "group_proof", "income_statement"]


def without(docs: list[str], *codes: str) -> list[str]:
    return [d for d in docs if d not in codes]


def docs(*codes: str, base: list[str] = PENSIONER_DOCS) -> dict[str, Any]:
    return {"documents": [*base, *codes]}


DOCUMENT_ROWS = [
    Row(
        id="complete_pensioner",
        clause="reg:15",
        changes=docs(),
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="missing_application_form",
        clause="reg:15.1.a",
        changes={"documents": without(PENSIONER_DOCS, "application_form")},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["application_form"],
    ),
    Row(
        id="missing_every_document",
        clause="reg:15",
        changes={"documents": []},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=PENSIONER_DOCS,
    ),
    Row(
        id="family_needs_civil_status_certificates",
        clause="reg:15.1.c",
        changes={**docs(), "family": [{"relation": "spouse"}]},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["civil_status_certificates"],
    ),
    Row(
        id="other_member_needs_court_decision",
        clause="reg:15.1.g",
        changes={
            **docs("civil_status_certificates"),
            "family": [{"relation": "other", "recognized_by_court": True}],
        },
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["court_decision_family"],
    ),
    Row(
        id="pensioner_needs_group_proof_and_income_statement",
        clause="reg:15.1.h",
        changes={"documents": BASE_DOCUMENTS},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["group_proof", "income_statement"],
    ),
    Row(
        id="orphan_needs_group_proof_no_income_statement",
        clause="reg:15.1.i",
        changes={
            "claimed_groups": ["orphan"],
            "applicant": applicant("2000-01-01"),
            "documents": [*BASE_DOCUMENTS, "group_proof"],
        },
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="civil_servant_needs_employment_certificate_only",
        clause="reg:15.1.j",
        changes={"claimed_groups": ["civil_servant"], "documents": BASE_DOCUMENTS},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["employment_certificate"],
    ),
    Row(
        id="emergency_dwelling_needs_emergency_certificate",
        clause="reg:15.1.k",
        # reg:6.4: the group rests on the declaration; without it the row was refused on reg:6.4.
        changes={
            "claimed_groups": ["emergency_dwelling"],
            "housing": {**OWNS_HERE, "only_dwelling_declared_emergency": True},
            "documents": BASE_DOCUMENTS,
        },
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["emergency_certificate"],
    ),
    Row(
        id="declared_emergency_without_the_group_needs_emergency_certificate",
        clause="reg:15.1.k",
        changes={"housing": {**OWNS_HERE, "only_dwelling_declared_emergency": True}, **docs()},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["emergency_certificate"],
    ),
    Row(
        id="need_resting_on_8_4_needs_condition_certificate",
        clause="reg:15.1.l",
        changes={"housing": {**OWNS_HERE, "dwelling_substandard": True}, **docs()},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["condition_certificate"],
    ),
    Row(
        id="need_resting_on_8_5_needs_condition_certificate",
        clause="reg:15.1.l",
        changes={
            "housing": {**OWNS_HERE, "shared_non_isolated_rooms": True},
            **docs("condition_certificate"),
        },
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="no_condition_certificate_when_8_1_8_3_establish_need",
        clause="reg:15.1.l",
        changes={"housing": {"dwelling_substandard": True}, **docs()},
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="documents_of_the_failing_group_not_required",
        clause="reg:15.1.h",
        changes={
            "claimed_groups": ["age_pensioner", "civil_servant"],
            "income_12_months": 90_000_000,
            "documents": [*BASE_DOCUMENTS, "employment_certificate", "income_statement"],
        },
        decision="register",
        missing_documents=[],
        not_qualified=[{"group": "age_pensioner", "grounds": ["reg:6.2"]}],
    ),
    Row(
        id="no_group_qualifies_documents_of_all_claimed_groups",
        clause="reg:15.1.h",
        changes={"income_12_months": 90_000_000, "documents": BASE_DOCUMENTS},
        decision="refuse",
        grounds=["reg:6.2", "reg:15"],
        missing_documents=["group_proof", "income_statement"],
    ),
    Row(
        id="family_of_fallen_alone_needs_the_death_certificate",
        clause="reg:15.1.c",
        changes={"claimed_groups": ["family_of_fallen"], **docs()},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["civil_status_certificates"],
    ),
    Row(
        id="single_parent_family_with_no_member_declared_needs_the_certificates",
        clause="reg:15.1.c",
        changes={"claimed_groups": ["single_parent_family"], **docs()},
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["civil_status_certificates"],
    ),
    Row(
        id="single_parent_family_complete",
        clause="reg:15.1.c",
        changes={
            "claimed_groups": ["single_parent_family"],
            "family": [{"relation": "child", "birth_date": "2015-01-01"}],
            **docs("civil_status_certificates"),
        },
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="cosmonaut_needs_the_governments_status_document",
        clause="reg:15.1.j",
        changes={
            "claimed_groups": ["cosmonaut"],
            "documents": [*BASE_DOCUMENTS, "employment_certificate"],
        },
        decision="refuse",
        grounds=["reg:15"],
        missing_documents=["cosmonaut_status_document"],
    ),
    Row(
        id="cosmonaut_complete_without_an_employers_certificate",
        clause="reg:15.1.j",
        changes={
            "claimed_groups": ["cosmonaut"],
            "documents": [*BASE_DOCUMENTS, "cosmonaut_status_document"],
        },
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="family_with_disabled_child_no_income_statement",
        clause="reg:15.1.i",
        changes={
            "claimed_groups": ["family_with_disabled_child"],
            "family": [{"relation": "child", "birth_date": "2015-01-01", "disabled": True}],
            "documents": [*BASE_DOCUMENTS, "civil_status_certificates", "group_proof"],
        },
        decision="register",
        missing_documents=[],
    ),
    Row(
        id="documents_key_absent_no_check",
        clause="reg:15",
        changes={},
        decision="register",
        missing_documents=[],
    ),
]


@pytest.mark.parametrize("row", DOCUMENT_ROWS, ids=ids(DOCUMENT_ROWS))
def test_documents(row: Row) -> None:
    row.check()


def test_documents_checked_flag() -> None:
    assert DOCUMENT_ROWS[0].check()["documents_checked"] is True
    assert DOCUMENT_ROWS[-1].check()["documents_checked"] is False


def test_documents_sentence_names_each_document_clause() -> None:
    out = DOCUMENT_ROWS[5].check()
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    for sentence in (kk, ru):
        assert "(reg:15.1.h)" in sentence
        assert "(reg:15.1.i)" in sentence
        assert sentence.endswith("(reg:15).")


def test_every_document_code_of_the_version_is_in_the_test_list() -> None:
    from kezek.rules.versions.aktogay_2013 import DOCUMENTS

    assert list(DOCUMENTS) == ALL_DOCUMENTS


def test_the_cosmonauts_document_is_named_in_both_languages() -> None:
    (row,) = [r for r in DOCUMENT_ROWS if r.id == "cosmonaut_needs_the_governments_status_document"]
    out = row.check()
    (kk,) = out["reasons"]["kk"]
    (ru,) = out["reasons"]["ru"]
    assert "Үкіметі берген мәртебесін растайтын құжат (reg:15.1.j)" in kk
    assert "предоставленный Правительством Республики Казахстан (reg:15.1.j)" in ru
