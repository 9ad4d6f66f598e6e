"""The registers' simulator as the project's gateway, for any test that needs it (the registers'
own tests, the window's form, the browser tests): import these fixtures into a conftest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kezek.registries.simulator.population import Population, population_generate
from kezek.registries.simulator.server import SimulatorServer

TODAY = dt.date(2026, 12, 4)
SEED = 2013
HOUSEHOLDS = 300


@pytest.fixture(scope="session")
def population() -> Population:
    return population_generate(seed=SEED, households=HOUSEHOLDS, today=TODAY)


@pytest.fixture
def gateway(population: Population, settings) -> Iterator[SimulatorServer]:
    """The simulator as the project's gateway: the client pointed at it, its signatures checked
    with the project's signature backend (the local test CA), quick timeouts, no rate limit."""
    from kezek.signatures import get_backend

    backend = get_backend()
    server = SimulatorServer(
        population, verify=lambda data, signature: backend.verify(data=data, signature=signature)
    )
    server.start()
    settings.KEZEK_REGISTRIES_URL = server.url
    settings.KEZEK_REGISTRIES_TIMEOUT = 1.0
    settings.KEZEK_REGISTRIES_RETRIES = 1
    settings.KEZEK_REGISTRIES_RATE = 0
    try:
        yield server
    finally:
        server.stop()
