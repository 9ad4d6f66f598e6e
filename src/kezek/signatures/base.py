"""The signing interface: what every backend promises (reg:15.2, reg:18)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class SignatureError(Exception):
    """The signature cannot be made or does not hold: bad signature, changed data, expired or
    unknown certificate, unknown key. The message is for logs and staff, in English."""


class SigningUnavailable(SignatureError):
    """The signing service could not be reached (network, timeout, server error).

    A subclass so that callers that only know SignatureError still stop; callers that can
    retry later (e-mail delivery, a batch of signatures) can tell it apart from a forgery.
    """


@dataclass(frozen=True)
class SignedBy:
    """Who signed, as the certificate says. Kazakh certificates carry the IIN in the subject
    serialNumber as ``IIN123456789012``; ``iin`` is None for a certificate without one."""

    iin: str | None
    common_name: str
    serial: str  # the certificate serial number, lower-case hex
    valid_from: dt.datetime  # aware, UTC
    valid_to: dt.datetime  # aware, UTC


@runtime_checkable
class SigningBackend(Protocol):
    def sign(self, *, data: bytes, key_id: str) -> bytes:
        """A detached CMS (PKCS#7 SignedData) signature over ``data``, DER-encoded."""
        ...

    def verify(self, *, data: bytes, signature: bytes) -> SignedBy:
        """The signer of a detached CMS signature over ``data``; SignatureError when it does not
        hold (bad signature, changed data, expired or unknown certificate)."""
        ...


def official_key_id(username: str) -> str:
    """The key id of a staff member's signing key (the head signs results, reg:18)."""
    return f"official:{username}"


def citizen_key_id(iin: str) -> str:
    """The key id of a citizen's test key (portal applications are signed, reg:15.2.a)."""
    return f"citizen:{iin}"


def iin_from_serial_number(value: str | None) -> str | None:
    """``IIN123456789012`` → ``123456789012``; anything else → None."""
    if value and value.upper().startswith("IIN") and value[3:].isdigit() and len(value) == 15:
        return value[3:]
    return None
