"""The portal channel (reg:15.2, reg:16.2, reg:18): a signed electronic request with scans.

The request is JSON (the shape of the staff intake, plus `district`, `attachments` and
`fetched_documents`), signed by the applicant (or the representative) with a detached CMS
signature over the exact request bytes. The signed request lists every attachment with its
SHA-256, so the signature covers the scans too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import Channel, DocumentSource
from kezek.applications.models import Application
from kezek.applications.services import ApplicationInput, DocumentInput, application_submit
from kezek.applications.uploads import scan_check
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.calendar import local_date
from kezek.core.errors import ErrorCode
from kezek.offices.models import District, Office
from kezek.paperwork.services.orders import document_order_place
from kezek.registries.services import register_queries_order
from kezek.signatures import SignatureError, SignedBy, get_backend, signature_refusal

from .inputs import _list, _obj, _text, application_input_from_json
from .models import PortalSubmission
from .services.intake import check_documents_complete, refuse_if_on_claimed_list, timeline_start
from .services.notifications import citizen_told_accepted

MAX_ATTACHMENTS = 30


@dataclass(frozen=True)
class Upload:
    """One uploaded part: its form field name, the file name the browser gave, the bytes."""

    name: str
    filename: str
    content: bytes


def _attachments(body: Mapping[str, Any], uploads: Mapping[str, Upload]) -> list[DocumentInput]:
    declared = _list(body.get("attachments"), "attachments")
    if len(declared) > MAX_ATTACHMENTS:
        raise KezekError(
            _("Too many attachments: at most %(limit)s.") % {"limit": MAX_ATTACHMENTS},
            field="attachments",
        )
    documents: list[DocumentInput] = []
    used: set[str] = set()
    for i, raw in enumerate(declared):
        path = f"attachments[{i}]"
        item = _obj(raw, path, ("doc_type", "file", "sha256"))
        doc_type = _text(item, "doc_type", f"{path}.doc_type", required=True)
        name = _text(item, "file", f"{path}.file", required=True)
        digest = _text(item, "sha256", f"{path}.sha256", required=True).lower()
        upload = uploads.get(name)
        if upload is None:
            raise KezekError(
                _("The attachment named in the request was not uploaded."),
                field=f"{path}.file",
                code=ErrorCode.MISSING_FILE,
            )
        scan_check(content=upload.content, field=f"{path}.file")
        if hashlib.sha256(upload.content).hexdigest() != digest:
            raise KezekError(
                _("The uploaded file is not the one the signed request names (SHA-256 differs)."),
                field=f"{path}.sha256",
                code=ErrorCode.HASH_MISMATCH,
            )
        used.add(name)
        documents.append(
            DocumentInput(
                doc_type=doc_type,
                source=DocumentSource.SCANNED,
                content=upload.content,
                filename=upload.filename or name,
            )
        )
    for name in uploads:
        if name not in used:
            raise KezekError(
                _("This file is not listed in the signed request."),
                field=name,
                code=ErrorCode.UNLISTED_FILE,
            )
    for i, code in enumerate(_list(body.get("fetched_documents"), "fetched_documents")):
        if not isinstance(code, str):
            raise KezekError(
                _("Must be text."), field=f"fetched_documents[{i}]", code=ErrorCode.TYPE
            )
        documents.append(DocumentInput(doc_type=code, source=DocumentSource.FETCHED))
    return documents


def _request_parse(request_bytes: bytes) -> Any:
    """The request's JSON; documents come only as attachments or fetched documents."""
    try:
        body = json.loads(request_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KezekError(
            _("The request is not valid JSON."), field="request", code=ErrorCode.JSON_INVALID
        ) from None
    if "documents" in (body if isinstance(body, dict) else {}):
        raise KezekError(
            _("Portal documents are attachments or fetched documents."),
            field="documents",
            code=ErrorCode.UNKNOWN_FIELD,
        )
    return body


def _signer_verify(*, request_bytes: bytes, signature: bytes) -> SignedBy:
    try:
        return get_backend().verify(data=request_bytes, signature=signature)
    except SignatureError as exc:
        raise signature_refusal(exc, during="verify") from None


def _signer_role(signer: SignedBy, data: ApplicationInput) -> str:
    """The certificate's IIN is the applicant's, or the representative's when one is named."""
    representative_iin = data.representative.iin if data.representative else None
    if signer.iin == data.applicant.iin:
        return PortalSubmission.SignerRole.APPLICANT
    if representative_iin and signer.iin == representative_iin:
        return PortalSubmission.SignerRole.REPRESENTATIVE
    raise KezekError(
        _(
            "The request is signed with the certificate of IIN %(iin)s, which is neither the "
            "applicant's nor the representative's."
        )
        % {"iin": signer.iin or "—"},
        field="signature",
        code=ErrorCode.SIGNER_MISMATCH,
    )


def _receiving_office(body: Mapping[str, Any]) -> Office:
    """The authorized body of the district the request names."""
    district_code = _text(body, "district", "district", required=True)
    district = District.objects.filter(code=district_code).first()
    office = (
        Office.objects.filter(district=district, kind=Office.Kind.AUTHORIZED_BODY, is_active=True)
        .order_by("pk")
        .first()
        if district
        else None
    )
    if office is None:
        raise KezekError(_("Unknown district."), field="district", code=ErrorCode.UNKNOWN_VALUE)
    return office


def portal_application_receive(
    *, request_bytes: bytes, signature: bytes, uploads: Mapping[str, Upload]
) -> Application:
    """Accept a signed portal request (reg:15.2) and make its acceptance report (reg:16.2).

    The certificate's IIN must be the applicant's, or the representative's when the request
    names one. Nothing is stored when anything fails.
    """
    body = _request_parse(request_bytes)
    extra_keys = ("district", "attachments", "fetched_documents")
    data = application_input_from_json(body, extra_keys=extra_keys, documents=[])
    signer = _signer_verify(request_bytes=request_bytes, signature=signature)
    role = _signer_role(signer, data)
    documents = _attachments(body, uploads)
    data = application_input_from_json(body, extra_keys=extra_keys, documents=documents)
    office = _receiving_office(body)
    now = timezone.now()
    with transaction.atomic():
        refuse_if_on_claimed_list(data, office.district_id, local_date(now))
        application = application_submit(
            actor=None, office=office, channel=Channel.PORTAL, data=data, accepted_at=now
        )
        check_documents_complete(application)
        # reg:15.1: the facts that are state resources are asked for after the commit.
        register_queries_order(application=application)
        timeline = timeline_start(application)
        submission = PortalSubmission.objects.create(
            application=application,
            request_body=request_bytes,
            request_sha256=hashlib.sha256(request_bytes).hexdigest(),
            signature=signature,
            signer_iin=signer.iin or "",
            signer_name=signer.common_name,
            signer_role=role,
            certificate_serial=signer.serial,
            certificate_valid_from=signer.valid_from,
            certificate_valid_to=signer.valid_to,
            received_at=now,
            report_accepted_at=application.accepted_at,
            report_result_date=timeline.result_due,
        )
        audit_record_write(
            actor=None,
            actor_label=f"{signer.common_name} ({signer.iin})",
            action="workflow.portal_received",
            obj=application,
            after={
                "signer_iin": signer.iin,
                "signer_role": role,
                "certificate_serial": signer.serial,
                "request_sha256": submission.request_sha256,
                "attachments": [d.doc_type for d in documents],
                "result_date": timeline.result_due.isoformat(),
            },
            clauses=["reg:15.2", "reg:16.2"],
            district_code=office.district.code,
        )
        document_order_place(actor=None, kind="acceptance_report", application=application)
        citizen_told_accepted(application, accepted_at=now, result_due=timeline.result_due)
    return application
