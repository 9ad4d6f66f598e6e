"""The workflow API's schemas are what its parsers read, and what the OpenAPI document says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kezek.workflow import actions, inputs
from kezek.workflow.schemas import (
    ActionIn,
    FactsIn,
    FamilyMemberIn,
    IntakeIn,
    PersonIn,
    RepresentativeIn,
)


@pytest.mark.parametrize(
    ("schema", "keys"),
    [
        (IntakeIn, (*inputs.TOP_KEYS, "channel", "executor_id")),
        (PersonIn, inputs.APPLICANT_KEYS),
        (FamilyMemberIn, inputs.FAMILY_KEYS),
        (RepresentativeIn, inputs.REPRESENTATIVE_KEYS),
        (FactsIn, inputs.FACT_KEYS),
    ],
)
def test_each_intake_schema_declares_exactly_what_the_parser_reads(schema, keys) -> None:
    assert set(schema.model_fields) == set(keys)


def test_the_action_schema_declares_exactly_what_the_actions_read() -> None:
    source = Path(actions.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'_text\((?:p|payload), "(\w+)"\)', source))
    read |= set(re.findall(r'payload\.get\("(\w+)"\)', source))
    assert set(ActionIn.model_fields) == read


@pytest.mark.django_db
def test_the_openapi_document_declares_the_bodies_and_the_answers(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    intake = spec["paths"]["/api/v1/workflow/applications"]["post"]
    body = intake["requestBody"]["content"]["application/json"]
    assert set(body["schema"]["properties"]) >= {"applicant", "claimed_groups", "family"}
    assert body["example"]["claimed_groups"] == ["age_pensioner"]
    assert "201" in intake["responses"]
    act = spec["paths"]["/api/v1/workflow/applications/{application_id}/{action}"]["post"]
    assert "comment" in act["requestBody"]["content"]["application/json"]["schema"]["properties"]
    detail = spec["paths"]["/api/v1/workflow/applications/{application_id}"]["get"]
    answer = detail["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("ApplicationDetailOut")
