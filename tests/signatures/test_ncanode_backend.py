"""The NCANode client against a fake NCANode HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kezek.signatures import (
    LocalBackend,
    NCANodeBackend,
    SignatureError,
    SigningUnavailable,
    get_backend,
    key_for_official,
)

from .fake_ncanode import FakeNCANode, p12_of, running

IIN = "800505300011"
DATA = "Хабарлама: кезектің реттік нөмірі 17".encode()
PASSWORD = "Qwerty12"


@pytest.fixture
def pki(tmp_path: Path) -> LocalBackend:
    pki = LocalBackend(tmp_path / "state-pki")
    pki.enroll(key_id="official:head", common_name="БАЙЖАНОВ ЖАНАЙДАР", iin=IIN)
    return pki


@pytest.fixture
def fake(pki: LocalBackend) -> Iterator[FakeNCANode]:
    with running(FakeNCANode(pki=pki)) as server:
        yield server


@pytest.fixture
def backend(settings, fake: FakeNCANode, pki: LocalBackend, tmp_path: Path) -> NCANodeBackend:
    key_file = tmp_path / "head.p12"
    key_file.write_bytes(p12_of(pki, "official:head", PASSWORD))
    settings.KEZEK_SIGNING_BACKEND = "ncanode"
    settings.KEZEK_NCANODE_URL = fake.url
    settings.KEZEK_NCANODE_KEYS = {"official:head": {"path": str(key_file), "password": PASSWORD}}
    backend = get_backend()
    assert isinstance(backend, NCANodeBackend)
    return backend


def test_sign_sends_a_detached_request_and_returns_der(
    backend: NCANodeBackend, fake: FakeNCANode, pki: LocalBackend
) -> None:
    signature = backend.sign(data=DATA, key_id="official:head")
    path, body = fake.requests[-1]
    assert path == "/cms/sign"
    assert body["detached"] is True
    assert base64.b64decode(body["data"]) == DATA
    assert body["signers"][0]["password"] == PASSWORD
    # A real CMS that an independent check accepts.
    assert pki.verify(data=DATA, signature=signature).common_name == "БАЙЖАНОВ ЖАНАЙДАР"


def test_verify_reads_the_signer_from_the_answer(
    backend: NCANodeBackend, fake: FakeNCANode, pki: LocalBackend
) -> None:
    signature = pki.sign(data=DATA, key_id="official:head")
    who = backend.verify(data=DATA, signature=signature)
    assert (who.iin, who.common_name) == (IIN, "БАЙЖАНОВ ЖАНАЙДАР")
    assert who.serial == format(pki.certificate("official:head").serial_number, "x")
    assert who.valid_to > who.valid_from
    path, body = fake.requests[-1]
    assert path == "/cms/verify"
    assert base64.b64decode(body["data"]) == DATA  # detached: the data travel beside the CMS
    assert body["revocationCheck"] == ["OCSP"]


def test_iin_is_read_from_the_dn_when_not_given_apart(
    backend: NCANodeBackend, fake: FakeNCANode, pki: LocalBackend
) -> None:
    fake.omit_iin = True
    who = backend.verify(data=DATA, signature=pki.sign(data=DATA, key_id="official:head"))
    assert who.iin == IIN


def test_changed_data_do_not_verify(backend: NCANodeBackend, pki: LocalBackend) -> None:
    signature = pki.sign(data=DATA, key_id="official:head")
    with pytest.raises(SignatureError, match="does not hold"):
        backend.verify(data=DATA + b" ", signature=signature)


def test_wrong_key_password_is_a_signature_error(
    backend: NCANodeBackend, settings, tmp_path: Path
) -> None:
    backend.keys["official:head"]["password"] = "wrong"
    with pytest.raises(SignatureError, match="refused") as caught:
        backend.sign(data=DATA, key_id="official:head")
    assert not isinstance(caught.value, SigningUnavailable)


def test_server_error_is_unavailable(backend: NCANodeBackend, fake: FakeNCANode) -> None:
    fake.fail_with = 500
    with pytest.raises(SigningUnavailable, match="HTTP 500"):
        backend.sign(data=DATA, key_id="official:head")


def test_closed_port_is_unavailable(settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = NCANodeBackend(base_url=f"http://127.0.0.1:{port}", keys={}, timeout=2)
    with pytest.raises(SigningUnavailable, match="unreachable"):
        backend.verify(data=DATA, signature=b"\x30\x00")


def test_unconfigured_key_is_refused_before_any_request(
    backend: NCANodeBackend, fake: FakeNCANode
) -> None:
    with pytest.raises(SignatureError, match="no NCANode key"):
        key_for_official(username="clerk", name="Исаева Айгүл")
    with pytest.raises(SignatureError, match="no NCANode key"):
        backend.sign(data=DATA, key_id="official:clerk")
    assert fake.requests == []
