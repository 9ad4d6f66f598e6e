"""Scans attached to an application: the one place for their content sniffing and checks.

Scans are accepted as PDF, JPEG or PNG, recognized by their first bytes, never by the name or
the content type the browser gave (reg:15.2.b). The portal (before a draft keeps a scan), the
workflow (before a signed portal request is accepted) and the staff scan viewer all use this.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

#: The largest scan accepted, in bytes (the request-size settings leave room for it).
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024

#: The first bytes of each accepted type, and its media type.
SCAN_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
#: Enough of the head of a file for ``sniff_media_type``.
SNIFF_BYTES = max(len(magic) for magic, _media_type in SCAN_SIGNATURES)


def sniff_media_type(head: bytes) -> str | None:
    """The media type of a scan from its first bytes; None for anything but PDF, JPEG, PNG."""
    for magic, media_type in SCAN_SIGNATURES:
        if head.startswith(magic):
            return media_type
    return None


def scan_too_large_message() -> str:
    """The refusal of a file over MAX_ATTACHMENT_BYTES, in the active language."""
    return str(
        _("The file is too large: at most %(limit)s MB.")
        % {"limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
    )


def scan_size_check(*, size: int | None, field: str) -> None:
    """Refuse a file over the limit from its declared size, before it is read."""
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise KezekError(scan_too_large_message(), field=field, code=ErrorCode.FILE_TOO_LARGE)


def scan_check(*, content: bytes, field: str) -> str:
    """Not empty, not over the limit, a PDF, JPEG or PNG by content; the media type."""
    if not content:
        raise KezekError(_("The file is empty."), field=field, code=ErrorCode.EMPTY_FILE)
    scan_size_check(size=len(content), field=field)
    media_type = sniff_media_type(content[:SNIFF_BYTES])
    if media_type is None:
        raise KezekError(
            _("The file is not a PDF, JPEG or PNG scan."), field=field, code=ErrorCode.FILE_TYPE
        )
    return media_type
