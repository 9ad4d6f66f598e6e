"""The scans of the checklist's documents: checked, kept with the draft, removed (reg:15.2.b)."""

from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentType
from kezek.applications.uploads import scan_check
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError
from kezek.core.errors import ErrorCode

from ..models import DraftFile
from ..scanning import InfectedFile, ScannerUnavailable, get_scanner
from .base import citizen_label, draft_district_code, draft_generated_drop, draft_lock

logger = logging.getLogger(__name__)

#: The workflow takes at most 30 attachments; a few per document is plenty for a scan.
MAX_FILES_PER_DOCUMENT = 5
MAX_FILES = 25


def _scan_accept(*, content: bytes, field: str) -> str:
    """Type by content, size (kezek.applications.uploads), then the virus scan; the media type."""
    content_type = scan_check(content=content, field=field)
    try:
        get_scanner()(content)
    except InfectedFile as exc:
        logger.warning("portal upload refused by the virus scanner: %s", exc.name)
        raise KezekError(
            _("The antivirus check found a threat in this file. It was not accepted."),
            field=field,
            code=ErrorCode.INFECTED,
        ) from None
    except ScannerUnavailable as exc:
        logger.error("portal upload: the virus scanner is unavailable: %s", exc)
        raise KezekError(
            _("The file cannot be checked for viruses now. Try again later."),
            field=field,
            code=ErrorCode.SCANNER_UNAVAILABLE,
        ) from None
    return content_type


@dataclass(frozen=True)
class ScanInput:
    """One uploaded file for one document of the checklist."""

    doc_type: str
    filename: str
    content: bytes


def _scans_checked(scans: Sequence[ScanInput]) -> list[tuple[ScanInput, str, str]]:
    """Each scan with its media type and a safe file name; the first bad one refuses them all."""
    checked: list[tuple[ScanInput, str, str]] = []
    for scan in scans:
        field = f"file_{scan.doc_type}"
        if scan.doc_type not in DocumentType.values:
            raise KezekError(
                _("Unknown document type."), field="doc_type", code=ErrorCode.UNKNOWN_VALUE
            )
        content_type = _scan_accept(content=scan.content, field=field)
        filename = os.path.basename(scan.filename.replace("\\", "/")).strip()[:255]
        checked.append((scan, content_type, filename or scan.doc_type))
    return checked


def _file_count_check(counts: Counter[str], *, doc_type: str, field: str) -> None:
    """Room for one more scan of ``doc_type`` within the limits per document and in all."""
    if counts[doc_type] >= MAX_FILES_PER_DOCUMENT:
        raise KezekError(
            _("At most %(limit)s files per document: remove one first.")
            % {"limit": MAX_FILES_PER_DOCUMENT},
            field=field,
            code=ErrorCode.TOO_MANY_FILES,
        )
    if sum(counts.values()) >= MAX_FILES:
        raise KezekError(
            _("At most %(limit)s files in one application.") % {"limit": MAX_FILES},
            field=field,
            code=ErrorCode.TOO_MANY_FILES,
        )


def draft_files_add(*, iin: str, scans: Sequence[ScanInput], name: str = "") -> list[DraftFile]:
    """Attach scans to the draft (reg:15.2.b). Every file passes the type, size and virus checks
    first; one bad file refuses them all, so nothing changes on bad input."""
    checked = _scans_checked(scans)
    created: list[DraftFile] = []
    with transaction.atomic():
        draft = draft_lock(iin)
        counts = Counter(draft.files.filter(generated=False).values_list("doc_type", flat=True))
        for scan, content_type, filename in checked:
            _file_count_check(counts, doc_type=scan.doc_type, field=f"file_{scan.doc_type}")
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
                actor_label=citizen_label(iin, name),
                action="portal.scan_added",
                obj=draft,
                after={"doc_type": scan.doc_type, "sha256": digest, "size": len(scan.content)},
                clauses=["reg:15.2.b"],
                district_code=draft_district_code(draft),
            )
        if created:
            draft_generated_drop(draft)
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
        draft = draft_lock(iin)
        scan = draft.files.filter(pk=file_id, generated=False).first()
        if scan is None:
            raise NotFoundError(_("No such file."), field="remove", code=ErrorCode.NOT_FOUND)
        after = {"doc_type": scan.doc_type, "sha256": scan.sha256}
        scan.delete()
        draft_generated_drop(draft)
        draft.save(update_fields=["updated_at"])
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, name),
            action="portal.scan_removed",
            obj=draft,
            after=after,
            clauses=["reg:15.2.b"],
            district_code=draft_district_code(draft),
        )
