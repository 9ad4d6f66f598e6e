"""The portal's signed request (reg:15.2): signature (reg:15.2.a), signer, scans checked by content
and size (reg:15.2.b), state-resource data fetched rather than uploaded (reg:15.2.c, reg:15.1.m);
a bad part is refused naming the field and nothing is stored."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kezek.applications.models import Applicant, Application
from kezek.applications.uploads import MAX_ATTACHMENT_BYTES
from kezek.workflow.models import PortalSubmission

from .helpers import pensioner_iin, pensioner_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/workflow/portal/applications"
SCAN = b"%PDF-1.4\n%\xe2\xe3 scanned application form"
JPEG = b"\xff\xd8\xff\xe0 scanned identity card"
FETCHED = [
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
    "group_proof",
    "income_statement",
]


def build(
    files: dict[str, bytes] | None = None, **changes: Any
) -> tuple[dict[str, Any], dict[str, bytes]]:
    files = files if files is not None else {"form": SCAN, "id": JPEG}
    body = pensioner_payload(serial=21)
    del body["documents"]
    body["district"] = "akt"
    kinds = {"form": "application_form", "id": "id_documents"}
    body["attachments"] = [
        {
            "doc_type": kinds.get(name, "id_documents"),
            "file": name,
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        for name, content in files.items()
    ]
    body["fetched_documents"] = list(FETCHED)
    body.update(changes)
    return body, files


def send(
    client, body, files, *, signer_iin: str | None = None, signed: bytes | None = None, extra=None
):
    from kezek.signatures.testing import sign_as_citizen

    request_bytes = json.dumps(body, ensure_ascii=False).encode("utf-8")
    signature = sign_as_citizen(
        signed if signed is not None else request_bytes,
        iin=signer_iin or body["applicant"]["iin"],
        name="ТЕСТ АЗАМАТ",
    )
    data: dict[str, Any] = {
        "request": request_bytes.decode("utf-8"),
        "signature": base64.b64encode(signature).decode(),
    }
    for name, content in {**files, **(extra or {})}.items():
        data[name] = SimpleUploadedFile(f"{name}.bin", content)
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")


def _refused(response, loc: list[Any], error_type: str) -> None:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"][0]
    assert (detail["loc"], detail["type"]) == (["body", *loc], error_type)
    assert "Traceback" not in response.content.decode()
    assert not Application.objects.exists()
    assert not PortalSubmission.objects.exists()
    assert not Applicant.objects.exists()


def test_a_signed_request_is_accepted_with_its_report(client) -> None:
    body, files = build()
    response = send(client, body, files)
    assert response.status_code == 201, response.content
    submission = PortalSubmission.objects.get()
    assert submission.signer_iin == body["applicant"]["iin"]
    assert submission.signer_name == "ТЕСТ АЗАМАТ"
    assert bytes(submission.request_body) == json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert (
        submission.report_result_date.isoformat()
        == response.json()["acceptance_report"]["result_date"]
    )


def test_the_json_envelope_with_base64_parts_works_too(client) -> None:
    from kezek.signatures.testing import sign_as_citizen

    body, files = build()
    request_bytes = json.dumps(body).encode()
    envelope = {
        "request": base64.b64encode(request_bytes).decode(),
        "signature": base64.b64encode(
            sign_as_citizen(request_bytes, iin=body["applicant"]["iin"], name="X")
        ).decode(),
        "files": {
            name: {"filename": f"{name}.pdf", "content": base64.b64encode(content).decode()}
            for name, content in files.items()
        },
    }
    response = client.post(URL, data=json.dumps(envelope), content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_file_that_is_not_a_scan_is_refused(client) -> None:
    body, files = build({"form": b"MZ\x90\x00 an executable named form.pdf", "id": JPEG})
    _refused(send(client, body, files), ["attachments", 0, "file"], "file_type")


def test_a_file_too_large_is_refused(client) -> None:
    big = b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES
    body, files = build({"form": big, "id": JPEG})
    _refused(send(client, body, files), ["attachments", 0, "file"], "file_too_large")


def test_a_file_other_than_the_signed_one_is_refused(client) -> None:
    body, files = build()
    files = {**files, "id": JPEG + b" changed after signing"}
    _refused(send(client, body, files), ["attachments", 1, "sha256"], "hash_mismatch")


def test_an_unlisted_file_is_refused(client) -> None:
    body, files = build()
    _refused(send(client, body, files, extra={"extra": SCAN}), ["extra"], "unlisted_file")


def test_a_signature_over_other_bytes_is_refused(client) -> None:
    body, files = build()
    _refused(
        send(client, body, files, signed=b"something else"), ["signature"], "signature_invalid"
    )


def test_a_certificate_of_another_person_is_refused(client) -> None:
    body, files = build()
    response = send(client, body, files, signer_iin=pensioner_iin(77))
    _refused(response, ["signature"], "signer_mismatch")
    assert pensioner_iin(77) in response.json()["detail"][0]["msg"]


def test_a_garbled_signature_is_refused(client) -> None:
    body, files = build()
    data = {
        "request": json.dumps(body),
        "signature": "not base64 at all!!",
        **{n: SimpleUploadedFile(n, c) for n, c in files.items()},
    }
    _refused(client.post(URL, data), ["signature"], "base64")


def test_an_incomplete_set_is_refused_naming_the_documents(client) -> None:
    body, files = build(fetched_documents=FETCHED[:-1])
    _refused(send(client, body, files), ["documents"], "documents_incomplete")


def test_the_cabinet_needs_the_number_and_the_iin(client) -> None:
    body, files = build()
    number = send(client, body, files).json()["request_number"]
    assert client.get(f"{URL}/{number}", {"iin": body["applicant"]["iin"]}).status_code == 200
    assert client.get(f"{URL}/{number}", {"iin": pensioner_iin(3)}).status_code == 404
    assert client.get(f"{URL}/AKT-2000-99999", {"iin": body["applicant"]["iin"]}).status_code == 404
