"""The staff back office pages (issue 7): the start page and each role's workqueue, search and
filters, the file view (scans through the gate, the engine's grounds with their clauses, the
PDFs to print, action errors tied to their field), registries and the issue journal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kezek.accounts.models import Role
from kezek.applications.services import DocumentInput
from kezek.paperwork.models import IssuedDocument
from kezek.rules.clause_words import clause_words, tokens_to_words
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import DispatchRegistry, Timeline
from kezek.workflow.services.checking import result_draft
from kezek.workflow.services.dispatch import applications_collect, dispatch_registry_send
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import result_register, result_sign
from tests.factories import StaffFactory

from .helpers import PENSIONER_DOCS, pensioner_payload, refused_payload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a scan\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def psc_file(staff, serial: int, **changes):
    payload = pensioner_payload(serial)
    payload.update(changes)
    return application_intake(
        actor=staff[Role.PSC_INSPECTOR], channel="psc", data=application_input_from_json(payload)
    )


def desk_file(staff, payload):
    return application_intake(
        actor=staff[Role.AB_OFFICE_CLERK],
        channel="ab_desk",
        data=application_input_from_json(payload),
        executor=staff[Role.AB_EXECUTOR],
    )


def page(client, user, url, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()


# --------------------------------------------------------------------------- start, lists


@pytest.mark.parametrize("role", list(Role))
def test_the_start_page_leads_each_role_to_its_workqueue(client, staff, role) -> None:
    html = page(client, staff[role], "/")
    assert 'href="/office/" id="open-workqueue"' in html
    if role == Role.ADMINISTRATOR:
        staff[role].is_staff = True
        staff[role].save()
        assert 'href="/admin/"' in page(client, staff[role], "/")
    else:
        assert 'href="/admin/"' not in html
    has_intake = role in (Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR)
    assert ('href="/office/intake/"' in html) == has_intake
    assert page(client, staff[role], "/office/").count("<h1>") == 1


def test_each_role_sees_what_waits_for_it(client, staff) -> None:
    accepted = psc_file(staff, 11)
    signed = desk_file(staff, pensioner_payload(12))
    result_draft(actor=staff[Role.AB_EXECUTOR], application=signed)
    number, awaiting = accepted.request_number, signed.request_number
    assert number in page(client, staff[Role.PSC_BACK_OFFICE], "/office/")
    assert number not in page(client, staff[Role.PSC_INSPECTOR], "/office/")
    head = page(client, staff[Role.AB_HEAD], "/office/")
    assert awaiting in head
    assert number not in head
    assert awaiting not in page(client, staff[Role.AB_OFFICE_CLERK], "/office/")


def test_search_and_filters(client, staff) -> None:
    first = psc_file(staff, 21)
    second = desk_file(staff, pensioner_payload(22))
    auditor = staff[Role.AUDITOR]
    by_number = page(client, auditor, "/office/files/", q=first.request_number)
    assert first.request_number in by_number
    assert second.request_number not in by_number
    by_iin = page(client, auditor, "/office/files/", q=second.applicant.iin)
    assert second.request_number in by_iin
    assert first.request_number not in by_iin
    by_name = page(client, auditor, "/office/files/", q="Серікова")
    assert first.request_number in by_name
    assert second.request_number in by_name
    by_channel = page(client, auditor, "/office/files/", channel="ab_desk")
    assert second.request_number in by_channel
    assert first.request_number not in by_channel
    by_branch = page(client, auditor, "/office/files/", office="akt-psc-1")
    assert first.request_number in by_branch
    assert second.request_number not in by_branch
    by_state = page(client, auditor, "/office/files/", status="under_check")
    assert second.request_number in by_state
    assert first.request_number not in by_state
    # A table for people: a caption, column headers with their scope, row headers.
    assert "<caption>" in by_name
    assert 'scope="col"' in by_name
    assert 'scope="row"' in by_name


def test_overdue_files_are_flagged_and_listed(client, staff) -> None:
    late = psc_file(staff, 31)
    on_time = psc_file(staff, 32)
    Timeline.objects.filter(application=late).update(
        step_due_at=timezone.now() - dt.timedelta(hours=3)
    )
    html = page(client, staff[Role.AB_HEAD], "/office/overdue/")
    assert late.request_number in html
    assert on_time.request_number not in html
    row = re.search(r'<tr class="is-overdue">(.*?)</tr>', html, re.S)
    assert row is not None
    assert late.request_number in row.group(1)
    assert 'class="overdue-flag"' in row.group(1)
    listed = page(client, staff[Role.PSC_BACK_OFFICE], "/office/", overdue="on")
    assert late.request_number in listed
    assert on_time.request_number not in listed
    # Only overdue files also for the auditor's workqueue (they act on no file).
    assert on_time.request_number not in page(client, staff[Role.AUDITOR], "/office/")


# --------------------------------------------------------------------------- the file


def test_the_file_view_shows_the_person_family_documents_and_trail(client, staff) -> None:
    payload = pensioner_payload(41)
    payload["family"] = [
        {"relation": "spouse", "full_name": "Серіков Бақыт", "birth_date": "1956-01-02"}
    ]
    payload["documents"] = [*PENSIONER_DOCS, "civil_status_certificates"]
    application = psc_file(staff, 41, **{k: payload[k] for k in ("family", "documents")})
    html = page(client, staff[Role.PSC_INSPECTOR], f"/office/files/{application.pk}/")
    assert "Серіков Бақыт" in html
    assert "02.03.1958" in html  # the applicant's birth date, dd.mm.yyyy
    assert html.count('scope="row"') >= 8 + 2  # documents, family, trail rows
    assert "workflow.receipt_given" in html
    assert clause_words(["reg:16.1"], "kk") in html
    # The local time (Asia/Almaty), dd.mm.yyyy HH:MM.
    local = timezone.localtime(application.accepted_at).strftime("%d.%m.%Y %H:%M")
    assert local in html


def test_scans_open_inline_only_through_the_gate(client, staff) -> None:
    documents = [
        DocumentInput(doc_type=code, source="scanned", content=PDF, filename=f"{code}.pdf")
        for code in PENSIONER_DOCS
    ]
    documents[1] = DocumentInput(
        doc_type="id_documents", source="scanned", content=PNG, filename="id.png"
    )
    documents[2] = DocumentInput(
        doc_type="property_certificate", source="scanned", content=b"MZ\x90\0", filename="x.pdf"
    )
    payload = pensioner_payload(42)
    payload.pop("documents")
    application = application_intake(
        actor=staff[Role.PSC_INSPECTOR],
        channel="psc",
        data=application_input_from_json(payload, documents=documents),
    )
    pdf_doc, png_doc, bad_doc = list(application.documents.order_by("id"))[:3]
    html = page(client, staff[Role.PSC_INSPECTOR], f"/office/files/{application.pk}/")
    assert f'href="/office/files/{application.pk}/scans/{pdf_doc.pk}/"' in html

    response = client.get(f"/office/files/{application.pk}/scans/{pdf_doc.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == PDF
    png = client.get(f"/office/files/{application.pk}/scans/{png_doc.pk}/")
    assert png["Content-Type"] == "image/png"
    # Not a PDF, JPEG or PNG whatever its name says: only a download, never shown inline.
    bad = client.get(f"/office/files/{application.pk}/scans/{bad_doc.pk}/")
    assert bad["Content-Type"] == "application/octet-stream"
    assert bad["Content-Disposition"].startswith("attachment;")

    # Out of scope: another branch's inspector, and a document of another file.
    other = StaffFactory(role=Role.PSC_INSPECTOR, office_id=_office("akt-psc-2").pk)
    client.force_login(other)
    assert client.get(f"/office/files/{application.pk}/scans/{pdf_doc.pk}/").status_code == 404
    second = psc_file(staff, 43)
    client.force_login(staff[Role.PSC_INSPECTOR])
    assert client.get(f"/office/files/{second.pk}/scans/{pdf_doc.pk}/").status_code == 404


def _office(code: str):
    from kezek.offices.models import Office

    return Office.objects.get(code=code)


def test_the_executor_sees_every_ground_of_a_refusal_with_its_clause(client, staff) -> None:
    application = desk_file(staff, refused_payload(44))
    client.cookies["kezek_language"] = "ru"
    html = page(client, staff[Role.AB_EXECUTOR], f"/office/files/{application.pk}/")
    table = re.search(
        r'<table class="responsive reasons-table" id="decision-reasons">(.*?)</table>', html, re.S
    )
    assert table is not None
    rows = re.findall(
        r"<tr><th scope=\"row\"[^>]*><span class=\"clause\">([^<]+)</span></th><td[^>]*>([^<]+)</td></tr>",
        table.group(1),
    )
    from kezek.workflow.selectors.decisions import decide_application

    decision = decide_application(application=application)
    assert [clause for clause, _text in rows] == [
        clause_words([g], "ru") for g in decision["grounds"]
    ]
    assert [text for _clause, text in rows] == [
        tokens_to_words(reason, "ru") for reason in decision["reasons"]["ru"]
    ]
    assert "reg:12.2" in decision["grounds"]
    # Kazakh screens show the Kazakh sentences.
    client.cookies["kezek_language"] = "kk"
    kazakh = page(client, staff[Role.AB_EXECUTOR], f"/office/files/{application.pk}/")
    assert tokens_to_words(decision["reasons"]["kk"][0], "kk") in kazakh
    # The PSC inspector does not see the engine's decision: that is the AB's check.
    assert 'id="decision-reasons"' not in page(
        client, staff[Role.PSC_INSPECTOR], f"/office/files/{psc_file(staff, 45).pk}/"
    )


def test_a_refused_action_names_its_field_and_keeps_the_page(client, staff) -> None:
    application = desk_file(staff, pensioner_payload(46))
    client.force_login(staff[Role.AB_EXECUTOR])
    response = client.post(f"/office/files/{application.pk}/request_documents/", {"comment": " "})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="action-request_documents-error"' in html
    assert re.search(
        r'<textarea id="comment-request_documents"[^>]*aria-invalid="true"[^>]*'
        r'aria-describedby="action-request_documents-error"',
        html,
    )
    application.refresh_from_db()
    assert application.status == "under_check"


# --------------------------------------------------------------------------- printing


def test_printing_the_receipt_reuses_the_issued_document(client, staff) -> None:
    application = psc_file(staff, 51)
    client.force_login(staff[Role.PSC_INSPECTOR])
    first = client.post(f"/office/files/{application.pk}/print/receipt/", {"language": "ru"})
    document = IssuedDocument.objects.get(application=application, kind="receipt")
    assert first.status_code == 302
    assert first["Location"] == f"/documents/{document.pk}/pdf/"
    assert document.language == "ru"
    again = client.post(f"/office/files/{application.pk}/print/receipt/", {"language": "ru"})
    assert again["Location"] == first["Location"]
    assert IssuedDocument.objects.filter(kind="receipt").count() == 1
    # Results are printed only once registered, and only by the AB (paperwork's issuers).
    assert (
        client.post(f"/office/files/{application.pk}/print/registration_notice/").status_code == 404
    )
    client.force_login(staff[Role.PSC_BACK_OFFICE])
    assert client.post(f"/office/files/{application.pk}/print/receipt/").status_code == 404


def test_the_notice_is_printed_after_registration_and_handed_out(client, staff) -> None:
    application = desk_file(staff, pensioner_payload(52))
    result_draft(actor=staff[Role.AB_EXECUTOR], application=application)
    result_sign(actor=staff[Role.AB_HEAD], application=application)
    clerk = staff[Role.AB_OFFICE_CLERK]
    html = page(client, clerk, f"/office/files/{application.pk}/")
    assert f"/office/files/{application.pk}/print/registration_notice/" not in html
    result_register(actor=clerk, application=application)
    html = page(client, clerk, f"/office/files/{application.pk}/")
    assert f"/office/files/{application.pk}/print/registration_notice/" in html
    response = client.post(f"/office/files/{application.pk}/print/registration_notice/")
    notice = IssuedDocument.objects.get(application=application, kind="registration_notice")
    assert response["Location"] == f"/documents/{notice.pk}/pdf/"
    assert (
        client.post(
            f"/office/files/{application.pk}/issue/", {"recipient": "applicant"}
        ).status_code
        == 302
    )
    journal = page(client, clerk, "/office/journal/")
    assert application.request_number in journal
    assert application.request_number not in page(
        client, staff[Role.PSC_INSPECTOR], "/office/journal/"
    )


def test_the_registry_and_its_receipt_are_printed(client, staff) -> None:
    application = psc_file(staff, 53)
    back_office = staff[Role.PSC_BACK_OFFICE]
    applications_collect(actor=back_office, applications=[application])
    registry = dispatch_registry_send(actor=back_office, applications=[application])
    html = page(client, back_office, f"/office/registries/{registry.pk}/")
    assert f"/office/registries/{registry.pk}/print/dispatch_registry/" in html
    response = client.post(f"/office/registries/{registry.pk}/print/dispatch_registry/")
    document = IssuedDocument.objects.get(kind="dispatch_registry")
    assert response["Location"] == f"/documents/{document.pk}/pdf/"
    assert client.post(f"/office/registries/{registry.pk}/print/batch_receipt/").status_code == 404

    executor = staff[Role.AB_EXECUTOR]
    client.force_login(executor)
    assert client.post(f"/office/registries/{registry.pk}/").status_code == 302
    assert DispatchRegistry.objects.get().received_by == executor
    response = client.post(f"/office/registries/{registry.pk}/print/batch_receipt/")
    receipt = IssuedDocument.objects.get(kind="batch_receipt")
    assert response["Location"] == f"/documents/{receipt.pk}/pdf/"
    html = page(client, executor, f"/office/registries/{registry.pk}/")
    assert f'href="/documents/{receipt.pk}/pdf/"' in html


def test_the_auditor_reads_but_has_no_actions_or_printing(client, staff) -> None:
    application = psc_file(staff, 54)
    html = page(client, staff[Role.AUDITOR], f"/office/files/{application.pk}/")
    assert application.request_number in html
    assert f"/office/files/{application.pk}/print/" not in html
    assert 'class="action"' not in html


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (dt.timedelta(days=3, hours=4, minutes=5), "3 d 4 h"),
        (dt.timedelta(hours=2, minutes=7), "2 h 7 min"),
        (dt.timedelta(seconds=20), "1 min"),
        (dt.timedelta(0), ""),
        (-dt.timedelta(hours=1), ""),
        (None, ""),
    ],
)
def test_time_left_is_written_in_short_units(left, expected) -> None:
    from django.utils import translation

    from kezek.workflow.presenters import time_left_text

    with translation.override("en"):
        assert time_left_text(left) == expected


def test_a_portal_file_shows_its_report_and_its_scans_to_the_executor(client, staff) -> None:
    from kezek.applications.models import Application

    from .test_portal import JPEG, build, send

    body, files = build()
    assert send(client, body, files).status_code == 201
    application = Application.objects.get(channel="portal")
    html = page(client, staff[Role.AB_EXECUTOR], f"/office/files/{application.pk}/")
    assert 'aria-labelledby="report-h"' in html  # the acceptance report of reg:16.2
    scans = re.findall(rf'href="(/office/files/{application.pk}/scans/\d+/)"', html)
    assert len(scans) == 2
    served = {client.get(url)["Content-Type"] for url in scans}
    assert served == {"application/pdf", "image/jpeg"}
    jpeg = [client.get(url) for url in scans if client.get(url)["Content-Type"] == "image/jpeg"]
    assert jpeg[0].content == JPEG
