"""A small fake NCANode on 127.0.0.1: the /cms/sign and /cms/verify of its HTTP API, answered
with real CMS signatures (cryptography) and real checks (a local test CA as the trust anchor)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from kezek.signatures import SignatureError
from kezek.signatures.cms import verify_detached
from kezek.signatures.local import LocalBackend


@dataclass
class FakeNCANode:
    pki: LocalBackend
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_with: int | None = None  # answer every request with this HTTP status
    omit_iin: bool = False  # name the IIN only inside the DN, as older NCANode versions do
    url: str = ""

    def handle(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.requests.append((path, body))
        if self.fail_with:
            return self.fail_with, {"status": self.fail_with, "message": "internal error"}
        if path == "/cms/sign":
            return self._sign(body)
        if path == "/cms/verify":
            return self._verify(body)
        return 404, {"status": 404, "message": "not found"}

    def _sign(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        signer = body["signers"][0]
        try:
            key, cert, _extra = pkcs12.load_key_and_certificates(
                base64.b64decode(signer["key"]), signer["password"].encode()
            )
        except ValueError:
            return 400, {"status": 400, "message": "Неверный пароль или ключ"}
        assert cert is not None
        options = [pkcs7.PKCS7Options.Binary]
        if body.get("detached"):
            options.append(pkcs7.PKCS7Options.DetachedSignature)
        cms = (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(base64.b64decode(body["data"]))
            .add_signer(cert, key, hashes.SHA256())  # type: ignore[arg-type]
            .sign(serialization.Encoding.DER, options)
        )
        return 200, {"status": 200, "message": "", "cms": base64.b64encode(cms).decode()}

    def _verify(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        cms = base64.b64decode(body["cms"])
        data = base64.b64decode(body.get("data") or "")
        try:
            who = verify_detached(data=data, signature=cms, anchors=[self.pki.ca_certificate])
        except SignatureError as exc:
            return 200, {"status": 200, "message": str(exc), "valid": False, "signers": []}
        subject: dict[str, Any] = {
            "commonName": who.common_name,
            "country": "KZ",
            "dn": f"CN={who.common_name}, C=KZ"
            + (f", SERIALNUMBER=IIN{who.iin}" if who.iin else ""),
        }
        if who.iin and not self.omit_iin:
            subject["iin"] = who.iin
        cert_info = {
            "valid": True,
            "revocations": [{"revoked": False, "by": "OCSP"}],
            "notBefore": who.valid_from.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
            "notAfter": who.valid_to.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
            "keyUsage": "SIGN",
            "serialNumber": who.serial,
            "signAlg": "ECDSA",
            "keyUser": ["INDIVIDUAL"],
            "subject": subject,
            "issuer": {"commonName": "Kezek test CA"},
        }
        return 200, {
            "status": 200,
            "message": "",
            "valid": True,
            "signers": [{"certificates": [cert_info]}],
        }


def p12_of(pki: LocalBackend, key_id: str, password: str) -> bytes:
    """The PKCS#12 container of a test key, as the state PKI hands them out."""
    return pkcs12.serialize_key_and_certificates(
        name=key_id.encode(),
        key=pki.private_key(key_id),
        cert=pki.certificate(key_id),
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


@contextmanager
def running(fake: FakeNCANode) -> Iterator[FakeNCANode]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            status, answer = fake.handle(self.path, body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
