"""The executor establishes a fact with the evidence (reg:13.4): the engine decides again on it,
the old and the new value are in the audit record, and only the checking executor may."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.registries.models import FactCorrection
from kezek.workflow.selectors.decisions import decide_application, decision_case_for_application
from kezek.workflow.services.checking import application_take
from kezek.workflow.services.intake import application_intake
from tests.factories import ApplicationInputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_file(staff):
    data = ApplicationInputFactory(pensioner=True)
    application = application_intake(
        actor=staff[Role.AB_OFFICE_CLERK], channel="ab_desk", data=data
    )
    return application_take(actor=staff[Role.AB_EXECUTOR], application=application)


def _post(client, application, **fields):
    return client.post(
        f"/office/files/{application.pk}/correct_fact/", fields, HTTP_ACCEPT_LANGUAGE="ru"
    )


def test_a_corrected_fact_changes_the_decision_and_leaves_its_trace_reg_8_1(
    client, staff, checked_file
) -> None:
    assert decide_application(application=checked_file)["decision"] == "register"
    client.force_login(staff[Role.AB_EXECUTOR])
    response = _post(
        client,
        checked_file,
        key="housing.owns_dwelling_in_kz",
        value="yes",
        evidence="Справка НАО «Правительство для граждан» № 0412 от 01.12.2026",
        comment="Квартира в Балхаше с 2019 года, заявитель не указал",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#registers")
    assert (
        decision_case_for_application(application=checked_file)["housing"]["owns_dwelling_in_kz"]
        is True
    )
    decision = decide_application(application=checked_file)
    assert decision["decision"] == "refuse"
    assert "reg:8" in decision["grounds"]  # not in need: owns a dwelling (reg:8.1)
    record = AuditRecord.objects.get(action="registries.fact_corrected")
    assert record.before == {"housing.owns_dwelling_in_kz": False}
    assert record.after["housing.owns_dwelling_in_kz"] is True
    assert "reg:8.1" in record.clauses
    html = client.get(
        f"/office/files/{checked_file.pk}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "исправлено исполнителем" in html
    assert "№ 0412" in html


def test_a_correction_without_evidence_names_the_field_and_changes_nothing(
    client, staff, checked_file
) -> None:
    client.force_login(staff[Role.AB_EXECUTOR])
    response = _post(
        client, checked_file, key="income_12_months", amount="-5", evidence="", comment="x"
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="cf-amount" name="amount" inputmode="decimal" value="-5" aria-invalid="true"' in html
    response = _post(
        client, checked_file, key="income_12_months", amount="900000", evidence="", comment="x"
    )
    assert (
        'name="evidence" maxlength="300" value="" aria-invalid="true"' in response.content.decode()
    )
    assert "Назовите доказательство: документ, его номер и дату." in response.content.decode()
    assert not FactCorrection.objects.exists()
    assert not AuditRecord.objects.filter(action="registries.fact_corrected").exists()


def test_only_the_checking_executor_corrects(client, staff, checked_file) -> None:
    client.force_login(staff[Role.AB_HEAD])
    response = _post(
        client,
        checked_file,
        key="housing.owns_dwelling_in_kz",
        value="yes",
        evidence="e",
        comment="c",
    )
    assert response.status_code in (403, 422)
    assert not FactCorrection.objects.exists()
