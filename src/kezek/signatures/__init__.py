"""Electronic signatures (EDS, ЭЦҚ/ЭЦП) behind one interface (reg:15.2, reg:18).

A plain package, not a Django app. Backends:

- ``LocalBackend`` (setting ``KEZEK_SIGNING_BACKEND = "local"``, the default): a test CA and
  test certificates made with ``cryptography`` on first use, for the tests and the demo.
- ``NCANodeBackend`` (``"ncanode"``): an HTTP client of NCANode (``/cms/sign``, ``/cms/verify``),
  the verification service used with the state PKI in production.

Every signature is a detached CMS (PKCS#7 SignedData), DER-encoded.
"""

from __future__ import annotations

from typing import Any

from .base import (
    SignatureError,
    SignedBy,
    SigningBackend,
    SigningUnavailable,
    citizen_key_id,
    iin_from_serial_number,
    official_key_id,
)
from .errors import SignatureUse, signature_refusal
from .local import LocalBackend
from .ncanode import NCANodeBackend

BACKENDS: dict[str, type[Any]] = {"local": LocalBackend, "ncanode": NCANodeBackend}


def get_backend() -> SigningBackend:
    """The backend chosen by ``settings.KEZEK_SIGNING_BACKEND`` (``local`` or ``ncanode``).

    A new instance each call, so that a changed setting (tests) takes effect; the local CA and
    keys are cached per directory, so this is cheap.
    """
    from django.conf import settings

    name = settings.KEZEK_SIGNING_BACKEND
    try:
        backend_class = BACKENDS[name]
    except KeyError:
        raise SignatureError(
            f"unknown KEZEK_SIGNING_BACKEND {name!r}: use one of {', '.join(sorted(BACKENDS))}"
        ) from None
    backend: SigningBackend = backend_class()
    return backend


def key_for_official(*, username: str, name: str, iin: str | None = None) -> str:
    """The key id an official signs with, made ready in the current backend.

    The local backend issues a test certificate on first use (CN = ``name``); NCANode checks
    that a key is configured for the official (``KEZEK_NCANODE_KEYS``) and raises
    SignatureError when it is not.
    """
    key_id = official_key_id(username)
    backend = get_backend()
    ensure = getattr(backend, "ensure_key", None)
    if ensure is not None:
        ensure(key_id=key_id, common_name=name, iin=iin)
    return key_id


__all__ = [
    "BACKENDS",
    "LocalBackend",
    "NCANodeBackend",
    "SignatureError",
    "SignatureUse",
    "SignedBy",
    "SigningBackend",
    "SigningUnavailable",
    "citizen_key_id",
    "get_backend",
    "iin_from_serial_number",
    "key_for_official",
    "official_key_id",
    "signature_refusal",
]
