"""Each step makes its paperwork after it commits: receipt, registry, batch receipt, notice."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.paperwork.models import IssuedDocument
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import result_register, result_sign

from .helpers import pensioner_payload, refused_payload

pytestmark = pytest.mark.django_db


def _kinds(application) -> list[str]:
    return sorted(
        IssuedDocument.objects.filter(application=application).values_list("kind", flat=True)
    )


def test_psc_file_gets_every_document_in_its_order(
    staff, django_capture_on_commit_callbacks
) -> None:
    inspector, back_office = staff[Role.PSC_INSPECTOR], staff[Role.PSC_BACK_OFFICE]
    executor, head = staff[Role.AB_EXECUTOR], staff[Role.AB_HEAD]
    with django_capture_on_commit_callbacks(execute=True):
        application = application_intake(
            actor=inspector,
            channel="psc",
            data=application_input_from_json(pensioner_payload(serial=31)),
        )
    assert _kinds(application) == ["receipt"]  # reg:16.1

    with django_capture_on_commit_callbacks(execute=True):
        application_collect(actor=back_office, application=application)
        registry = dispatch_registry_send(actor=back_office, applications=[application])
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_registry_receive(actor=executor, registry=registry)
    registry_kinds = set(
        IssuedDocument.objects.filter(subject_id=str(registry.pk)).values_list("kind", flat=True)
    )
    assert registry_kinds == {"dispatch_registry", "batch_receipt"}  # Annex 3, actions 3-4

    application.refresh_from_db()
    result_draft(actor=executor, application=application)
    result_sign(actor=head, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        draft = result_register(actor=executor, application=application)
    assert _kinds(application) == ["receipt", "registration_notice"]  # reg:5
    notice = IssuedDocument.objects.get(application=application, kind="registration_notice")
    assert draft.outgoing_number
    assert notice.context["outgoing_number"] == draft.outgoing_number


def test_refusal_is_issued_as_a_motivated_refusal(
    staff, django_capture_on_commit_callbacks
) -> None:
    clerk, executor, head = (
        staff[Role.AB_OFFICE_CLERK],
        staff[Role.AB_EXECUTOR],
        staff[Role.AB_HEAD],
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = application_intake(
            actor=clerk,
            channel="ab_desk",
            data=application_input_from_json(refused_payload(serial=32)),
        )
    application_take(actor=executor, application=application)
    result_draft(actor=executor, application=application)
    result_sign(actor=head, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        result_register(actor=clerk, application=application)
    assert _kinds(application) == ["motivated_refusal", "receipt"]  # reg:5, reg:12
    assert not AuditRecord.objects.filter(action="document.failed").exists()
