"""Signing and submitting (reg:15.2): the exact request is signed with the citizen's test
certificate and accepted by the workflow; the cabinet shows the acceptance report (reg:16.2),
the status and due date, the result documents (reg:18) and the queue position with its
history. Another citizen finds none of it."""

from __future__ import annotations

import base64
import json
import re
import subprocess

import pytest
from django.test import Client

from kezek.accounts.models import Role
from kezek.applications.choices import ApplicationStatus, Channel
from kezek.applications.models import Application
from kezek.audit.models import AuditRecord
from kezek.portal.models import Draft, DraftFile
from kezek.rules.clause_words import clause_words
from kezek.workflow.models import PortalSubmission

from .support import (
    citizen_iin,
    fill_answers,
    groups_post,
    sign_b64,
    sign_data_of,
    sign_in,
    start,
    tiny_pdf,
    tiny_png,
    upload,
)

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return " ".join(out.split())


SCANS = {
    "id_documents": ("id-card.png", tiny_png()),
    "civil_status_certificates": ("certificates.pdf", tiny_pdf("birth")),
    "group_proof": ("large-family.pdf", tiny_pdf("group")),
    "income_statement": ("income.pdf", tiny_pdf("income")),
}


def _ready_to_sign(client) -> bytes:
    """A large family with an income, every scan attached, the summary confirmed."""
    client.cookies["kezek_language"] = "en"
    sign_in(client, iin=citizen_iin())
    start(client)
    fill_answers(client)
    assert upload(client, SCANS, action="next")["Location"] == "/portal/apply/summary/"
    summary = client.get("/portal/apply/summary/").content.decode()
    assert "You can be registered" in summary
    assert clause_words(["reg:7.10"], "ru") in summary  # the reasons cite their clauses
    assert "1\u00a0200\u00a0000 ₸" in summary  # money in the local format
    assert "02.01.1987" in summary  # dates as dd.mm.yyyy
    assert client.post("/portal/apply/summary/")["Location"] == "/portal/apply/sign/"
    page = client.get("/portal/apply/sign/").content.decode()
    return sign_data_of(page)


def _submit(client, request: bytes, signature: str):
    return client.post(
        "/portal/apply/sign/",
        {"request": base64.b64encode(request).decode(), "signature": signature},
    )


def test_the_signed_request_is_accepted_and_the_cabinet_shows_the_report(
    client, django_capture_on_commit_callbacks
) -> None:
    request = _ready_to_sign(client)
    body = json.loads(request)
    assert body["applicant"]["iin"] == citizen_iin()
    assert body["district"] == "akt"
    assert (body["notify_by_sms"], body["notify_by_email"]) == (True, True)
    assert {a["doc_type"] for a in body["attachments"]} == {*SCANS, "application_form"}
    assert body["fetched_documents"] == [
        "property_certificate",
        "communal_housing_certificate",
        "residence_proof",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(client, request, sign_b64(request, iin=citizen_iin()))
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert response["Location"] == f"/portal/applications/{application.pk}/"
    assert application.channel == Channel.PORTAL
    assert application.notify_channels() == ["sms", "email"]  # as the citizen chose
    assert application.family.count() == 5
    assert application.facts["income_12_months"] == 1_200_000
    submission = PortalSubmission.objects.get()
    assert bytes(submission.request_body) == request
    assert submission.signer_iin == citizen_iin()
    assert application.documents.count() == 8  # 5 scans and the form, 3 fetched
    assert not Draft.objects.exists()
    assert not DraftFile.objects.exists()
    form = application.documents.get(doc_type="application_form")
    text = pdf_text(form.file.read())
    assert "Өтініш" in text  # Annex 2, in the language of the documents (Kazakh)
    assert "Сапаров Ғабит Әлиұлы" in text
    assert "тұрғын үй алу үшін есепке қоюды сұраймын" in text
    assert AuditRecord.objects.filter(action="portal.draft_submitted").exists()

    page = client.get(response["Location"]).content.decode()
    assert "has been accepted" in page
    accepted = submission.report_accepted_at.astimezone().strftime("%d.%m.%Y")
    ready = submission.report_result_date.strftime("%d.%m.%Y")
    assert f"The authorized body accepted your documents on {accepted}" in page
    assert f"The result will be ready on {ready}" in page
    assert "Accepted" in page  # the status in words
    # The acceptance report as a PDF (reg:16.2), downloadable and verifiable.
    match = re.search(r'href="(/portal/applications/\d+/documents/(\d+)/pdf/)"', page)
    assert match, page
    pdf = client.get(match[1])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert re.search(r'href="/verify/\w+/"', page)
    cabinet = client.get("/portal/").content.decode()
    assert application.request_number in cabinet
    assert ready in cabinet


def test_what_is_signed_must_be_what_the_draft_makes(client) -> None:
    request = _ready_to_sign(client)
    body = json.loads(request)
    body["claimed_groups"] = ["wwii_veteran"]  # not what the citizen answered
    forged = json.dumps(body, ensure_ascii=False).encode()
    response = _submit(client, forged, sign_b64(forged, iin=citizen_iin()))
    assert response.status_code == 422
    assert "changed after this page was opened" in response.content.decode()
    assert not Application.objects.exists()
    assert Draft.objects.exists()


def test_a_change_after_confirming_sends_the_citizen_back_to_the_summary(client) -> None:
    request = _ready_to_sign(client)
    client.post("/portal/apply/groups/", groups_post(income_12_months="1 300 000", action="stay"))
    response = _submit(client, request, sign_b64(request, iin=citizen_iin()))
    assert response["Location"] == "/portal/apply/summary/"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("signer", "signed", "text"),
    [
        ("other", None, "neither the applicant"),
        ("self", b"other bytes", "does not hold"),
        ("none", None, "Sign with your EDS first"),
    ],
)
def test_a_bad_signature_submits_nothing(client, signer, signed, text) -> None:
    request = _ready_to_sign(client)
    if signer == "none":
        signature = ""
    else:
        iin = citizen_iin(serial=7) if signer == "other" else citizen_iin()
        signature = sign_b64(signed or request, iin=iin)
    response = _submit(client, request, signature)
    assert response.status_code == 422
    assert text in response.content.decode()
    assert not Application.objects.exists()
    assert Draft.objects.exists()


def _follow_to_the_notice(application: Application, staff) -> None:
    """The authorized body's work: the executor drafts, the head signs (the family enters the
    queue), the result is registered and delivered to the cabinet (reg:18)."""
    from kezek.paperwork.choices import DocumentKind
    from kezek.paperwork.services.issue import paperwork_issue
    from kezek.workflow.services.checking import application_take, result_draft
    from kezek.workflow.services.results import result_register, result_sign

    executor, head = staff[Role.AB_EXECUTOR], staff[Role.AB_HEAD]
    application_take(actor=executor, application=application)
    result_draft(actor=executor, application=application)
    result_sign(actor=head, application=application)
    result_register(actor=executor, application=application)
    paperwork_issue(actor=head, kind=DocumentKind.REGISTRATION_NOTICE, application=application)


def test_the_cabinet_follows_the_file_to_the_notice_and_the_queue(
    client, staff, django_capture_on_commit_callbacks
) -> None:
    request = _ready_to_sign(client)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, request, sign_b64(request, iin=citizen_iin()))
    application = Application.objects.get()
    _follow_to_the_notice(application, staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ISSUED
    page = client.get(f"/portal/applications/{application.pk}/").content.decode()
    assert "Result: Registration" in page
    assert clause_words(["reg:7.10"], "ru") in page
    assert "Registration notice" in page
    assert "Your place in the queue" in page
    assert "<strong>1</strong>" in page
    assert "History of your entry" in page
    notice = re.findall(r'href="(/portal/applications/\d+/documents/\d+/pdf/)"', page)
    assert len(notice) == 2  # the acceptance report and the notice
    for url in notice:
        assert client.get(url).content.startswith(b"%PDF-")
    cabinet = client.get("/portal/").content.decode()
    assert "your place in the queue" in cabinet


def test_another_citizen_cannot_see_the_application_or_its_documents(
    client, django_capture_on_commit_callbacks
) -> None:
    request = _ready_to_sign(client)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, request, sign_b64(request, iin=citizen_iin()))
    application = Application.objects.get()
    document = application.issued_documents.get()
    other = Client()
    sign_in(other, iin=citizen_iin(serial=9))
    assert application.request_number not in other.get("/portal/").content.decode()
    assert other.get(f"/portal/applications/{application.pk}/").status_code == 404
    url = f"/portal/applications/{application.pk}/documents/{document.pk}/pdf/"
    assert other.get(url).status_code == 404
    assert client.get(url).status_code == 200
    # Nor through an application of their own: the document must belong to it.
    assert (
        client.get(
            f"/portal/applications/{application.pk + 1000}/documents/{document.pk}/pdf/"
        ).status_code
        == 404
    )
