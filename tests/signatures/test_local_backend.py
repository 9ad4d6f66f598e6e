"""The local backend: real detached CMS signatures with test certificates, and real checks."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms

from kezek.signatures import (
    LocalBackend,
    NCANodeBackend,
    SignatureError,
    get_backend,
    key_for_official,
    official_key_id,
)
from kezek.signatures.testing import sign_as_citizen, sign_as_official

IIN = "800505300011"
DATA = "Өтініш № AKT-2026-00001: ә ғ қ ң ө ұ ү һ і".encode()


@pytest.fixture
def backend(settings, tmp_path: Path) -> LocalBackend:
    settings.KEZEK_SIGNING_BACKEND = "local"
    settings.KEZEK_LOCAL_SIGNING_DIR = str(tmp_path / "pki")
    backend = get_backend()
    assert isinstance(backend, LocalBackend)
    return backend


def test_citizen_signature_verifies_and_names_the_signer(backend: LocalBackend) -> None:
    signature = sign_as_citizen(DATA, iin=IIN, name="САПАРОВ ҒАБИТ")
    who = backend.verify(data=DATA, signature=signature)
    assert who.iin == IIN
    assert who.common_name == "САПАРОВ ҒАБИТ"
    assert who.valid_from <= dt.datetime.now(dt.UTC) <= who.valid_to
    assert len(who.serial) >= 16
    # The certificate carries the IIN the Kazakh way: subject serialNumber = IIN + 12 digits.
    cert = backend.certificate(f"citizen:{IIN}")
    assert "2.5.4.5=IIN800505300011" in cert.subject.rfc4514_string()


def test_signature_is_detached_der_cms(backend: LocalBackend) -> None:
    signature = sign_as_official(DATA, username="head", name="Байжанов Жанайдар")
    info = asn1_cms.ContentInfo.load(signature)
    assert info["content_type"].native == "signed_data"
    assert info["content"]["encap_content_info"]["content"].native is None
    assert DATA not in signature
    assert backend.verify(data=DATA, signature=signature).iin is None


def test_one_changed_byte_of_the_data_fails(backend: LocalBackend) -> None:
    signature = sign_as_citizen(DATA, iin=IIN, name="Сапаров Ғабит")
    changed = bytearray(DATA)
    changed[5] ^= 0x01
    with pytest.raises(SignatureError, match="changed"):
        backend.verify(data=bytes(changed), signature=signature)


def test_a_tampered_signature_value_fails(backend: LocalBackend) -> None:
    signature = bytearray(sign_as_citizen(DATA, iin=IIN, name="Сапаров Ғабит"))
    signature[-3] ^= 0x40  # inside the signature value (the last field of the SignerInfo)
    with pytest.raises(SignatureError):
        backend.verify(data=DATA, signature=bytes(signature))


@pytest.mark.parametrize("garbage", [b"", b"not a signature", b"\x30\x03\x02\x01\x01"])
def test_garbage_is_a_signature_error_not_a_crash(backend: LocalBackend, garbage: bytes) -> None:
    with pytest.raises(SignatureError):
        backend.verify(data=DATA, signature=garbage)


def test_expired_certificate_fails(backend: LocalBackend) -> None:
    now = dt.datetime.now(dt.UTC)
    backend.enroll(
        key_id="citizen:old",
        common_name="Ескі Сертификат",
        iin=IIN,
        valid_from=now - dt.timedelta(days=800),
        valid_to=now - dt.timedelta(days=1),
    )
    signature = backend.sign(data=DATA, key_id="citizen:old")
    with pytest.raises(SignatureError, match="expired"):
        backend.verify(data=DATA, signature=signature)


def test_certificate_of_another_ca_is_unknown(backend: LocalBackend, tmp_path: Path) -> None:
    stranger = LocalBackend(tmp_path / "other-pki")
    stranger.enroll(key_id="x", common_name="Бөтен", iin=IIN)
    signature = stranger.sign(data=DATA, key_id="x")
    assert stranger.verify(data=DATA, signature=signature).common_name == "Бөтен"
    with pytest.raises(SignatureError, match="unknown certificate"):
        backend.verify(data=DATA, signature=signature)


def test_unknown_key_cannot_sign(backend: LocalBackend) -> None:
    with pytest.raises(SignatureError, match="no signing key"):
        backend.sign(data=DATA, key_id=official_key_id("nobody"))


def test_a_renamed_citizen_gets_a_new_certificate(backend: LocalBackend) -> None:
    first = backend.verify(data=DATA, signature=sign_as_citizen(DATA, iin=IIN, name="Ахметова"))
    again = backend.verify(data=DATA, signature=sign_as_citizen(DATA, iin=IIN, name="Ахметова"))
    renamed = backend.verify(data=DATA, signature=sign_as_citizen(DATA, iin=IIN, name="Сапарова"))
    assert first.serial == again.serial
    assert renamed.serial != first.serial
    assert renamed.common_name == "Сапарова"


def test_key_for_official_prepares_the_local_key(backend: LocalBackend) -> None:
    key_id = key_for_official(username="head", name="Байжанов Жанайдар Төлеуұлы")
    who = backend.verify(data=DATA, signature=backend.sign(data=DATA, key_id=key_id))
    assert who.common_name == "Байжанов Жанайдар Төлеуұлы"


def test_the_store_survives_a_new_process_view(backend: LocalBackend) -> None:
    """The CA and keys are kept on disk: a backend made later over the same directory (another
    process, after a restart) verifies what the first one signed."""
    signature = sign_as_citizen(DATA, iin=IIN, name="Сапаров Ғабит")
    from kezek.signatures import local

    local._cache.clear()
    assert LocalBackend(backend.directory).verify(data=DATA, signature=signature).iin == IIN


def _make_ca(directory: str) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return LocalBackend(directory).ca_certificate.public_bytes(serialization.Encoding.DER)


def test_concurrent_first_use_makes_one_ca(tmp_path: Path) -> None:
    directory = str(tmp_path / "shared-pki")
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        certificates = pool.map(_make_ca, [directory] * 3)
    assert len(set(certificates)) == 1


def test_backend_is_chosen_by_the_setting(settings) -> None:
    settings.KEZEK_SIGNING_BACKEND = "ncanode"
    settings.KEZEK_NCANODE_URL = "http://127.0.0.1:9"
    backend = get_backend()
    assert isinstance(backend, NCANodeBackend)
    assert backend.base_url == "http://127.0.0.1:9"
    settings.KEZEK_SIGNING_BACKEND = "gost-magic"
    with pytest.raises(SignatureError, match="KEZEK_SIGNING_BACKEND"):
        get_backend()
