"""Checking a detached CMS (PKCS#7 SignedData) signature without a service: asn1crypto parses,
``cryptography`` checks the signature over the signed attributes and the certificate chain."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from .base import SignatureError, SignedBy, iin_from_serial_number

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def signed_by(cert: x509.Certificate) -> SignedBy:
    """The signer as the certificate names them (CN, and the IIN from serialNumber)."""
    subject = cert.subject

    def first(oid: x509.ObjectIdentifier) -> str | None:
        values = subject.get_attributes_for_oid(oid)
        value = values[0].value if values else None
        return value if isinstance(value, str) else None

    return SignedBy(
        iin=iin_from_serial_number(first(x509.NameOID.SERIAL_NUMBER)),
        common_name=first(x509.NameOID.COMMON_NAME) or "",
        serial=format(cert.serial_number, "x"),
        valid_from=cert.not_valid_before_utc,
        valid_to=cert.not_valid_after_utc,
    )


def _signed_data(signature: bytes) -> asn1_cms.SignedData:
    try:
        info = asn1_cms.ContentInfo.load(signature)
        if info["content_type"].native != "signed_data":
            raise SignatureError("not a CMS SignedData structure")
        signed = info["content"]
        signed.native  # noqa: B018 (parses the whole structure now, so garbage fails here)
    except SignatureError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError/TypeError/… on malformed input
        raise SignatureError(f"malformed CMS signature: {exc.__class__.__name__}") from exc
    return signed


def _signer_certificate(
    signed: asn1_cms.SignedData, signer: asn1_cms.SignerInfo
) -> x509.Certificate:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                cert.issuer == wanted["issuer"]
                and cert.serial_number == wanted["serial_number"].native
            ):
                return x509.load_der_x509_certificate(cert.dump())
        elif sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return x509.load_der_x509_certificate(cert.dump())
    raise SignatureError("the signer's certificate is not in the signature")


def _check_signature_value(
    cert: x509.Certificate, signer: asn1_cms.SignerInfo, signed_bytes: bytes
) -> None:
    digest_name = signer["digest_algorithm"]["algorithm"].native
    hash_class = _HASHES.get(digest_name)
    if hash_class is None:
        raise SignatureError(f"unsupported digest algorithm {digest_name}")
    value = signer["signature"].native
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            algo = signer["signature_algorithm"].signature_algo
            pad: padding.AsymmetricPadding = (
                padding.PSS(mgf=padding.MGF1(hash_class()), salt_length=padding.PSS.AUTO)
                if algo == "rsassa_pss"
                else padding.PKCS1v15()
            )
            key.verify(value, signed_bytes, pad, hash_class())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(value, signed_bytes, ec.ECDSA(hash_class()))
        else:
            raise SignatureError(f"unsupported key type {type(key).__name__}")
    except InvalidSignature as exc:
        raise SignatureError("the signature value does not match") from exc


def _check_chain(cert: x509.Certificate, anchors: Sequence[x509.Certificate]) -> None:
    for anchor in anchors:
        if cert.issuer != anchor.subject:
            continue
        try:
            cert.verify_directly_issued_by(anchor)
        except (InvalidSignature, ValueError, TypeError):
            continue
        return
    raise SignatureError("the certificate was not issued by a trusted CA (unknown certificate)")


def verify_detached(
    *,
    data: bytes,
    signature: bytes,
    anchors: Sequence[x509.Certificate],
    now: dt.datetime | None = None,
) -> SignedBy:
    """Check one detached CMS signature over ``data``: the message digest, the signature over
    the signed attributes, the chain to one of ``anchors``, and the validity period at ``now``."""
    signed = _signed_data(signature)
    content = signed["encap_content_info"]["content"]
    if content.native is not None and content.native != data:
        raise SignatureError("the signature carries other content than the data")
    signers = list(signed["signer_infos"])
    if len(signers) != 1:
        raise SignatureError(f"expected one signer, found {len(signers)}")
    signer = signers[0]
    cert = _signer_certificate(signed, signer)

    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise SignatureError(f"unsupported digest algorithm {digest_name}")
    attrs = signer["signed_attrs"]
    if not attrs.native:
        raise SignatureError("the signature has no signed attributes")
    by_type = {a["type"].native: a["values"].native for a in attrs}
    message_digest = (by_type.get("message_digest") or [None])[0]
    if message_digest != hashlib.new(digest_name, data).digest():
        raise SignatureError("the data were changed after signing (digest mismatch)")
    # The signature covers the DER of the attributes as a SET OF, not as the [0] field.
    signed_bytes = attrs.untag().dump(force=True)
    _check_signature_value(cert, signer, signed_bytes)

    _check_chain(cert, anchors)
    moment = now or dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc:
        raise SignatureError(
            "the certificate is not valid now (expired or not yet valid): "
            f"{cert.not_valid_before_utc:%Y-%m-%d} – {cert.not_valid_after_utc:%Y-%m-%d}"
        )
    return signed_by(cert)
