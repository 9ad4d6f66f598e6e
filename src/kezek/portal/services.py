"""Writes of the citizen portal: EDS sign-in, the draft and its scans, the signed submission.

Each function locks the draft it changes, writes the audit record in the same transaction and
leaves side effects to ``transaction.on_commit``. The citizen is named by the IIN from their
certificate; they are not a staff user, so audit records carry ``actor=None`` and a label.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentType
from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError
from kezek.core.iin import IINError, parse_iin
from kezek.offices.models import District
from kezek.signatures import SignatureError, SigningUnavailable, get_backend
from kezek.workflow.portal import MAX_ATTACHMENT_BYTES, Upload, content_type_of
from kezek.workflow.portal import portal_application_receive as workflow_receive

from .annex2 import application_form_pdf
from .case import (
    SECTIONS,
    STEP_BY_SLUG,
    attachment_name,
    checklist,
    preview,
    request_body,
    request_bytes,
)
from .models import Draft, DraftFile, SignIn
from .scanning import InfectedFile, ScannerUnavailable, get_scanner

logger = logging.getLogger(__name__)

#: A sign-in code is good for five minutes and once: a signature over it cannot be replayed later.
NONCE_LIFETIME = dt.timedelta(minutes=5)
#: The workflow takes at most 30 attachments; a few per document is plenty for a scan.
MAX_FILES_PER_DOCUMENT = 5
MAX_FILES = 25
SIGN_IN_PREFIX = "kezek-portal-sign-in:"


def _label(iin: str, name: str = "") -> str:
    return f"{name} ({iin})" if name else f"citizen {iin}"


def _district_code(draft: Draft) -> str:
    return str((draft.data.get("applicant") or {}).get("district") or "")


def _decode_signature(value: str | bytes, field: str) -> bytes:
    if isinstance(value, bytes):
        return value
    text = "".join((value or "").split())
    if not text:
        raise KezekError(
            _("Sign with your EDS first: the signature is missing."), field=field, code="required"
        )
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise KezekError(
            _("The signature is damaged (not valid base64). Sign again."),
            field=field,
            code="base64",
        ) from None


# --------------------------------------------------------------------------- sign-in


def sign_in_nonce_new() -> str:
    """A fresh one-time nonce; the caller keeps it in the session with the time it was issued."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def sign_in_data(nonce: str) -> bytes:
    """The bytes NCALayer signs: a fixed prefix, so that this signature means nothing elsewhere."""
    return (SIGN_IN_PREFIX + nonce).encode("ascii")


def portal_sign_in(
    *,
    nonce: str | None,
    issued_at: dt.datetime | None,
    signature: str | bytes,
    now: dt.datetime | None = None,
) -> SignIn:
    """Verify the CMS over the session's nonce and take the IIN from the certificate (reg:2).

    The caller has already removed the nonce from the session: a nonce is tried once.
    """
    now = now or timezone.now()
    if not nonce or issued_at is None:
        raise KezekError(
            _("The sign-in page has expired. Sign the new code on this page."),
            field="signature",
            code="nonce_missing",
        )
    if now - issued_at > NONCE_LIFETIME:
        raise KezekError(
            _("The code to sign was valid for 5 minutes and has expired. Sign the new code."),
            field="signature",
            code="nonce_expired",
        )
    raw = _decode_signature(signature, "signature")
    try:
        signer = get_backend().verify(data=sign_in_data(nonce), signature=raw)
    except SigningUnavailable:
        raise KezekError(
            _(
                "The signature cannot be checked now: the verification service is unavailable. Try again later."
            ),
            field="signature",
            code="unavailable",
        ) from None
    except SignatureError as exc:
        logger.info("portal sign-in refused: %s", exc)
        raise KezekError(
            _(
                "The electronic signature does not hold: it is not over this page's code, or the certificate is not valid."
            ),
            field="signature",
            code="signature_invalid",
        ) from None
    if not signer.iin:
        raise KezekError(
            _(
                "The certificate carries no IIN. Sign in with the personal certificate of an individual."
            ),
            field="signature",
            code="no_iin",
        )
    try:
        parse_iin(signer.iin)
    except IINError:
        raise KezekError(
            _("The IIN in the certificate is not valid."), field="signature", code="iin_invalid"
        ) from None
    with transaction.atomic():
        record = SignIn.objects.create(
            iin=signer.iin, common_name=signer.common_name, certificate_serial=signer.serial
        )
        audit_record_write(
            actor=None,
            actor_label=_label(signer.iin, signer.common_name),
            action="portal.signed_in",
            obj=record,
            after={"certificate_serial": signer.serial, "valid_to": signer.valid_to.isoformat()},
            clauses=["reg:2", "reg:11.3"],
        )
    return record


# --------------------------------------------------------------------------- the draft


def _lock_draft(iin: str) -> Draft:
    draft = Draft.objects.select_for_update().filter(iin=iin).first()
    if draft is None:
        raise NotFoundError(
            _("There is no application in progress. Start a new one."),
            field="draft",
            code="not_found",
        )
    return draft


def _drop_generated(draft: Draft) -> None:
    """The answers or scans changed: the filled-in form no longer matches and is made again."""
    draft.files.filter(generated=True).delete()


def draft_open(*, iin: str, name: str = "") -> Draft:
    """The citizen's draft, made on first use with the name from the certificate (CN)."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(iin=iin).first()
        if draft is not None:
            return draft
        parts = name.split()
        applicant: dict[str, Any] = {}
        if len(parts) >= 2:
            # Kazakh certificates name the person "SURNAME NAME [PATRONYMIC]".
            applicant = {
                "last_name": parts[0].title(),
                "first_name": parts[1].title(),
                "patronymic": " ".join(parts[2:]).title(),
            }
        draft = Draft.objects.create(iin=iin, data={"prefill": applicant})
        audit_record_write(
            actor=None,
            actor_label=_label(iin, name),
            action="portal.draft_created",
            obj=draft,
            clauses=["reg:15.2"],
        )
    return draft


def draft_section_save(*, iin: str, section: str, value: Any, name: str = "") -> Draft:
    """Save one step's answers (their shape checked by the step's form) and move the draft on.

    The rules engine then reads them with the earlier answers: a fact it cannot use (a date
    before the birth, an income missing for a group that takes the income test, contradicting
    housing facts) is refused here with the field it concerns, and nothing is saved. Errors of
    later steps are left for those steps.
    """
    if section not in SECTIONS:
        raise KezekError(_("Unknown step."), field="step", code="unknown_value")
    with transaction.atomic():
        draft = _lock_draft(iin)
        before = draft.data.get(section)
        data = dict(draft.data)
        data[section] = value
        problem = preview(iin=iin, data=data, today=timezone.localdate(), documents=None).problem
        if problem is not None and problem.step.slug == section:
            raise KezekError(problem.message, field=problem.field, code="invalid_fact")
        if section == "applicant":
            data.pop("prefill", None)  # the certificate's name served as a first suggestion
        draft.data = data
        draft.step = max(draft.step, STEP_BY_SLUG[section].number + 1)
        draft.save()
        if before != value:
            _drop_generated(draft)
        audit_record_write(
            actor=None,
            actor_label=_label(iin, name),
            action="portal.draft_saved",
            obj=draft,
            after={"section": section, "changed": before != value},
            clauses=["reg:15.2"],
            district_code=_district_code(draft),
        )
    return draft


def draft_step_reach(*, iin: str, step: int) -> Draft:
    """Record that the citizen moved past a step that stores no answers (documents, summary)."""
    with transaction.atomic():
        draft = _lock_draft(iin)
        if step > draft.step:
            draft.step = step
            draft.save(update_fields=["step", "updated_at"])
    return draft


def _check_scan(*, content: bytes, field: str) -> str:
    """Type by content, size, virus scan; the content type on success."""
    if not content:
        raise KezekError(_("The file is empty."), field=field, code="empty_file")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise KezekError(
            _("The file is too large: at most %(limit)s MB.")
            % {"limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            field=field,
            code="file_too_large",
        )
    content_type = content_type_of(content)
    if content_type is None:
        raise KezekError(
            _("The file is not a PDF, JPEG or PNG scan."), field=field, code="file_type"
        )
    try:
        get_scanner()(content)
    except InfectedFile as exc:
        logger.warning("portal upload refused by the virus scanner: %s", exc.name)
        raise KezekError(
            _("The antivirus check found a threat in this file. It was not accepted."),
            field=field,
            code="infected",
        ) from None
    except ScannerUnavailable as exc:
        logger.error("portal upload: the virus scanner is unavailable: %s", exc)
        raise KezekError(
            _("The file cannot be checked for viruses now. Try again later."),
            field=field,
            code="scanner_unavailable",
        ) from None
    return content_type


@dataclass(frozen=True)
class ScanInput:
    """One uploaded file for one document of the checklist."""

    doc_type: str
    filename: str
    content: bytes


def draft_files_add(*, iin: str, scans: Sequence[ScanInput], name: str = "") -> list[DraftFile]:
    """Attach scans to the draft (reg:15.2.b). Every file passes the type, size and virus checks
    first; one bad file refuses them all, so nothing changes on bad input."""
    checked: list[tuple[ScanInput, str, str]] = []
    for scan in scans:
        field = f"file_{scan.doc_type}"
        if scan.doc_type not in DocumentType.values:
            raise KezekError(_("Unknown document type."), field="doc_type", code="unknown_value")
        content_type = _check_scan(content=scan.content, field=field)
        filename = os.path.basename(scan.filename.replace("\\", "/")).strip()[:255]
        checked.append((scan, content_type, filename or scan.doc_type))
    created: list[DraftFile] = []
    with transaction.atomic():
        draft = _lock_draft(iin)
        counts = Counter(draft.files.filter(generated=False).values_list("doc_type", flat=True))
        for scan, content_type, filename in checked:
            field = f"file_{scan.doc_type}"
            if counts[scan.doc_type] >= MAX_FILES_PER_DOCUMENT:
                raise KezekError(
                    _("At most %(limit)s files per document: remove one first.")
                    % {"limit": MAX_FILES_PER_DOCUMENT},
                    field=field,
                    code="too_many_files",
                )
            if sum(counts.values()) >= MAX_FILES:
                raise KezekError(
                    _("At most %(limit)s files in one application.") % {"limit": MAX_FILES},
                    field=field,
                    code="too_many_files",
                )
            counts[scan.doc_type] += 1
            digest = hashlib.sha256(scan.content).hexdigest()
            created.append(
                DraftFile.objects.create(
                    draft=draft,
                    doc_type=scan.doc_type,
                    filename=filename,
                    content_type=content_type,
                    size=len(scan.content),
                    sha256=digest,
                    content=scan.content,
                )
            )
            audit_record_write(
                actor=None,
                actor_label=_label(iin, name),
                action="portal.scan_added",
                obj=draft,
                after={"doc_type": scan.doc_type, "sha256": digest, "size": len(scan.content)},
                clauses=["reg:15.2.b"],
                district_code=_district_code(draft),
            )
        if created:
            _drop_generated(draft)
            draft.save(update_fields=["updated_at"])
    return created


def draft_file_add(
    *, iin: str, doc_type: str, filename: str, content: bytes, name: str = ""
) -> DraftFile:
    """One scan; see draft_files_add."""
    return draft_files_add(
        iin=iin, scans=[ScanInput(doc_type=doc_type, filename=filename, content=content)], name=name
    )[0]


def draft_file_remove(*, iin: str, file_id: int, name: str = "") -> None:
    with transaction.atomic():
        draft = _lock_draft(iin)
        scan = draft.files.filter(pk=file_id, generated=False).first()
        if scan is None:
            raise NotFoundError(_("No such file."), field="remove", code="not_found")
        after = {"doc_type": scan.doc_type, "sha256": scan.sha256}
        scan.delete()
        _drop_generated(draft)
        draft.save(update_fields=["updated_at"])
        audit_record_write(
            actor=None,
            actor_label=_label(iin, name),
            action="portal.scan_removed",
            obj=draft,
            after=after,
            clauses=["reg:15.2.b"],
            district_code=_district_code(draft),
        )


def _check_complete(draft: Draft, today: dt.date) -> Any:
    for section in SECTIONS:
        if section not in draft.data:
            step = STEP_BY_SLUG[section]
            raise KezekError(
                _("Fill in step %(number)s, “%(step)s”, first.")
                % {"number": step.number, "step": step.label},
                field=section,
                code="incomplete",
            )
    files = list(draft.files.all())
    result = checklist(iin=draft.iin, data=draft.data, files=files, today=today)
    if result.problem is not None:
        raise KezekError(result.problem.message, field=result.problem.step.slug, code="invalid")
    if result.missing:
        raise KezekError(
            _("Attach the scans of: %(documents)s.")
            % {"documents": "; ".join(item.name for item in result.missing)},
            field="documents",
            code="documents_incomplete",
        )
    return result


def draft_form_prepare(*, iin: str, name: str = "") -> DraftFile:
    """Fill in the Annex 2 form from the complete answers, ready to be signed (reg:15.1.a)."""
    today = timezone.localdate()
    with transaction.atomic():
        draft = _lock_draft(iin)
        result = _check_complete(draft, today)
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
            actor_label=_label(iin, name),
            action="portal.form_prepared",
            obj=draft,
            after={"sha256": form.sha256},
            clauses=["reg:15.1.a", "reg:15.2.a"],
            district_code=_district_code(draft),
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


def draft_submit(
    *, iin: str, request: str | bytes, signature: str | bytes, name: str = ""
) -> Application:
    """Submit the signed request (reg:15.2) through the workflow, which accepts it and makes the
    acceptance report (reg:16.2); the draft is deleted in the same transaction.

    ``request`` is what the page showed for signing (base64 or bytes): it must be exactly what
    the draft makes now, so that the citizen signs what they saw and nothing else.
    """
    signed = _decode_signature(signature, "signature")
    if isinstance(request, str):
        try:
            shown = base64.b64decode("".join(request.split()), validate=True)
        except (binascii.Error, ValueError):
            shown = b""
    else:
        shown = request
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(iin=iin).first()
        if draft is None:
            raise NotFoundError(
                _("This application has already been submitted or was never started."),
                field="draft",
                code="not_found",
            )
        _check_complete(draft, timezone.localdate())
        current = draft_request(draft=draft)
        if current is None or current != shown:
            raise KezekError(
                _("The application changed after this page was opened. Review it and sign again."),
                field="request",
                code="changed",
            )
        files = {attachment_name(f.pk): f for f in draft.files.all()}
        body: Mapping[str, Any] = json.loads(current)
        uploads = {}
        for item in body["attachments"]:
            scan = files[item["file"]]
            uploads[item["file"]] = Upload(
                name=item["file"], filename=scan.filename, content=bytes(scan.content)
            )
        if not District.objects.filter(code=body["district"]).exists():
            raise KezekError(_("Unknown district."), field="district", code="unknown_value")
        application = workflow_receive(request_bytes=current, signature=signed, uploads=uploads)
        audit_record_write(
            actor=None,
            actor_label=_label(iin, name),
            action="portal.draft_submitted",
            obj=draft,
            after={"application": application.request_number},
            clauses=["reg:15.2", "reg:16.2"],
            district_code=application.district.code,
        )
        draft.delete()
    return application
