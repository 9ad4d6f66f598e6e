"""The end of the application: the filled-in form, the bytes to sign, the signed submission
through the workflow (reg:15.1.a, reg:15.2, reg:16.2)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentType
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError
from kezek.core.errors import ErrorCode
from kezek.offices.models import District
from kezek.workflow.portal import Upload
from kezek.workflow.portal import portal_application_receive as workflow_receive

from ..annex2 import application_form_pdf
from ..case import SECTIONS, STEP_BY_SLUG, Checklist, checklist
from ..models import Draft, DraftFile
from ..signed_request import attachment_name, request_body, request_bytes
from .base import citizen_label, draft_district_code, draft_lock, signature_decode


def _draft_complete_check(draft: Draft, today: dt.date) -> Checklist:
    """Every step answered, no problem the engine finds, every scan the checklist asks for."""
    for section in SECTIONS:
        if section not in draft.data:
            step = STEP_BY_SLUG[section]
            raise KezekError(
                _("Fill in step %(number)s, “%(step)s”, first.")
                % {"number": step.number, "step": step.label},
                field=section,
                code=ErrorCode.INCOMPLETE,
            )
    files = list(draft.files.all())
    result = checklist(iin=draft.iin, data=draft.data, files=files, today=today)
    if result.problem is not None:
        raise KezekError(
            result.problem.message, field=result.problem.step.slug, code=ErrorCode.INVALID
        )
    if result.missing:
        raise KezekError(
            _("Attach the scans of: %(documents)s.")
            % {"documents": "; ".join(item.name for item in result.missing)},
            field="documents",
            code=ErrorCode.DOCUMENTS_INCOMPLETE,
        )
    return result


def draft_form_prepare(*, iin: str, name: str = "") -> DraftFile:
    """Fill in the Annex 2 form from the complete answers, ready to be signed (reg:15.1.a)."""
    today = timezone.localdate()
    with transaction.atomic():
        draft = draft_lock(iin)
        result = _draft_complete_check(draft, today)
        existing = draft.files.filter(generated=True).first()
        if existing is not None:
            return existing
        names = [item.name for item in result.items]
        pdf = application_form_pdf(iin=iin, data=draft.data, document_names=names, signed_on=today)
        form = DraftFile.objects.create(
            draft=draft,
            doc_type=DocumentType.APPLICATION_FORM,
            filename="application-form.pdf",
            content_type="application/pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            content=pdf,
            generated=True,
        )
        draft.step = max(draft.step, STEP_BY_SLUG["sign"].number)
        draft.save(update_fields=["step", "updated_at"])
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, name),
            action="portal.form_prepared",
            obj=draft,
            after={"sha256": form.sha256},
            clauses=["reg:15.1.a", "reg:15.2.a"],
            district_code=draft_district_code(draft),
        )
    return form


def draft_request(*, draft: Draft, today: dt.date | None = None) -> bytes | None:
    """The exact bytes to sign, or None while the draft is not ready (no filled-in form yet)."""
    files = list(draft.files.all())
    if not any(f.generated for f in files):
        return None
    today = today or timezone.localdate()
    result = checklist(iin=draft.iin, data=draft.data, files=files, today=today)
    if result.problem is not None or result.missing:
        return None
    return request_bytes(
        request_body(iin=draft.iin, data=draft.data, files=files, checklist=result)
    )


def _request_shown(request: str | bytes) -> bytes:
    """The bytes the sign page showed (posted back as base64); empty when they are damaged."""
    if not isinstance(request, str):
        return request
    try:
        return base64.b64decode("".join(request.split()), validate=True)
    except (binascii.Error, ValueError):
        return b""


def _submitted_draft_lock(iin: str) -> Draft:
    draft = Draft.objects.select_for_update().filter(iin=iin).first()
    if draft is None:
        raise NotFoundError(
            _("This application has already been submitted or was never started."),
            field="draft",
            code=ErrorCode.NOT_FOUND,
        )
    return draft


def _request_signed(draft: Draft, *, shown: bytes) -> bytes:
    """The request the draft makes now, which must be the one the citizen saw and signed."""
    _draft_complete_check(draft, timezone.localdate())
    current = draft_request(draft=draft)
    if current is None or current != shown:
        raise KezekError(
            _("The application changed after this page was opened. Review it and sign again."),
            field="request",
            code=ErrorCode.CHANGED,
        )
    return current


def _request_uploads(draft: Draft, body: Mapping[str, Any]) -> dict[str, Upload]:
    """The scans the request lists, as the workflow's uploads, named as the request names them."""
    files = {attachment_name(f.pk): f for f in draft.files.all()}
    uploads = {}
    for item in body["attachments"]:
        scan = files[item["file"]]
        uploads[item["file"]] = Upload(
            name=item["file"], filename=scan.filename, content=bytes(scan.content)
        )
    return uploads


def draft_submit(
    *, iin: str, request: str | bytes, signature: str | bytes, name: str = ""
) -> Application:
    """Submit the signed request (reg:15.2) through the workflow, which accepts it and makes the
    acceptance report (reg:16.2); the draft is deleted in the same transaction.

    ``request`` is what the page showed for signing (base64 or bytes): it must be exactly what
    the draft makes now, so that the citizen signs what they saw and nothing else.
    """
    signed = signature_decode(signature, field="signature")
    shown = _request_shown(request)
    with transaction.atomic():
        draft = _submitted_draft_lock(iin)
        current = _request_signed(draft, shown=shown)
        body: Mapping[str, Any] = json.loads(current)
        uploads = _request_uploads(draft, body)
        if not District.objects.filter(code=body["district"]).exists():
            raise KezekError(_("Unknown district."), field="district", code=ErrorCode.UNKNOWN_VALUE)
        application = workflow_receive(request_bytes=current, signature=signed, uploads=uploads)
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, name),
            action="portal.draft_submitted",
            obj=draft,
            after={"application": application.request_number},
            clauses=["reg:15.2", "reg:16.2"],
            district_code=application.district.code,
        )
        draft.delete()
    return application
