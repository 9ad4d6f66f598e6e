"""What the user is told when a signature fails: one mapping for every caller (reg:15.2, reg:18).

``SignatureError`` messages are English, for logs and staff; callers turn them into a
translatable ``KezekError`` here, so that the same failure reads the same on every page.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_lazy as _

from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from .base import SignatureError, SigningUnavailable

#: What was being done when the signature failed:
#: ``sign_in``: a citizen's signature over the portal's one-time sign-in code (reg:2);
#: ``verify``: a signature received over a request or a document (reg:15.2);
#: ``sign``: the authorized body signing a document it issues (reg:18).
SignatureUse = Literal["sign_in", "verify", "sign"]


def signature_refusal(
    exc: SignatureError, *, during: SignatureUse, field: str = "signature"
) -> KezekError:
    """The user-facing refusal for ``exc``; raise it ``from`` the original (or ``from None``).

    Codes: ``unavailable`` (the verification service cannot be reached: try later),
    ``signature_invalid`` (a signature received does not hold), ``signature_failed`` (we could
    not sign). Only ``verify`` and ``sign`` show the English detail, as they always have.
    """
    if during == "sign":
        return KezekError(
            _("The document could not be signed: %(detail)s") % {"detail": str(exc)},
            field=field,
            code=ErrorCode.SIGNATURE_FAILED,
        )
    if isinstance(exc, SigningUnavailable):
        return KezekError(
            _(
                "The signature cannot be checked now: the verification service is unavailable. Try again later."
            ),
            field=field,
            code=ErrorCode.UNAVAILABLE,
        )
    if during == "sign_in":
        return KezekError(
            _(
                "The electronic signature does not hold: it is not over this page's code, or the certificate is not valid."
            ),
            field=field,
            code=ErrorCode.SIGNATURE_INVALID,
        )
    return KezekError(
        _("The electronic signature does not hold: %(detail)s") % {"detail": str(exc)},
        field=field,
        code=ErrorCode.SIGNATURE_INVALID,
    )
