"""Documents made from the workflow's records, when the workflow keeps them: the receipt says
exactly what the workflow's Receipt row recorded at the window (reg:16.1)."""

from __future__ import annotations

import pytest

from kezek.paperwork.services.issue import paperwork_issue
from kezek.workflow.document_contexts import receipt_context

from .conftest import PENSIONER_DOCS

workflow_services = pytest.importorskip("kezek.workflow.services.intake")
pytestmark = pytest.mark.django_db


def test_receipt_from_the_workflow_receipt_record(staff, text_of) -> None:
    import datetime as dt

    from kezek.applications.services import ApplicationInput, DocumentInput, PersonInput
    from kezek.core.iin import Sex, make_iin

    birth = dt.date(1954, 4, 4)
    data = ApplicationInput(
        applicant=PersonInput(
            iin=make_iin(birth, Sex.MALE, 77),
            last_name="Қалиев",
            first_name="Ғалым",
            patronymic="Нұрұлы",
            birth_date=birth,
            phone="+7 700 777 77 77",
        ),
        claimed_groups=["age_pensioner"],
        documents=[DocumentInput(doc_type=code) for code in PENSIONER_DOCS],
        facts={
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            "income_12_months": 1_000_000,
            "housing": {},
            "history": [],
        },
    )
    application = workflow_services.application_intake(
        actor=staff["psc_inspector"], channel="psc", data=data
    )
    record = application.receipt
    context = receipt_context(application=application)
    assert context.request_number == record.request_number
    assert context.result_date == record.result_date
    assert context.accepted_by == record.accepted_by_name
    assert len(context.documents) == len(record.documents)
    document = paperwork_issue(
        actor=staff["psc_inspector"], kind="receipt", application=application, language="kk"
    )
    text = text_of(bytes(document.pdf))
    assert record.request_number in text
    assert f"{record.result_date:%d.%m.%Y}" in text
    assert record.accepted_by_name in text
