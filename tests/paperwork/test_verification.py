"""The QR code opens the verification page, the page confirms the document and shows nothing
about the person; one changed byte of the PDF fails the check (page and API)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import PIL.Image
import pytest
import zxingcpp

from kezek.paperwork.codes import normalize_code
from kezek.paperwork.models import IssuedDocument
from kezek.paperwork.rendering import verification_url
from kezek.paperwork.services.issue import paperwork_issue, paperwork_supersede
from kezek.paperwork.services.verify import paperwork_verify

from .conftest import PUBLIC_URL

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def qr_urls(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    return [barcode.text for barcode in zxingcpp.read_barcodes(PIL.Image.open(png))]


@pytest.fixture
def receipt(psc_application, staff) -> IssuedDocument:
    return paperwork_issue(
        actor=staff["psc_inspector"], kind="receipt", application=psc_application
    )


def _path(url: str) -> str:
    assert url.startswith(PUBLIC_URL)
    return url.removeprefix(PUBLIC_URL)


def test_qr_code_opens_the_page_that_confirms_the_document(receipt, client, tmp_path) -> None:
    urls = qr_urls(bytes(receipt.pdf), tmp_path)
    assert urls == [verification_url(receipt.code)]
    assert urls[0] == f"{PUBLIC_URL}/verify/{receipt.code}/"
    response = client.get(_path(urls[0]), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert receipt.number in page
    assert 'data-status="valid"' in page
    assert receipt.office.name_kk in page or receipt.office.name_ru in page
    # Nothing about the person: not the name, the IIN, the phone, nor the request number.
    application = receipt.application
    for private in (
        application.applicant.last_name,
        application.applicant.iin,
        application.applicant.phone,
        application.request_number,
        "Серіков",
    ):
        assert private not in page


def test_the_issued_pdf_verifies_and_one_changed_byte_does_not(receipt, client) -> None:
    original = bytes(receipt.pdf)
    ok = client.post(f"/verify/{receipt.code}/", {"pdf": _upload(original)}, **EN)
    assert ok.status_code == 200
    assert 'data-verdict="pdf-matches"' in ok.content.decode()

    forged = bytearray(original)
    forged[len(forged) // 2] ^= 0x01
    bad = client.post(f"/verify/{receipt.code}/", {"pdf": _upload(bytes(forged))}, **EN)
    assert bad.status_code == 200
    assert 'data-verdict="pdf-differs"' in bad.content.decode()
    assert 'data-verdict="pdf-matches"' not in bad.content.decode()
    assert paperwork_verify(code=receipt.code, pdf_bytes=original).genuine
    assert not paperwork_verify(code=receipt.code, pdf_bytes=bytes(forged)).genuine


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("document.pdf", data, content_type="application/pdf")


def test_api_checks_code_and_file(receipt, client) -> None:
    original = bytes(receipt.pdf)
    response = client.get(f"/api/v1/documents/verify/{receipt.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["found"] is True
    assert body["valid"] is True
    assert body["number"] == receipt.number
    assert body["kind"] == "receipt"
    assert "applicant" not in str(body).lower()

    matched = client.post(
        "/api/v1/documents/verify", {"pdf": _upload(original), "code": receipt.code}
    ).json()
    assert matched["pdf_matches"] is True
    assert matched["genuine"] is True

    forged = original[:-10] + bytes([original[-10] ^ 0x20]) + original[-9:]
    changed = client.post(
        "/api/v1/documents/verify", {"pdf": _upload(forged), "code": receipt.code}
    ).json()
    assert changed["pdf_matches"] is False
    assert changed["genuine"] is False

    # Without the code: the file alone is looked up by its SHA-256.
    alone = client.post("/api/v1/documents/verify", {"pdf": _upload(original)}).json()
    assert alone["found"] is True
    assert alone["number"] == receipt.number
    unknown = client.post("/api/v1/documents/verify", {"pdf": _upload(forged)}).json()
    assert unknown["found"] is False
    assert unknown["genuine"] is False


def test_unknown_code_is_not_found_everywhere(db, client) -> None:
    page = client.get("/verify/ZZZZZZZZZZ/", **EN)
    assert page.status_code == 404
    assert 'data-verdict="not-found"' in page.content.decode()
    api = client.get("/api/v1/documents/verify/ZZZZZZZZZZ")
    assert api.status_code == 404
    assert api.json()["detail"][0]["loc"] == ["body", "code"]
    assert client.get("/verify/not-a-code!/", **EN).status_code == 404


def test_code_typed_from_paper_is_forgiven(receipt, client) -> None:
    typed = f"{receipt.code[:5].lower()} - {receipt.code[5:].lower()}"
    assert normalize_code(typed) == receipt.code
    response = client.get("/documents/verify/", {"code": typed}, **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{receipt.code}/"
    # O for 0 and I for 1 are read as digits (the alphabet has neither letter).
    assert normalize_code("oi") == "01"


def test_superseded_notice_says_so(psc_application, staff, client) -> None:
    from kezek.workflow.document_contexts import notice_context

    notice = paperwork_issue(
        actor=staff["ab_head"],
        kind="registration_notice",
        application=psc_application,
        subject=notice_context(application=psc_application, positions=[("socially_vulnerable", 5)]),
    )
    assert paperwork_verify(code=notice.code).valid
    paperwork_supersede(document=notice, reason="queue entry removed (allocated a dwelling)")
    result = paperwork_verify(code=notice.code)
    assert result.found
    assert not result.valid
    assert result.superseded_at is not None
    page = client.get(f"/verify/{notice.code}/", **EN).content.decode()
    assert 'data-status="superseded"' in page
    assert client.get(f"/api/v1/documents/verify/{notice.code}").json()["valid"] is False
    # Idempotent: superseding twice changes nothing more.
    again = paperwork_supersede(document=notice, reason="again")
    assert again.superseded_reason == "queue entry removed (allocated a dwelling)"
