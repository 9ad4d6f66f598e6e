"""The public check of an issued document: by its code, and whether a PDF is the one issued.

Reads only; what it tells is about the document, never about the person (reg:18).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from kezek.signatures import SignatureError, get_backend

from ..choices import DocumentKind, DocumentStatus
from ..codes import code_is_wellformed, normalize_code
from ..models import IssuedDocument


@dataclass(frozen=True)
class VerificationResult:
    """What the public may learn about a document: nothing about the person."""

    code: str
    found: bool
    kind: str = ""
    number: str = ""
    issued_at: dt.datetime | None = None
    office_kk: str = ""
    office_ru: str = ""
    valid: bool = False
    superseded_at: dt.datetime | None = None
    language: str = ""
    template_version: str = ""
    pdf_checked: bool = False
    pdf_matches: bool | None = None
    signed: bool = False
    signature_valid: bool | None = None
    signer: str = ""  # the official's name from the certificate (not the citizen)
    signature_error: str = ""

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label) if self.kind else ""

    @property
    def genuine(self) -> bool:
        """Found, and (when a PDF was given) byte-identical, and (when signed) the signature holds."""
        return (
            self.found
            and (not self.pdf_checked or bool(self.pdf_matches))
            and (not self.signed or bool(self.signature_valid))
        )

    def office(self, language: str) -> str:
        return self.office_ru if language.startswith(("ru", "en")) else self.office_kk


def _result_for(document: IssuedDocument, *, pdf_bytes: bytes | None) -> VerificationResult:
    signed = document.signature is not None and len(bytes(document.signature)) > 0
    signature_valid: bool | None = None
    signer = error = ""
    if signed:
        try:
            who = get_backend().verify(
                data=bytes(document.pdf), signature=bytes(document.signature or b"")
            )
        except SignatureError as exc:
            signature_valid, error = False, str(exc)
        else:
            signature_valid, signer = True, who.common_name
    matches = None
    if pdf_bytes is not None:
        matches = secrets.compare_digest(hashlib.sha256(pdf_bytes).hexdigest(), document.sha256)
    return VerificationResult(
        code=document.code,
        found=True,
        kind=document.kind,
        number=document.number,
        issued_at=document.issued_at,
        office_kk=document.office.name_kk,
        office_ru=document.office.name_ru,
        valid=document.status == DocumentStatus.VALID,
        superseded_at=document.superseded_at,
        language=document.language,
        template_version=document.template_version,
        pdf_checked=pdf_bytes is not None,
        pdf_matches=matches,
        signed=signed,
        signature_valid=signature_valid,
        signer=signer,
        signature_error=error,
    )


def paperwork_verify(*, code: str, pdf_bytes: bytes | None = None) -> VerificationResult:
    """The public check of a document by its code; with ``pdf_bytes``, also whether that file is
    the one issued (its SHA-256: one changed byte fails). Reads only."""
    normalized = normalize_code(code or "")
    if not code_is_wellformed(normalized):
        return VerificationResult(code=normalized, found=False)
    document = IssuedDocument.objects.select_related("office").filter(code=normalized).first()
    if document is None:
        return VerificationResult(code=normalized, found=False)
    return _result_for(document, pdf_bytes=pdf_bytes)


def paperwork_verify_pdf(*, pdf_bytes: bytes) -> VerificationResult:
    """A PDF checked without its code: it is genuine when its SHA-256 is that of an issued one."""
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    document = IssuedDocument.objects.select_related("office").filter(sha256=digest).first()
    if document is None:
        return VerificationResult(code="", found=False, pdf_checked=True, pdf_matches=False)
    return _result_for(document, pdf_bytes=pdf_bytes)
