"""The PSC window's intake screen (issue 7): the IIN lookup, the checklist for the claimed
groups (reg:15.1), the refusal of an incomplete set (reg:16), the receipt's PDF at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.paperwork.models import IssuedDocument
from kezek.rules.clause_words import clause_words
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.services.intake import application_intake
from tests.factories import StaffFactory

from .helpers import PENSIONER_DOCS, pensioner_iin, pensioner_payload
from .test_pages import intake_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(client, staff):
    client.force_login(staff[Role.PSC_INSPECTOR])
    return staff[Role.PSC_INSPECTOR]


def _autofocused(html: str) -> list[str]:
    """The ids of the elements that take the focus when the page opens."""
    ids = []
    for tag in re.findall(r"<[^>]*\bautofocus\b[^>]*>", html):
        found = re.search(r'\bid="([^"]+)"', tag)
        ids.append(found.group(1) if found else "")
    return ids


def test_the_empty_window_waits_in_the_iin_field(client, inspector) -> None:
    html = client.get("/office/intake/").content.decode()
    assert _autofocused(html) == ["lookup-iin"]
    # Every document of reg:15.1 is a checkbox with its clause; nothing is required before a
    # group is chosen but the documents everyone hands in.
    # 13 since reg:15.1.j gave cosmonauts their own document (the Government's status document).
    assert html.count('name="a-documents"') == 13
    assert clause_words(["reg:15.1.a"], "kk") in html
    assert "reg:" not in html


def test_a_new_iin_fills_the_iin_and_moves_to_the_surname(client, inspector) -> None:
    iin = pensioner_iin(80)
    response = client.get("/office/intake/", {"iin": iin})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{iin}"' in html
    assert _autofocused(html) == ["id_a-last_name"]
    assert "02.03.1958" in html  # the birth date the IIN encodes


def test_a_bad_iin_in_the_lookup_is_an_error_next_to_the_field(client, inspector) -> None:
    response = client.get("/office/intake/", {"iin": "580302400012"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'aria-describedby="lookup-result"' in html
    assert 'aria-invalid="true"' in html
    assert "Traceback" not in html


def test_a_returning_applicant_is_filled_from_the_last_file_in_scope(
    client, staff, inspector
) -> None:
    payload = pensioner_payload(81)
    payload["family"] = [
        {"relation": "spouse", "full_name": "Серіков Бақыт", "birth_date": "1956-01-02"}
    ]
    payload["documents"] = [*PENSIONER_DOCS, "civil_status_certificates"]
    first = application_intake(
        actor=inspector, channel="psc", data=application_input_from_json(payload)
    )
    html = client.get("/office/intake/", {"iin": pensioner_iin(81)}).content.decode()
    assert 'value="Серікова"' in html
    assert 'value="Гүлжан"' in html
    assert 'value="Серіков Бақыт"' in html  # the family of the last application
    assert re.search(r'value="age_pensioner"[^>]*checked', html)
    # The first file is still pending: the window is told before it types anything.
    assert first.request_number in html
    assert _autofocused(html) == ["id_a-claimed_groups_0"]

    # An inspector of another branch knows the person but not the family of a file out of scope.
    client.force_login(StaffFactory(role=Role.PSC_INSPECTOR, office=_branch_2()))
    html = client.get("/office/intake/", {"iin": pensioner_iin(81)}).content.decode()
    assert 'value="Серікова"' in html
    assert "Серіков Бақыт" not in html


def _branch_2():
    from kezek.offices.models import Office

    return Office.objects.get(code="akt-psc-2")


def test_the_checklist_round_trip_keeps_the_form_and_marks_the_group_documents(
    client, inspector
) -> None:
    data = intake_form(serial=82, documents=[])
    data["a-claimed_groups"] = ["civil_servant"]
    data["do"] = "checklist"
    response = client.post("/office/intake/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert 'value="Серікова"' in html
    required = set(
        re.findall(r'class="checklist-item is-required" data-document="([a-z_]+)"', html)
    )
    assert "employment_certificate" in required  # reg:15.1.j for civil servants
    assert "income_statement" not in required  # reg:6.3 takes no income test
    assert {"application_form", "id_documents", "property_certificate"} <= required
    assert "error-summary" not in html
    assert _autofocused(html) == ["id_a-documents_0"]


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        (
            {"groups": "age_pensioner"},
            {"group_proof", "income_statement"},
            {"court_decision_family"},
        ),
        ({"groups": "orphan"}, {"group_proof"}, {"income_statement"}),  # reg:6.2: no income test
        ({"groups": "military"}, {"employment_certificate"}, {"income_statement"}),
        (
            {"groups": "large_family", "family": "1", "court": "1"},
            {"civil_status_certificates", "court_decision_family", "income_statement"},
            set(),
        ),
        (
            {"groups": "civil_servant", "housing": "dwelling_substandard"},
            set(),
            {"condition_certificate"},  # owning nothing already establishes need
        ),
        (
            {
                "groups": "civil_servant",
                "housing": ["owns_dwelling_in_kz", "dwelling_substandard"],
            },
            {"condition_certificate"},
            set(),
        ),
    ],
)
def test_the_checklist_endpoint(client, inspector, query, present, absent) -> None:
    response = client.get("/office/intake/checklist/", query)
    assert response.status_code == 200
    required = set(response.json()["required"])
    assert present <= required
    assert not (absent & required)


def test_the_checklist_endpoint_is_for_the_window_only(client, staff) -> None:
    client.force_login(staff[Role.AB_HEAD])
    assert client.get("/office/intake/checklist/").status_code == 404


def test_an_incomplete_set_is_refused_at_the_window_naming_what_is_missing(
    client, inspector
) -> None:
    documents = [d for d in PENSIONER_DOCS if d != "income_statement"]
    response = client.post("/office/intake/", intake_form(serial=83, documents=documents))
    html = response.content.decode()
    assert response.status_code == 422
    assert not Application.objects.exists()
    assert 'id="error-summary"' in html
    assert 'role="alert"' in html
    assert _autofocused(html) == ["error-summary"]
    # The documents' error is tied to their fieldset and names the missing one (reg:16).
    assert 'aria-describedby="id_a-documents_error"' in html
    error = re.search(r'id="id_a-documents_error">([^<]+)<', html)
    assert error is not None
    assert clause_words(["reg:16"], "kk") in error.group(1)
    assert "12" in error.group(1)  # "... income for the last 12 months"
    # Nothing typed is lost.
    assert 'value="Серікова"' in html
    assert re.search(r'value="group_proof"[^>]*checked', html)


def test_acceptance_issues_the_receipt_and_opens_the_file_with_its_pdf(client, inspector) -> None:
    response = client.post("/office/intake/", intake_form(serial=84))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/office/files/{application.pk}/?accepted=1"
    receipt = IssuedDocument.objects.get(application=application, kind="receipt")
    assert receipt.issued_by == inspector
    assert receipt.language == "kk"
    html = client.get(response["Location"]).content.decode()
    assert f'href="/documents/{receipt.pk}/pdf/"' in html
    assert _autofocused(html) == ["receipt-pdf"]
    pdf = client.get(f"/documents/{receipt.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content).startswith(b"%PDF-")


def test_a_representative_needs_the_date_of_the_power_of_attorney(client, inspector) -> None:
    data = intake_form(serial=85)
    data["a-representative_name"] = "Әлиев Нұрлан"
    data["a-representative_iin"] = pensioner_iin(86)
    response = client.post("/office/intake/", data)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_a-power_of_attorney_date_error"' in html
    assert re.search(r'<details id="representative-details" open', html)


def test_a_representative_is_recorded_on_the_receipt(client, inspector) -> None:
    data = intake_form(serial=87)
    data["a-representative_name"] = "Әлиев Нұрлан"
    data["a-representative_iin"] = pensioner_iin(88)
    data["a-representative_phone"] = "+7 702 000 11 22"
    data["a-power_of_attorney_number"] = "N-17"
    data["a-power_of_attorney_date"] = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    response = client.post("/office/intake/", data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.representative.full_name == "Әлиев Нұрлан"
    assert application.receipt.representative_name == "Әлиев Нұрлан"


def test_a_failed_receipt_pdf_does_not_undo_the_acceptance(client, inspector, monkeypatch) -> None:
    from kezek.workflow.views import _shared as staff_pages

    def broken(**kwargs):
        raise OSError("the PDF renderer is gone")

    monkeypatch.setattr(staff_pages, "paperwork_issue", broken)
    response = client.post("/office/intake/", intake_form(serial=89))
    application = Application.objects.get()
    assert response.status_code == 302
    assert not IssuedDocument.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert 'id="receipt-pdf"' not in html
    # The window prints it again from the file once the renderer is back.
    assert f'action="/office/files/{application.pk}/print/receipt/"' in html


def test_the_citizen_chooses_how_to_be_told_and_a_channel_needs_its_contact(
    client, inspector
) -> None:
    page = client.get("/office/intake/").content.decode()
    assert re.search(r'name="a-notify_by_sms"[^>]*checked', page)
    assert not re.search(r'name="a-notify_by_email"[^>]*checked', page)

    data = intake_form(serial=89, **{"a-phone": "", "a-notify_by_email": "on"})
    response = client.post("/office/intake/", data, HTTP_ACCEPT_LANGUAGE="ru")
    html = response.content.decode()
    assert response.status_code == 422
    assert not Application.objects.exists()
    # Both errors at once, at their fields, in the page's language.
    assert 'id="id_a-phone_error"' in html
    assert "Укажите номер телефона для SMS" in html
    assert 'id="id_a-email_error"' in html
    assert "снимите отметку об уведомлении по электронной почте" in html

    response = client.post("/office/intake/", intake_form(serial=89))
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.notify_by_sms, application.notify_by_email) == (True, False)
    assert application.notify_channels() == ["sms"]
