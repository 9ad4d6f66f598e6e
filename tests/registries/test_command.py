"""`kezek registries simulator` as a process: it says where it listens, checks signatures with
the project's backend and answers like the in-process server."""

from __future__ import annotations

import datetime as dt
import os
import selectors
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from kezek.registries.adapters import facts_parse
from kezek.registries.facts import Register
from kezek.registries.protocol import STATUS_OK, ProtocolError, parse_response
from kezek.registries.simulator.population import population_generate
from kezek.signatures import LocalBackend
from tests.servers import free_port

from .conftest import KEY_ID, gateway_request

SEED, HOUSEHOLDS = 5, 30


def start(port: int, pki: Path, *args: str, **variables: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEZEK_REGISTRIES_")}
    env.update(
        DJANGO_SETTINGS_MODULE="kezek.settings.test",
        KEZEK_LOCAL_SIGNING_DIR=str(pki),
        PYTHONUNBUFFERED="1",
        **variables,
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kezek.cli import main; main()",
            "registries",
            "simulator",
            "--port",
            str(port),
            *args,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process: subprocess.Popen[str], timeout: float = 60) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("the simulator said nothing")
    return process.stdout.readline().strip()


@pytest.fixture
def pki(tmp_path: Path) -> LocalBackend:
    backend = LocalBackend(tmp_path / "pki")
    backend.ensure_key(key_id=KEY_ID, common_name="Kezek registries test")
    return backend


@pytest.fixture
def running(pki: LocalBackend) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = start(port, pki.directory, "--seed", str(SEED), "--households", str(HOUSEHOLDS))
    try:
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def test_the_command_serves_the_population_and_checks_signatures(
    running: tuple[subprocess.Popen[str], int], pki: LocalBackend
) -> None:
    process, port = running
    today = dt.datetime.now(ZoneInfo("Asia/Almaty")).date()
    population = population_generate(seed=SEED, households=HOUSEHOLDS, today=today)
    line = first_line(process)
    assert line == (
        f"Registers' simulator on http://127.0.0.1:{port}/gateway/sync "
        f"({len(population)} persons, seed {SEED})"
    )
    url = f"http://127.0.0.1:{port}/gateway/sync"
    iin = population.cases["owns_flat_elsewhere"]
    with httpx.Client(timeout=10, headers={"Content-Type": "text/xml"}) as http:
        answer = http.post(url, content=gateway_request(Register.REAL_ESTATE, iin, signer=pki))
        response = parse_response(answer.content)
        assert response.status_code == STATUS_OK
        assert response.data is not None
        facts = facts_parse(Register.REAL_ESTATE, response.data, iin=iin)
        assert facts == population.answer(Register.REAL_ESTATE, iin)
        unsigned = http.post(url, content=gateway_request(Register.PERSONS, iin))
        with pytest.raises(ProtocolError, match="not signed"):
            parse_response(unsigned.content)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def test_verification_can_be_switched_off(tmp_path: Path) -> None:
    port = free_port()
    process = start(
        port, tmp_path / "pki", "--households", "20", KEZEK_REGISTRIES_SIMULATOR_VERIFY="false"
    )
    try:
        assert first_line(process).startswith("Registers' simulator on http://127.0.0.1:")
        today = dt.datetime.now(ZoneInfo("Asia/Almaty")).date()
        iin = population_generate(seed=2013, households=20, today=today).cases["clean"]
        answer = httpx.post(
            f"http://127.0.0.1:{port}/gateway/sync",
            content=gateway_request(Register.PERSONS, iin),
            headers={"Content-Type": "text/xml"},
            timeout=10,
        )
        assert parse_response(answer.content).status_code == STATUS_OK
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def test_a_wrong_argument_is_one_line(tmp_path: Path) -> None:
    done = start(0, tmp_path, "--households", "3")
    _out, err = done.communicate(timeout=60)
    assert done.returncode != 0
    assert "--households" in err
    assert "named case" in err
