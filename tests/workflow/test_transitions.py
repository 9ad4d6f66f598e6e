"""The transition table: illegal moves are refused with a clear error and change nothing;
intake refuses incomplete sets and duplicates (a pending file, or already on the list)."""

from __future__ import annotations

import json

import pytest

from kezek.accounts.models import Role
from kezek.applications.choices import ApplicationStatus
from kezek.applications.models import Application
from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import DispatchRegistry, Receipt, ResultDraft
from kezek.workflow.services.checking import (
    application_assign,
    application_request_documents,
    application_take,
    result_draft,
)
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import (
    RecipientInput,
    result_issue,
    result_register,
    result_sign,
)
from kezek.workflow.transitions import TRANSITIONS, find_transition
from tests.factories import StaffFactory

from .helpers import PENSIONER_DOCS, pensioner_payload

pytestmark = pytest.mark.django_db


def _accept(staff, channel="ab_desk", serial=1, **overrides):
    actor = staff[Role.PSC_INSPECTOR] if channel == "psc" else staff[Role.AB_OFFICE_CLERK]
    data = application_input_from_json(pensioner_payload(serial=serial, **overrides))
    return application_intake(actor=actor, channel=channel, data=data)


def _post(client, user, application, action, body=None):
    client.force_login(user)
    return client.post(
        f"/api/v1/workflow/applications/{application.pk}/{action}",
        data=json.dumps(body or {}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _unchanged(application, status, audit_count):
    assert Application.objects.get(pk=application.pk).status == status
    assert AuditRecord.objects.count() == audit_count


@pytest.mark.parametrize(
    ("role", "action", "status_code", "error_type", "loc"),
    [
        # The head cannot sign what was never drafted.
        (Role.AB_HEAD, "sign", 422, "illegal_transition", ["body", "status"]),
        # Results are not handed out before they exist.
        (Role.AB_OFFICE_CLERK, "issue", 422, "illegal_transition", ["body", "status"]),
        # A PSC file at the AB desk cannot be "taken"; an executor cannot collect.
        (Role.AB_EXECUTOR, "collect", 403, "role", ["body", "action"]),
        # The auditor reads everything and changes nothing.
        (Role.AUDITOR, "take", 403, "role", ["body", "action"]),
        (Role.ADMINISTRATOR, "withdraw", 403, "role", ["body", "action"]),
        (Role.AB_HEAD, "fly", 422, "unknown_action", ["body", "action"]),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(
    client, staff, role, action, status_code, error_type, loc
) -> None:
    application = _accept(staff)
    count = AuditRecord.objects.count()
    response = _post(client, staff[role], application, action, {"comment": "x"})
    assert response.status_code == status_code, response.content
    detail = response.json()["detail"][0]
    assert detail["type"] == error_type
    assert detail["loc"] == loc
    assert detail["msg"]
    _unchanged(application, "accepted", count)


def test_the_error_names_the_action_and_the_state(client, staff) -> None:
    application = _accept(staff)
    response = _post(client, staff[Role.AB_HEAD], application, "sign")
    assert response.json()["detail"][0]["msg"] == (
        "“Sign” is not possible for a file in the state “Accepted”."
    )


def test_an_executor_cannot_act_on_a_file_not_taken(client, staff) -> None:
    application = _accept(staff)
    count = AuditRecord.objects.count()
    response = _post(client, staff[Role.AB_EXECUTOR], application, "draft")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]
    _unchanged(application, "accepted", count)


def test_a_batch_is_accepted_once(staff) -> None:
    application = _accept(staff, channel="psc")
    back_office = staff[Role.PSC_BACK_OFFICE]
    application_collect(actor=back_office, application=application)
    registry = dispatch_registry_send(actor=back_office, applications=[application])
    dispatch_registry_receive(actor=staff[Role.AB_EXECUTOR], registry=registry)
    count = AuditRecord.objects.count()
    with pytest.raises(KezekError) as info:
        dispatch_registry_receive(actor=staff[Role.AB_HEAD], registry=registry)
    assert info.value.code == "role"
    with pytest.raises(KezekError) as info:
        dispatch_registry_receive(actor=staff[Role.AB_EXECUTOR], registry=registry)
    assert info.value.code == "illegal_transition"
    assert AuditRecord.objects.count() == count


def test_a_registry_is_all_or_nothing(staff) -> None:
    collected = _accept(staff, channel="psc", serial=1)
    not_collected = _accept(staff, channel="psc", serial=2)
    back_office = staff[Role.PSC_BACK_OFFICE]
    application_collect(actor=back_office, application=collected)
    count = AuditRecord.objects.count()
    with pytest.raises(KezekError):
        dispatch_registry_send(actor=back_office, applications=[collected, not_collected])
    assert not DispatchRegistry.objects.exists()
    assert Application.objects.get(pk=collected.pk).status == "collected"
    assert AuditRecord.objects.count() == count


def test_comments_are_required_where_the_table_says(staff) -> None:
    application = _accept(staff)
    application_take(actor=staff[Role.AB_EXECUTOR], application=application)
    with pytest.raises(KezekError) as info:
        application_request_documents(
            actor=staff[Role.AB_EXECUTOR], application=application, comment="  "
        )
    assert info.value.field == "comment"
    assert Application.objects.get(pk=application.pk).status == "under_check"


def test_a_representative_needs_a_power_of_attorney_to_take_the_result(staff) -> None:
    application = _accept(staff)
    executor = staff[Role.AB_EXECUTOR]
    application_take(actor=executor, application=application)
    result_draft(actor=executor, application=application)
    result_sign(actor=staff[Role.AB_HEAD], application=application)
    clerk = staff[Role.AB_OFFICE_CLERK]
    result_register(actor=clerk, application=application)
    with pytest.raises(KezekError) as info:
        result_issue(
            actor=clerk,
            application=application,
            recipient=RecipientInput(kind="representative", full_name="Бөтен адам"),
        )
    assert info.value.field == "recipient_iin"
    assert Application.objects.get(pk=application.pk).status == "result_registered"


def test_the_table_covers_every_state_and_names_clauses() -> None:
    reachable = {t.target for t in TRANSITIONS} | {ApplicationStatus.ACCEPTED}
    assert reachable == set(ApplicationStatus.values)
    for transition in TRANSITIONS:
        assert transition.clauses, transition.action
        assert all(c.startswith("reg:") for c in transition.clauses)
        assert transition.roles
    with pytest.raises(KezekError):
        find_transition(action="issue", status="accepted", channel="psc")


# --------------------------------------------------------------------------- intake


def test_an_incomplete_set_gets_no_receipt(staff) -> None:
    documents = [d for d in PENSIONER_DOCS if d != "income_statement"]
    with pytest.raises(KezekError) as info:
        _accept(staff, documents=documents)
    assert info.value.field == "documents"
    assert info.value.code == "documents_incomplete"
    assert "12" in str(info.value.message)  # "Family income for the last 12 months"
    assert not Application.objects.exists()
    assert not Receipt.objects.exists()


def test_missing_facts_name_the_field(staff) -> None:
    payload = pensioner_payload()
    del payload["facts"]["citizen_of_kz"]
    with pytest.raises(KezekError) as info:
        application_intake(
            actor=staff[Role.PSC_INSPECTOR],
            channel="psc",
            data=application_input_from_json(payload),
        )
    assert info.value.field == "facts.citizen_of_kz"
    assert not Application.objects.exists()


def test_intake_checks_role_and_office(staff) -> None:
    data = application_input_from_json(pensioner_payload())
    for role, channel in (
        (Role.PSC_BACK_OFFICE, "psc"),
        (Role.AB_OFFICE_CLERK, "psc"),
        (Role.PSC_INSPECTOR, "ab_desk"),
        (Role.AUDITOR, "ab_desk"),
    ):
        with pytest.raises(PermissionDeniedError):
            application_intake(actor=staff[role], channel=channel, data=data)
    assert not Application.objects.exists()


def test_a_second_application_while_one_is_pending_is_refused_at_the_window(client, staff) -> None:
    first = _accept(staff, channel="psc", serial=5)
    client.force_login(staff[Role.AB_OFFICE_CLERK])
    response = client.post(
        "/api/v1/workflow/applications",
        data=json.dumps({**pensioner_payload(serial=5), "channel": "ab_desk"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "applicant", "iin"]
    assert first.request_number in detail["msg"]
    assert Application.objects.count() == 1


def test_a_person_already_on_the_claimed_list_is_refused_naming_the_file(staff) -> None:
    first = _accept(staff, serial=6)
    executor, head, clerk = (
        staff[Role.AB_EXECUTOR],
        staff[Role.AB_HEAD],
        staff[Role.AB_OFFICE_CLERK],
    )
    application_take(actor=executor, application=first)
    result_draft(actor=executor, application=first)
    result_sign(actor=head, application=first)
    result_register(actor=clerk, application=first)
    result_issue(actor=clerk, application=first)
    assert ResultDraft.objects.get(application=first).queue_positions == [
        ["socially_vulnerable", 1]
    ]
    # The same person claims a group of the same list again: refused, naming the earlier file.
    with pytest.raises(KezekError) as info:
        _accept(staff, serial=6, claimed_groups=["age_pensioner"])
    assert info.value.code == "duplicate_on_list"
    assert first.request_number in str(info.value.message)
    # A group of another list (reg:6.3, public servants) is a new application, not a duplicate.
    second = _accept(
        staff,
        serial=6,
        claimed_groups=["civil_servant"],
        documents=[*PENSIONER_DOCS[:5], "employment_certificate"],
    )
    assert second.request_number != first.request_number


def test_the_executor_can_be_chosen_at_the_ab_desk(staff) -> None:
    executor = staff[Role.AB_EXECUTOR]
    data = application_input_from_json(pensioner_payload(serial=9))
    application = application_intake(
        actor=staff[Role.AB_OFFICE_CLERK], channel="ab_desk", data=data, executor=executor
    )
    assert application.status == "under_check"
    assert application.executor == executor


def test_the_head_assigns_files_at_the_ab_but_not_at_the_psc(staff, offices) -> None:
    head, executor = staff[Role.AB_HEAD], staff[Role.AB_EXECUTOR]
    other = StaffFactory(role=Role.AB_EXECUTOR, office=offices["akt-ab"])
    desk = _accept(staff, serial=2)
    application_assign(actor=head, application=desk, executor=executor)
    assert Application.objects.get(pk=desk.pk).executor == executor
    application_assign(actor=head, application=desk, executor=other)
    desk = Application.objects.get(pk=desk.pk)
    assert (desk.status, desk.executor) == ("under_check", other)
    at_the_psc = _accept(staff, channel="psc", serial=3)
    with pytest.raises(KezekError) as info:
        application_assign(actor=head, application=at_the_psc, executor=executor)
    assert info.value.code == "illegal_transition"
    with pytest.raises(KezekError) as info:
        application_assign(actor=head, application=desk, executor=head)
    assert info.value.field == "executor_id"
    assert Application.objects.get(pk=at_the_psc.pk).executor is None
