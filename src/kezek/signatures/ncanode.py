"""NCANode (https://ncanode.kz) HTTP API client: CMS signing and verification with the state PKI.

Settings (read when the backend is made; none is required for verification alone; defaults in
kezek.settings.base, docs/settings.md): ``KEZEK_NCANODE_URL``, ``KEZEK_NCANODE_TIMEOUT``,
``KEZEK_NCANODE_KEYS`` (``{key_id: {"path": "/etc/kezek/keys/head.p12", "password": "…"}}``, or
``"key"``: the PKCS#12 in Base64 instead of ``"path"``; optional ``"alias"``: server-side keys of
officials; citizens sign in their browser with NCALayer and are only verified here),
``KEZEK_NCANODE_REVOCATION_CHECK``, ``KEZEK_NCANODE_TSP``.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from .base import SignatureError, SignedBy, SigningUnavailable, iin_from_serial_number


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _parse_time(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, str):
        raise SignatureError(f"NCANode answer lacks {field}")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SignatureError(f"NCANode answer has a bad {field}: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


class NCANodeBackend:
    """Signs with officials' keys held by the server and verifies any CMS through NCANode."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        keys: dict[str, dict[str, str]] | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = (base_url or settings.KEZEK_NCANODE_URL).rstrip("/")
        self.keys = keys if keys is not None else dict(settings.KEZEK_NCANODE_KEYS)
        self.timeout = timeout if timeout is not None else float(settings.KEZEK_NCANODE_TIMEOUT)
        self.transport = transport
        self.revocation_check = list(settings.KEZEK_NCANODE_REVOCATION_CHECK)
        self.with_tsp = bool(settings.KEZEK_NCANODE_TSP)

    # ------------------------------------------------------------------ HTTP

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            with httpx.Client(
                base_url=self.base_url, timeout=self.timeout, transport=self.transport
            ) as client:
                response = client.post(path, json=payload)
        except httpx.HTTPError as exc:
            raise SigningUnavailable(f"NCANode at {self.base_url} is unreachable: {exc}") from exc
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 500:
            raise SigningUnavailable(
                f"NCANode {path} failed with HTTP {response.status_code}: {self._message(body)}"
            )
        if not isinstance(body, dict):
            raise SignatureError(
                f"NCANode {path} answered HTTP {response.status_code} without JSON"
            )
        status = body.get("status", response.status_code)
        if response.status_code >= 400 or (isinstance(status, int) and status >= 400):
            raise SignatureError(f"NCANode {path} refused: {self._message(body)}")
        return body

    @staticmethod
    def _message(body: Any) -> str:
        if isinstance(body, dict) and body.get("message"):
            return str(body["message"])
        return "no message"

    # ------------------------------------------------------------------ keys

    def _signer(self, key_id: str) -> dict[str, Any]:
        config = self.keys.get(key_id)
        if not config:
            raise SignatureError(f"no NCANode key configured for {key_id!r} (KEZEK_NCANODE_KEYS)")
        if config.get("key"):
            key_b64 = config["key"]
        elif config.get("path"):
            try:
                key_b64 = _b64(Path(config["path"]).read_bytes())
            except OSError as exc:
                raise SignatureError(f"cannot read the key file of {key_id!r}: {exc}") from exc
        else:
            raise SignatureError(f"the NCANode key of {key_id!r} has neither 'key' nor 'path'")
        return {
            "key": key_b64,
            "password": config.get("password", ""),
            "keyAlias": config.get("alias") or None,
        }

    def ensure_key(self, *, key_id: str, common_name: str, iin: str | None = None) -> None:
        """Keys are issued by the state PKI, not here: only check that one is configured."""
        self._signer(key_id)

    # ------------------------------------------------------------------ SigningBackend

    def sign(self, *, data: bytes, key_id: str) -> bytes:
        body = self._post(
            "/cms/sign",
            {
                "data": _b64(data),
                "signers": [self._signer(key_id)],
                "withTsp": self.with_tsp,
                "detached": True,
            },
        )
        try:
            return base64.b64decode(body["cms"], validate=True)
        except (KeyError, TypeError, ValueError) as exc:
            raise SignatureError("NCANode /cms/sign answered without a CMS") from exc

    def verify(self, *, data: bytes, signature: bytes) -> SignedBy:
        body = self._post(
            "/cms/verify",
            {"revocationCheck": self.revocation_check, "cms": _b64(signature), "data": _b64(data)},
        )
        signers = body.get("signers") or []
        certificates = (signers[0].get("certificates") or []) if signers else []
        if not body.get("valid"):
            reasons = [str(body.get("message") or "")] if body.get("message") else []
            for cert in certificates:
                if not cert.get("valid", True):
                    reasons.append("the certificate is not valid (expired, revoked or untrusted)")
                for revocation in cert.get("revocations") or []:
                    if revocation.get("revoked"):
                        reasons.append(f"revoked ({revocation.get('by')})")
            raise SignatureError(
                "NCANode: the signature does not hold"
                + (": " + "; ".join(reasons) if reasons else "")
            )
        if not certificates:
            raise SignatureError("NCANode answered valid but named no signer certificate")
        cert = certificates[0]
        subject = cert.get("subject") or {}
        iin = subject.get("iin") or iin_from_serial_number(
            next(
                (
                    part.split("=", 1)[1]
                    for part in str(subject.get("dn", "")).split(", ")
                    if part.upper().startswith("SERIALNUMBER=")
                ),
                None,
            )
        )
        return SignedBy(
            iin=iin or None,
            common_name=str(subject.get("commonName") or ""),
            serial=str(cert.get("serialNumber") or "").lower(),
            valid_from=_parse_time(cert.get("notBefore"), "notBefore"),
            valid_to=_parse_time(cert.get("notAfter"), "notAfter"),
        )
