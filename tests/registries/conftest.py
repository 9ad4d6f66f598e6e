"""The simulator's fixtures: one population per worker, a signing key of the local test CA, and
a simulator on a free port of 127.0.0.1 per test (its fault mode and counts start clean)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from kezek.registries.adapters import request_element
from kezek.registries.facts import Register
from kezek.registries.protocol import (
    Request,
    canonical,
    new_message_id,
    request_body,
    request_envelope,
)
from kezek.registries.simulator.population import Population
from kezek.registries.simulator.server import SimulatorServer
from kezek.signatures import LocalBackend
from tests.gateway import HOUSEHOLDS, SEED, TODAY, gateway, population

__all__ = ["HOUSEHOLDS", "SEED", "TODAY", "gateway", "population"]

KEY_ID = "official:registries-test"
SENDER = "KEZEK-AKT"


@pytest.fixture(scope="session")
def signer(tmp_path_factory: pytest.TempPathFactory) -> LocalBackend:
    backend = LocalBackend(Path(tmp_path_factory.mktemp("pki")))
    backend.ensure_key(key_id=KEY_ID, common_name="Kezek registries test")
    return backend


def gateway_request(
    register: Register | str,
    iin: str,
    params: Mapping[str, str] | None = None,
    *,
    signer: LocalBackend | None = None,
    sign_over: bytes | None = None,
) -> bytes:
    """A request as the client sends it; signed over its requestData (or `sign_over`)."""
    request = Request(
        message_id=new_message_id(),
        message_date=dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC),
        service_id=str(register),
        sender_id=SENDER,
        data=request_element(
            register if isinstance(register, Register) else Register.PERSONS, iin, params or {}
        ),
    )
    if signer is not None:
        data = sign_over if sign_over is not None else canonical(request_body(request))
        signature = signer.sign(data=data, key_id=KEY_ID)
        request = dataclasses.replace(request, signature=signature, key_id=KEY_ID)
    return request_envelope(request)


@pytest.fixture
def simulator(population: Population, signer: LocalBackend) -> Iterator[SimulatorServer]:
    server = SimulatorServer(
        population, verify=lambda data, signature: signer.verify(data=data, signature=signature)
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


def post(client: httpx.Client, server: SimulatorServer, body: bytes) -> httpx.Response:
    return client.post(
        server.url, content=body, headers={"Content-Type": "text/xml; charset=utf-8"}
    )
