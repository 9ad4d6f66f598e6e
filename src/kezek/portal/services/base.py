"""What every portal write shares: the locked draft, the audit label, the signature's bytes."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext_lazy as _

from kezek.common.errors import KezekError, NotFoundError
from kezek.core.errors import ErrorCode

from ..models import Draft


def citizen_label(iin: str, name: str = "") -> str:
    """The audit record's actor label: the citizen is not a staff user."""
    return f"{name} ({iin})" if name else f"citizen {iin}"


def draft_district_code(draft: Draft) -> str:
    return str((draft.data.get("applicant") or {}).get("district") or "")


def draft_lock(iin: str) -> Draft:
    """The citizen's draft, locked for the transaction; NotFoundError when there is none."""
    draft = Draft.objects.select_for_update().filter(iin=iin).first()
    if draft is None:
        raise NotFoundError(
            _("There is no application in progress. Start a new one."),
            field="draft",
            code=ErrorCode.NOT_FOUND,
        )
    return draft


def draft_generated_drop(draft: Draft) -> None:
    """The answers or scans changed: the filled-in form no longer matches and is made again."""
    draft.files.filter(generated=True).delete()


def signature_decode(value: str | bytes, *, field: str) -> bytes:
    """The CMS bytes of a signature posted from NCALayer as base64 (bytes pass as they are)."""
    if isinstance(value, bytes):
        return value
    text = "".join((value or "").split())
    if not text:
        raise KezekError(
            _("Sign with your EDS first: the signature is missing."),
            field=field,
            code=ErrorCode.REQUIRED,
        )
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise KezekError(
            _("The signature is damaged (not valid base64). Sign again."),
            field=field,
            code=ErrorCode.BASE64,
        ) from None
