"""A signing backend with test certificates, for the tests and the demo. Never for production.

On first use it makes a test CA ("Kezek test CA") and keeps it, with every issued key and
certificate, in one directory: ``settings.KEZEK_LOCAL_SIGNING_DIR``, else ``<VAR_DIR>/signing``,
else a directory under the system temp dir. Keys are EC P-256 (fast to make); the certificates
name the person like the state PKI does: CN = full name, serialNumber = ``IIN<12 digits>``.
Several processes (pytest-xdist workers) may share the directory: writes are under a file lock
and atomic.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .base import SignatureError, SignedBy
from .cms import signed_by, verify_detached

CA_NAME = "Kezek test CA (not for production)"
CA_YEARS = 20
#: Personal test certificates are valid for three years, like many real ones are for one or two.
CERT_DAYS = 3 * 365

_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[ec.EllipticCurvePrivateKey, x509.Certificate]] = {}


def default_directory() -> Path:
    try:
        from django.conf import settings

        return Path(settings.KEZEK_LOCAL_SIGNING_DIR)
    except Exception:  # noqa: S110 (no Django settings: fall back to a temp dir)
        pass
    return Path(tempfile.gettempdir()) / "kezek-signing"


def _write_atomic(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.chmod(0o600)
    os.replace(tmp, path)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_key(data: bytes) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SignatureError("unexpected key type in the local key store")
    return key


@dataclass(frozen=True)
class _Subject:
    common_name: str
    iin: str | None

    def name(self) -> x509.Name:
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, self.common_name)]
        if self.iin:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{self.iin}"))
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
        return x509.Name(attrs)


class LocalBackend:
    """Signs and verifies with test certificates issued by a local test CA."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()

    # ------------------------------------------------------------------ the store

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "keys").mkdir(exist_ok=True)
        with _lock, open(self.directory / ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _key_paths(self, key_id: str) -> tuple[Path, Path]:
        # Key ids hold ':' and names; files are named by a digest of the id.
        stem = hashlib.sha256(key_id.encode()).hexdigest()[:32]
        return (
            self.directory / "keys" / f"{stem}.key.pem",
            self.directory / "keys" / f"{stem}.crt.pem",
        )

    def _ca(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        cached = _cache.get((str(self.directory), ""))
        if cached is not None:
            return cached
        key_path, cert_path = self.directory / "ca.key.pem", self.directory / "ca.crt.pem"
        with self._locked():
            if not cert_path.exists():
                key = ec.generate_private_key(ec.SECP256R1())
                name = x509.Name(
                    [
                        x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                    ]
                )
                now = dt.datetime.now(dt.UTC)
                cert = (
                    x509.CertificateBuilder()
                    .subject_name(name)
                    .issuer_name(name)
                    .public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - dt.timedelta(days=1))
                    .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
                    .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                    .add_extension(
                        x509.KeyUsage(
                            digital_signature=False,
                            content_commitment=False,
                            key_encipherment=False,
                            data_encipherment=False,
                            key_agreement=False,
                            key_cert_sign=True,
                            crl_sign=True,
                            encipher_only=False,
                            decipher_only=False,
                        ),
                        critical=True,
                    )
                    .sign(key, hashes.SHA256())
                )
                _write_atomic(key_path, _pem_key(key))
                _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
            key = _load_key(key_path.read_bytes())
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        _cache[(str(self.directory), "")] = (key, cert)
        return key, cert

    @property
    def ca_certificate(self) -> x509.Certificate:
        return self._ca()[1]

    # ------------------------------------------------------------------ keys

    def enroll(
        self,
        *,
        key_id: str,
        common_name: str,
        iin: str | None = None,
        valid_from: dt.datetime | None = None,
        valid_to: dt.datetime | None = None,
    ) -> SignedBy:
        """Issue a certificate for ``key_id`` (a new key when there is none yet). Replaces the
        current certificate; ``valid_from``/``valid_to`` let tests make expired ones."""
        if not common_name.strip():
            raise SignatureError("a certificate needs a common name")
        ca_key, ca_cert = self._ca()
        key_path, cert_path = self._key_paths(key_id)
        now = dt.datetime.now(dt.UTC)
        start = valid_from or now - dt.timedelta(minutes=5)
        end = valid_to or now + dt.timedelta(days=CERT_DAYS)
        with self._locked():
            key = (
                _load_key(key_path.read_bytes())
                if key_path.exists()
                else ec.generate_private_key(ec.SECP256R1())
            )
            cert = (
                x509.CertificateBuilder()
                .subject_name(_Subject(common_name.strip(), iin).name())
                .issuer_name(ca_cert.subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start)
                .not_valid_after(end)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(
                    x509.KeyUsage(
                        digital_signature=True,
                        content_commitment=True,
                        key_encipherment=False,
                        data_encipherment=False,
                        key_agreement=False,
                        key_cert_sign=False,
                        crl_sign=False,
                        encipher_only=False,
                        decipher_only=False,
                    ),
                    critical=True,
                )
                .add_extension(
                    x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
                )
                .sign(ca_key, hashes.SHA256())
            )
            if not key_path.exists():
                _write_atomic(key_path, _pem_key(key))
            _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        _cache[(str(self.directory), key_id)] = (key, cert)
        return signed_by(cert)

    def ensure_key(self, *, key_id: str, common_name: str, iin: str | None = None) -> SignedBy:
        """The certificate of ``key_id``, issued now when missing, expired or naming someone
        else (a changed name gets a new certificate, as at the state PKI)."""
        try:
            _key, cert = self._load(key_id)
        except SignatureError:
            return self.enroll(key_id=key_id, common_name=common_name, iin=iin)
        current = signed_by(cert)
        now = dt.datetime.now(dt.UTC)
        if (
            current.common_name != common_name.strip()
            or current.iin != iin
            or not current.valid_from <= now <= current.valid_to
        ):
            return self.enroll(key_id=key_id, common_name=common_name, iin=iin)
        return current

    def _load(self, key_id: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        cached = _cache.get((str(self.directory), key_id))
        if cached is not None:
            return cached
        key_path, cert_path = self._key_paths(key_id)
        if not (key_path.exists() and cert_path.exists()):
            raise SignatureError(f"no signing key {key_id!r} in the local test store")
        pair = (
            _load_key(key_path.read_bytes()),
            x509.load_pem_x509_certificate(cert_path.read_bytes()),
        )
        _cache[(str(self.directory), key_id)] = pair
        return pair

    def certificate(self, key_id: str) -> x509.Certificate:
        return self._load(key_id)[1]

    def private_key(self, key_id: str) -> ec.EllipticCurvePrivateKey:
        return self._load(key_id)[0]

    # ------------------------------------------------------------------ SigningBackend

    def sign(self, *, data: bytes, key_id: str) -> bytes:
        key, cert = self._load(key_id)
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(cert, key, hashes.SHA256())
            .sign(
                serialization.Encoding.DER,
                [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
            )
        )

    def verify(self, *, data: bytes, signature: bytes) -> SignedBy:
        return verify_detached(data=data, signature=signature, anchors=[self.ca_certificate])
