"""Step 6: the checklist follows the answers (the rules engine's reg:15.1), and the scans are
checked by content, size and the virus-scanning hook; a bad file is refused naming the field."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.applications.uploads import MAX_ATTACHMENT_BYTES
from kezek.audit.models import AuditRecord
from kezek.portal.models import Draft, DraftFile
from kezek.portal.scanning import EICAR
from kezek.rules.clause_words import clause_words

from .support import (
    LARGE_FAMILY,
    citizen_iin,
    fill_answers,
    groups_post,
    sign_in,
    start,
    tiny_pdf,
    tiny_png,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client):
    client.cookies["kezek_language"] = "en"
    sign_in(client, iin=citizen_iin())
    start(client)
    return client


def _checklist(client) -> str:
    response = client.get("/portal/apply/documents/")
    assert response.status_code == 200
    return response.content.decode()


def _inputs(html: str) -> set[str]:
    import re

    return set(re.findall(r'type="file" id="id_file_(\w+)"', html))


def test_a_large_family_with_an_income_needs_the_income_statement(citizen) -> None:
    fill_answers(citizen)
    html = _checklist(citizen)
    assert _inputs(html) == {
        "id_documents",
        "civil_status_certificates",
        "group_proof",
        "income_statement",
    }
    assert clause_words(["reg:15.1.i"], "en") in html
    # Made by the portal, and fetched by the authorized body: listed, nothing to attach.
    assert "reg:" not in html


def test_an_emergency_dwelling_needs_the_emergency_certificate(citizen) -> None:
    fill_answers(
        citizen,
        family=[],
        groups=groups_post(claimed_groups=["emergency_dwelling"], income_12_months=""),
        housing=("only_dwelling_declared_emergency",),
    )
    assert _inputs(_checklist(citizen)) == {"id_documents", "emergency_certificate"}


def test_a_civil_servant_living_alone_needs_the_employment_certificate_only(citizen) -> None:
    fill_answers(
        citizen,
        family=[],
        groups=groups_post(claimed_groups=["civil_servant"], income_12_months=""),
    )
    assert _inputs(_checklist(citizen)) == {"id_documents", "employment_certificate"}


def test_a_court_recognized_member_needs_the_court_decision(citizen) -> None:
    family = [
        *LARGE_FAMILY,
        {
            "relation": "other",
            "full_name": "Жиен",
            "birth_date": "01.01.2001",
            "recognized_by_court": "on",
        },
    ]
    fill_answers(citizen, family=family)
    assert "court_decision_family" in _inputs(_checklist(citizen))


def test_the_checklist_changes_when_the_answers_change(citizen) -> None:
    fill_answers(citizen)
    upload(citizen, {"income_statement": ("income.pdf", tiny_pdf())})
    citizen.post(
        "/portal/apply/groups/",
        groups_post(claimed_groups=["civil_servant"], income_12_months=""),
    )
    html = _checklist(citizen)
    assert "income_statement" not in _inputs(html)
    assert "Files your answers no longer need" in html
    assert "income.pdf" in html


def test_a_pdf_and_a_png_are_accepted_with_their_sha256(citizen) -> None:
    fill_answers(citizen)
    response = upload(
        citizen,
        {"id_documents": ("id.png", tiny_png()), "income_statement": ("income.pdf", tiny_pdf())},
    )
    assert response.status_code == 302
    files = {f.doc_type: f for f in DraftFile.objects.all()}
    assert files["id_documents"].content_type == "image/png"
    assert files["income_statement"].content_type == "application/pdf"
    import hashlib

    assert files["income_statement"].sha256 == hashlib.sha256(tiny_pdf()).hexdigest()
    assert AuditRecord.objects.filter(action="portal.scan_added").count() == 2
    html = _checklist(citizen)
    assert "id.png" in html
    assert "income.pdf" in html


@pytest.mark.parametrize(
    ("filename", "content", "text"),
    [
        (
            "setup.exe",
            b"MZ\x90\x00\x03 a Windows program",
            "The file is not a PDF, JPEG or PNG scan.",
        ),
        (
            "letter.pdf",
            b"Just some text renamed to .pdf",
            "The file is not a PDF, JPEG or PNG scan.",
        ),
        (
            "big.pdf",
            b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES,
            "The file is too large: at most 5 MB.",
        ),
        ("eicar.pdf", b"%PDF-1.4\n" + EICAR, "The antivirus check found a threat in this file."),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_bad_file_is_refused_naming_the_field_and_nothing_changes(
    citizen, filename, content, text
) -> None:
    fill_answers(citizen)
    upload(citizen, {"id_documents": ("id.pdf", tiny_pdf())})
    before = list(DraftFile.objects.values_list("pk", flat=True))
    response = upload(
        citizen,
        {"income_statement": (filename, content), "group_proof": ("ok.pdf", tiny_pdf())},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert text in html, html
    assert 'id="id_file_income_statement-error"' in html  # the message sits at its input
    assert 'aria-describedby="id_file_income_statement-error"' in html
    assert 'href="#id_file_income_statement"' in html
    assert list(DraftFile.objects.values_list("pk", flat=True)) == before  # the good one too


def test_the_scanner_refusing_or_failing_stops_the_upload(citizen, settings) -> None:
    fill_answers(citizen)
    settings.KEZEK_VIRUS_SCANNER = "tests.portal.test_documents.broken_scanner"
    response = upload(citizen, {"id_documents": ("id.pdf", tiny_pdf())})
    assert response.status_code == 422
    assert "cannot be checked for viruses now" in response.content.decode()
    assert not DraftFile.objects.exists()


def broken_scanner(content: bytes) -> None:
    from kezek.portal.scanning import ScannerUnavailable

    raise ScannerUnavailable("clamd is down")


def test_continuing_without_every_scan_names_the_missing_documents(citizen) -> None:
    fill_answers(citizen)
    upload(citizen, {"id_documents": ("id.pdf", tiny_pdf())})
    response = citizen.post("/portal/apply/documents/", {"action": "next"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count("Attach a scan of this document.") >= 3
    assert 'id="id_file_income_statement-error"' in html
    assert Draft.objects.get().step == 6


def test_a_file_can_be_removed(citizen) -> None:
    fill_answers(citizen)
    upload(citizen, {"id_documents": ("id.pdf", tiny_pdf())})
    scan = DraftFile.objects.get()
    assert (
        citizen.post("/portal/apply/documents/", {"action": f"remove:{scan.pk}"}).status_code == 302
    )
    assert not DraftFile.objects.exists()
    assert AuditRecord.objects.filter(action="portal.scan_removed").exists()


def test_own_draft_files_only(citizen) -> None:
    fill_answers(citizen)
    upload(citizen, {"id_documents": ("id.pdf", tiny_pdf())})
    scan = DraftFile.objects.get()
    own = citizen.get(f"/portal/apply/files/{scan.pk}/")
    assert own.status_code == 200
    assert own.content == tiny_pdf()
    other = Client()
    sign_in(other, iin=citizen_iin(serial=9))
    assert other.get(f"/portal/apply/files/{scan.pk}/").status_code == 404
    assert (
        other.post("/portal/apply/documents/", {"action": f"remove:{scan.pk}"}).status_code == 302
    )
    assert DraftFile.objects.filter(pk=scan.pk).exists()
