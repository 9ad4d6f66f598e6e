"""The EDS sign-in: a one-time code signed in NCALayer; the IIN from the certificate (reg:2)."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin
from kezek.signatures import (
    SignatureError,
    SignedBy,
    SigningUnavailable,
    get_backend,
    signature_refusal,
)

from ..models import SignIn
from .base import citizen_label, signature_decode

logger = logging.getLogger(__name__)

#: A sign-in code is good for five minutes and once: a signature over it cannot be replayed later.
NONCE_LIFETIME = dt.timedelta(minutes=5)
SIGN_IN_PREFIX = "kezek-portal-sign-in:"


def sign_in_nonce_new() -> str:
    """A fresh one-time nonce; the caller keeps it in the session with the time it was issued."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def sign_in_data(nonce: str) -> bytes:
    """The bytes NCALayer signs: a fixed prefix, so that this signature means nothing elsewhere."""
    return (SIGN_IN_PREFIX + nonce).encode("ascii")


def _nonce_check(*, nonce: str | None, issued_at: dt.datetime | None, now: dt.datetime) -> str:
    """The session's code, still good: issued by this page and at most five minutes old."""
    if not nonce or issued_at is None:
        raise KezekError(
            _("The sign-in page has expired. Sign the new code on this page."),
            field="signature",
            code=ErrorCode.NONCE_MISSING,
        )
    if now - issued_at > NONCE_LIFETIME:
        raise KezekError(
            _("The code to sign was valid for 5 minutes and has expired. Sign the new code."),
            field="signature",
            code=ErrorCode.NONCE_EXPIRED,
        )
    return nonce


def _signer_verify(*, nonce: str, signature: str | bytes) -> SignedBy:
    raw = signature_decode(signature, field="signature")
    try:
        return get_backend().verify(data=sign_in_data(nonce), signature=raw)
    except SignatureError as exc:
        if not isinstance(exc, SigningUnavailable):
            logger.info("portal sign-in refused: %s", exc)
        raise signature_refusal(exc, during="sign_in") from None


def _signer_iin(signer: SignedBy) -> str:
    """The IIN of the certificate's subject: a personal certificate of an individual."""
    if not signer.iin:
        raise KezekError(
            _(
                "The certificate carries no IIN. Sign in with the personal certificate of an individual."
            ),
            field="signature",
            code=ErrorCode.NO_IIN,
        )
    try:
        parse_iin(signer.iin)
    except IINError:
        raise KezekError(
            _("The IIN in the certificate is not valid."),
            field="signature",
            code=ErrorCode.IIN_INVALID,
        ) from None
    return signer.iin


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
    nonce = _nonce_check(nonce=nonce, issued_at=issued_at, now=now or timezone.now())
    signer = _signer_verify(nonce=nonce, signature=signature)
    iin = _signer_iin(signer)
    with transaction.atomic():
        record = SignIn.objects.create(
            iin=iin, common_name=signer.common_name, certificate_serial=signer.serial
        )
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, signer.common_name),
            action="portal.signed_in",
            obj=record,
            after={"certificate_serial": signer.serial, "valid_to": signer.valid_to.isoformat()},
            clauses=["reg:2", "reg:11.3"],
        )
    return record
