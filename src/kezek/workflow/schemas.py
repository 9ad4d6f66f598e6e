"""The workflow API's input and output, declared as django-ninja schemas (the OpenAPI document).

Outputs are validated by ninja on the way out (`response=`). Inputs are declared here and read
by the parsers that give the user's language and the field's path in every refusal
(`inputs.application_input_from_json`, `actions`): pydantic's own messages are English only, so
the intake and action bodies are parsed by ours, and a test holds each schema to its parser's
keys. The signed portal request stays raw bytes: its signature is over exactly those bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict

# --------------------------------------------------------------------------- input


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class PersonIn(_In):
    iin: str
    last_name: str
    first_name: str
    patronymic: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""


class FamilyMemberIn(_In):
    relation: str
    full_name: str
    birth_date: dt.date
    iin: str = ""
    disabled: bool = False
    recognized_by_court: bool = False


class RepresentativeIn(_In):
    full_name: str
    iin: str
    phone: str = ""
    power_of_attorney_number: str
    power_of_attorney_date: dt.date
    power_of_attorney_valid_until: dt.date | None = None


class DocumentIn(_In):
    doc_type: str
    source: str = "handed_in"


class FactsIn(_In):
    """The facts the rules engine reads (decision-case.md)."""

    citizen_of_kz: bool | None = None
    permanent_resident_in_locality: bool | None = None
    lost_parents_before_majority: bool | None = None
    income_12_months: int | float | None = None
    housing: dict[str, bool] | None = None
    history: list[dict[str, Any]] | None = None
    military_service_months: int | None = None


class IntakeIn(_In):
    """An application accepted at the PSC window (`channel: psc`) or the AB desk (`ab_desk`)."""

    applicant: PersonIn
    claimed_groups: list[str]
    fund: str = "communal"
    family: list[FamilyMemberIn] = []
    representative: RepresentativeIn | None = None
    documents: list[str | DocumentIn] = []
    facts: FactsIn | None = None
    language: str = "kk"
    contact_email: str = ""
    #: Tell the citizen of each step by SMS / e-mail; left out: by every contact given.
    notify_by_sms: bool | None = None
    notify_by_email: bool | None = None
    channel: str | None = None
    executor_id: int | None = None


class ActionIn(_In):
    """What an action of the transition table needs: a comment (sending back, withdrawal), the
    executor (assign), the missing documents (supply), the recipient (issue, reg:18); the fact
    the executor corrects (`correct_fact`: key, value yes/no or amount, evidence, comment)."""

    comment: str = ""
    executor_id: int | None = None
    documents: list[str | DocumentIn] = []
    recipient: str = "applicant"
    recipient_name: str = ""
    recipient_iin: str = ""
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    key: str = ""
    value: str = ""
    amount: str = ""
    evidence: str = ""


class ApplicationIdsIn(_In):
    application_ids: list[int]


def request_body(schema: type[Schema], example: dict[str, Any] | None = None) -> dict[str, Any]:
    """`openapi_extra` declaring `schema` as the JSON body of an endpoint that parses it itself."""
    content: dict[str, Any] = {"schema": schema.model_json_schema()}
    if example is not None:
        content["example"] = example
    return {"requestBody": {"required": True, "content": {"application/json": content}}}


# --------------------------------------------------------------------------- output


class DeadlinesOut(Schema):
    result_due: str | None
    handover_due: str | None
    step_due_at: str | None
    time_left_seconds: int | None
    step_overdue: bool
    term_overdue: bool
    handover_overdue: bool
    overdue: bool


class ApplicationSummaryOut(Schema):
    id: int
    request_number: str
    status: str
    status_label: str
    channel: str
    office: str
    applicant: str
    iin: str
    accepted_at: str | None
    executor: str | None
    deadlines: DeadlinesOut


class ReceiptOut(Schema):
    id: int
    result_date: str | None
    result_place: str
    accepted_by: str
    documents: int


class AcceptanceReportOut(Schema):
    accepted_at: str | None
    result_date: str | None
    signer_iin: str


class ResultOut(Schema):
    id: int
    kind: str
    state: str
    rules_version: str
    grounds: list[str]
    lists: list[str]
    reasons: list[str]
    drafted_by: str
    drafted_at: str | None
    signed_by: str | None
    signed_at: str | None
    queue_positions: list[list[Any]]
    return_comment: str
    returned_at: str | None
    outgoing_number: str
    registered_at: str | None
    received_at_psc_at: str | None


class IssueOut(Schema):
    number: int | None
    issued_at: str | None
    issued_by: str
    office: str | None
    recipient: str
    recipient_name: str
    power_of_attorney_number: str


class AuditOut(Schema):
    at: str | None
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    comment: str
    clauses: list[str]


class ApplicationDetailOut(ApplicationSummaryOut):
    claimed_groups: list[str]
    fund: str
    documents: list[str]
    receipt: ReceiptOut | None
    acceptance_report: AcceptanceReportOut | None
    results: list[ResultOut]
    registries: list[str]
    issue: IssueOut | None
    actions: list[str]
    audit: list[AuditOut]


class RegistryFileOut(Schema):
    position: int
    id: int
    request_number: str


class RegistryOut(Schema):
    id: int
    number: str
    office: str
    sent_at: str | None
    sent_by: str
    received_at: str | None
    received_by: str | None
    files: list[RegistryFileOut]


class PortalResultOut(Schema):
    kind: str
    signed_at: str | None
    outgoing_number: str
    grounds: list[str]
    lists: list[str]
    queue_positions: list[list[Any]]
    reasons: list[str]
    delivered_at: str


class PortalAcceptanceOut(Schema):
    accepted_at: str
    result_date: str


class PortalReportOut(Schema):
    """The personal cabinet (reg:16.2, reg:18): the acceptance report and, once issued, the result."""

    request_number: str
    status: str
    status_label: str
    acceptance_report: PortalAcceptanceOut
    deadlines: DeadlinesOut
    result: PortalResultOut | None


class NotQualifiedOut(Schema):
    group: str
    grounds: list[str]


class DecisionOut(Schema):
    """The rules engine's output (decision-case.md), and the reasons in the page's language."""

    decision: str
    rules_version: str
    lists: list[str]
    basis: list[str]
    grounds: list[str]
    income_test: dict[str, Any]
    missing_documents: list[str]
    documents_checked: bool
    not_qualified: list[NotQualifiedOut]
    reasons: dict[str, list[str]]
    reasons_shown: list[str]
    language: str
