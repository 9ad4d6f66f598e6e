"""/api/v1/documents/: the public verification of issued documents (no personal data)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kezek.common.errors import KezekError, NotFoundError
from kezek.core.errors import ErrorCode

from .forms import MAX_UPLOAD_BYTES
from .services.verify import VerificationResult, paperwork_verify, paperwork_verify_pdf

router = Router(tags=["paperwork"])


class VerificationOut(Schema):
    code: str
    found: bool
    genuine: bool
    kind: str
    number: str
    issued_at: dt.datetime | None
    office_kk: str
    office_ru: str
    valid: bool
    superseded_at: dt.datetime | None
    template_version: str
    pdf_checked: bool
    pdf_matches: bool | None
    signed: bool
    signature_valid: bool | None
    signer: str


def _out(result: VerificationResult) -> dict[str, object]:
    return {
        "code": result.code,
        "found": result.found,
        "genuine": result.genuine,
        "kind": result.kind,
        "number": result.number,
        "issued_at": result.issued_at,
        "office_kk": result.office_kk,
        "office_ru": result.office_ru,
        "valid": result.valid,
        "superseded_at": result.superseded_at,
        "template_version": result.template_version,
        "pdf_checked": result.pdf_checked,
        "pdf_matches": result.pdf_matches,
        "signed": result.signed,
        "signature_valid": result.signature_valid,
        "signer": result.signer,
    }


@router.get(
    "/verify/{code}", auth=None, response=VerificationOut, summary="Check a document by its code"
)
def verify_code(request: HttpRequest, code: str) -> dict[str, object]:
    """The kind, number, date, issuing office and validity of a document; nothing about the person."""
    result = paperwork_verify(code=code)
    if not result.found:
        raise NotFoundError(
            _("No document has this verification code."), field="code", code=ErrorCode.NOT_FOUND
        )
    return _out(result)


@router.post(
    "/verify",
    auth=None,
    response=VerificationOut,
    summary="Check a PDF file (and optionally its code): one changed byte fails",
)
def verify_upload(
    request: HttpRequest, pdf: File[UploadedFile], code: Form[str] = ""
) -> dict[str, object]:
    """Multipart form: ``pdf`` (the file), ``code`` (optional). With a code, the file must be the
    document of that code; without, any issued document with the file's SHA-256."""
    if pdf.size is not None and pdf.size > MAX_UPLOAD_BYTES:
        raise KezekError(_("The file is too large to be one of our documents."), field="pdf")
    data = pdf.read()
    if code.strip():
        result = paperwork_verify(code=code, pdf_bytes=data)
        if not result.found:
            raise NotFoundError(
                _("No document has this verification code."), field="code", code=ErrorCode.NOT_FOUND
            )
        return _out(result)
    return _out(paperwork_verify_pdf(pdf_bytes=data))
