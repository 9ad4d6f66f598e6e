"""Bad input: every error names the field and the reason, one line, with a stable code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kezek.core.iin import Sex, make_iin
from kezek.rules import CaseError, parse_case
from tests.rules.rules_support import TODAY, ErrorRow, applicant, base_case, ids, patched, run

GOOD_IIN = make_iin(dt.date(1960, 9, 9), Sex.FEMALE, 1)
BAD_CHECK_DIGIT = GOOD_IIN[:11] + str((int(GOOD_IIN[11]) + 1) % 10)
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


def person(**fields: Any) -> dict[str, Any]:
    return {
        "applicant": {
            "iin": GOOD_IIN,
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            **fields,
        }
    }


def history(**fields: Any) -> dict[str, Any]:
    return {"history": [{"date": "2022-01-01", "event": "alienated_dwelling", **fields}]}


ERROR_ROWS = [
    # IIN (kezek.core.iin)
    ErrorRow(
        "iin_check_digit", "input", "applicant.iin", "iin_checksum", person(iin=BAD_CHECK_DIGIT)
    ),
    ErrorRow(
        "iin_century_digit", "input", "applicant.iin", "iin_century", person(iin="123456789012")
    ),
    ErrorRow("iin_too_short", "input", "applicant.iin", "iin_length", person(iin="60090940003")),
    ErrorRow("iin_not_digits", "input", "applicant.iin", "iin_digits", person(iin="60090940003X")),
    ErrorRow("iin_not_a_string", "input", "applicant.iin", "type", person(iin=600909400033)),
    ErrorRow(
        "iin_disagrees_with_birth_date",
        "input",
        "applicant.birth_date",
        "iin_birth_date_mismatch",
        person(birth_date="1960-09-10"),
    ),
    # groups
    ErrorRow(
        "unknown_group",
        "reg:6",
        "claimed_groups[0]",
        "unknown_group",
        {"claimed_groups": ["pensioner"]},
    ),
    ErrorRow(
        "unknown_second_group",
        "reg:6",
        "claimed_groups[1]",
        "unknown_group",
        {"claimed_groups": ["age_pensioner", "veteran"]},
    ),
    ErrorRow("no_group_claimed", "reg:6", "claimed_groups", "empty", {"claimed_groups": []}),
    ErrorRow(
        "group_twice",
        "reg:6",
        "claimed_groups[1]",
        "duplicate",
        {"claimed_groups": ["oralman", "oralman"]},
    ),
    ErrorRow("groups_not_a_list", "input", "claimed_groups", "type", {"claimed_groups": "oralman"}),
    # dates
    ErrorRow(
        "application_date_in_future",
        "input",
        "application_date",
        "future_date",
        {"application_date": TOMORROW},
    ),
    ErrorRow(
        "bad_date_format_dotted",
        "input",
        "application_date",
        "date_format",
        {"application_date": "11.03.2025"},
    ),
    ErrorRow(
        "bad_date_format_short",
        "input",
        "application_date",
        "date_format",
        {"application_date": "2025-3-11"},
    ),
    ErrorRow(
        "not_a_real_date",
        "input",
        "application_date",
        "date_format",
        {"application_date": "2025-02-30"},
    ),
    ErrorRow(
        "applicant_born_after_application",
        "input",
        "applicant.birth_date",
        "after_application_date",
        {"applicant": applicant("2025-04-01")},
    ),
    ErrorRow(
        "member_born_in_future",
        "input",
        "family[0].birth_date",
        "future_date",
        {"family": [{"relation": "child", "birth_date": TOMORROW}]},
    ),
    ErrorRow(
        "member_born_after_application",
        "input",
        "family[0].birth_date",
        "after_application_date",
        {"family": [{"relation": "child", "birth_date": "2025-05-01"}]},
    ),
    ErrorRow(
        "event_after_application",
        "reg:12",
        "history[0].date",
        "after_application_date",
        history(date="2025-04-01"),
    ),
    ErrorRow("event_in_future", "reg:12", "history[0].date", "future_date", history(date=TOMORROW)),
    # unknown fields, at every level
    ErrorRow("unknown_top_field", "input", "owns_flat", "unknown_field", {"owns_flat": True}),
    ErrorRow(
        "unknown_housing_field",
        "reg:8",
        "housing.owns_flat",
        "unknown_field",
        {"housing": {"owns_flat": True}},
    ),
    ErrorRow(
        "unknown_applicant_field",
        "input",
        "applicant.name",
        "unknown_field",
        {"applicant": {"name": "A"}},
    ),
    ErrorRow(
        "unknown_family_field",
        "input",
        "family[0].age",
        "unknown_field",
        {"family": [{"relation": "child", "age": 3}]},
    ),
    ErrorRow(
        "unknown_history_field", "reg:12", "history[0].reason", "unknown_field", history(reason="x")
    ),
    ErrorRow(
        "unknown_person_field",
        "reg:12.5",
        "history[0].persons[0].age",
        "unknown_field",
        {
            "history": [
                {
                    "date": "2022-01-01",
                    "event": "moved_in_others",
                    "persons": [{"relation": "child", "age": 3}],
                }
            ]
        },
    ),
    # family
    ErrorRow(
        "other_member_without_court_decision",
        "reg:15.1.g",
        "family[1].recognized_by_court",
        "court_decision_required",
        {"family": [{"relation": "spouse"}, {"relation": "other"}]},
    ),
    ErrorRow(
        "other_member_court_decision_false",
        "reg:15.1.g",
        "family[0].recognized_by_court",
        "court_decision_required",
        {"family": [{"relation": "other", "recognized_by_court": False}]},
    ),
    ErrorRow(
        "unknown_relation",
        "input",
        "family[0].relation",
        "unknown_value",
        {"family": [{"relation": "cousin"}]},
    ),
    ErrorRow(
        "relation_required",
        "input",
        "family[0].relation",
        "required",
        {"family": [{"disabled": True}]},
    ),
    ErrorRow(
        "disabled_not_bool",
        "input",
        "family[0].disabled",
        "type",
        {"family": [{"relation": "child", "disabled": "no"}]},
    ),
    # numbers
    ErrorRow(
        "negative_income", "reg:6.2", "income_12_months", "negative", {"income_12_months": -1}
    ),
    ErrorRow(
        "income_as_string", "reg:6.2", "income_12_months", "type", {"income_12_months": "100000"}
    ),
    ErrorRow("income_as_bool", "reg:6.2", "income_12_months", "type", {"income_12_months": True}),
    ErrorRow(
        "income_missing", "reg:6.2", "income_12_months", "required", drop=["income_12_months"]
    ),
    ErrorRow(
        "negative_service",
        "reg:7.7",
        "military_service_months",
        "negative",
        {"military_service_months": -3},
    ),
    ErrorRow(
        "fractional_service",
        "reg:7.7",
        "military_service_months",
        "not_integer",
        {"military_service_months": 1.5},
    ),
    # booleans and required fields
    ErrorRow(
        "citizen_not_bool",
        "reg:6",
        "applicant.citizen_of_kz",
        "type",
        {"applicant": {"citizen_of_kz": "yes"}},
    ),
    ErrorRow(
        "citizen_missing",
        "reg:6",
        "applicant.citizen_of_kz",
        "required",
        drop=["applicant.citizen_of_kz"],
    ),
    ErrorRow("iin_missing", "input", "applicant.iin", "required", drop=["applicant.iin"]),
    ErrorRow(
        "housing_fact_not_bool",
        "reg:8",
        "housing.dwelling_substandard",
        "type",
        {"housing": {"dwelling_substandard": 1}},
    ),
    ErrorRow(
        "owns_in_locality_but_not_in_kz",
        "reg:8",
        "housing.owns_dwelling_in_kz",
        "inconsistent",
        {"housing": {"owns_dwelling_in_locality": True}},
    ),
    ErrorRow("fund_missing", "input", "fund", "required", drop=["fund"]),
    ErrorRow("unknown_fund", "reg:8", "fund", "unknown_value", {"fund": "municipal"}),
    ErrorRow(
        "application_date_missing",
        "input",
        "application_date",
        "required",
        drop=["application_date"],
    ),
    # history
    ErrorRow(
        "unknown_event", "reg:12", "history[0].event", "unknown_value", history(event="sold_car")
    ),
    ErrorRow(
        "lender_buyout_on_other_event",
        "reg:12.2",
        "history[0].lender_buyout",
        "not_applicable",
        history(event="exchanged_dwelling", lender_buyout=True),
    ),
    ErrorRow(
        "persons_on_other_event",
        "reg:12.5",
        "history[0].persons",
        "not_applicable",
        history(persons=["spouse"]),
    ),
    ErrorRow(
        "persons_empty",
        "reg:12.5",
        "history[0].persons",
        "empty",
        history(event="moved_in_others", persons=[]),
    ),
    ErrorRow(
        "unknown_person_string",
        "reg:12.5",
        "history[0].persons[0]",
        "unknown_value",
        history(event="moved_in_others", persons=["cousin"]),
    ),
    ErrorRow(
        "person_born_after_event",
        "reg:12.5",
        "history[0].persons[0].birth_date",
        "after_event_date",
        history(
            event="moved_in_others", persons=[{"relation": "child", "birth_date": "2023-01-01"}]
        ),
    ),
    # documents
    ErrorRow(
        "unknown_document",
        "reg:15",
        "documents[1]",
        "unknown_value",
        {"documents": ["application_form", "passport"]},
    ),
    ErrorRow(
        "documents_not_a_list", "reg:15", "documents", "type", {"documents": "application_form"}
    ),
    # the whole case
    ErrorRow("case_not_an_object", "input", "case", "type", raw=["not", "a", "case"]),
]


@pytest.mark.parametrize("row", ERROR_ROWS, ids=ids(ERROR_ROWS))
def test_bad_input(row: ErrorRow) -> None:
    row.check()


def test_message_examples() -> None:
    assert str(ERROR_ROWS[0].check()) == "applicant.iin: IIN check digit does not match"
    assert str(ERROR_ROWS[5].check()) == (
        "applicant.birth_date: 1960-09-10 does not match the birth date in applicant.iin (1960-09-09)"
    )
    assert str(ERROR_ROWS[6].check()).startswith(
        "claimed_groups[0]: unknown group 'pensioner' (one of: "
    )
    assert str(ERROR_ROWS[21].check()) == "housing.owns_flat: unknown field"


def test_error_params_for_translation() -> None:
    error = ERROR_ROWS[6].check()
    assert error.params["value"] == "pensioner"
    assert "age_pensioner" in error.params["allowed"]
    assert error.to_json()["code"] == "unknown_group"


def test_unknown_field_suggests_a_close_name() -> None:
    with pytest.raises(CaseError, match=r"did you mean 'owns_dwelling_in_kz'"):
        run(patched({"housing": {"owns_dwelling_in_k": True}}))


def test_null_optional_fields_mean_absent() -> None:
    data = base_case()
    data.update(
        family=None, housing=None, history=None, documents=None, military_service_months=None
    )
    assert run(data)["decision"] == "register"


def test_birth_date_may_be_omitted_it_comes_from_the_iin() -> None:
    case = parse_case(patched(drop=["applicant.birth_date"]), today=TODAY)
    assert case.applicant.birth_date == dt.date(1960, 9, 9)


def test_parse_case_returns_frozen_dataclasses() -> None:
    case = parse_case(
        patched(
            {"history": [{"date": "2022-01-01", "event": "moved_in_others", "persons": ["spouse"]}]}
        ),
        today=TODAY,
    )
    with pytest.raises(AttributeError):
        case.fund = "state_institution"  # type: ignore[misc]
    assert case.family_size == 1
    assert case.history[0].persons is not None
