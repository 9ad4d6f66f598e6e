"""kezek bench registries: how fast a batch of persons is checked against the registers.

    kezek bench registries [--persons 100000] [--concurrency 8] [--registers R,R,…]
                           [--rate 0] [--record-sample 2000]

Starts the registers' simulator as its own process (`kezek registries simulator`, as `make run`
does) with a population of at least `--persons` people, then asks the registers the queue's
inventory needs (by default the persons register, the real-estate register and the address
register) about every person, `--concurrency` calls in flight, each request signed and each
answer parsed and checked as in production. Prints calls a second, persons a second, the
latency's p50/p95/p99, the outcomes, and the cost of recording the calls (`GatewayCall` rows)
measured on a sample inside a transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from typing import Any


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kezek bench registries")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--registers", default="GBDFL_PERSON,REAL_ESTATE_RIGHTS,ADDRESS_REGISTRATION"
    )
    parser.add_argument("--rate", type=float, default=0.0, help="calls/s per register (0: none)")
    parser.add_argument("--record-sample", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args(argv)
    if args.persons < 1 or args.concurrency < 1 or args.record_sample < 0:
        parser.error("--persons and --concurrency must be at least 1, --record-sample at least 0")
    return args


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the simulator exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the simulator did not start listening")


def run_benchmark(argv: list[str]) -> dict[str, Any]:
    args = _parse(argv)
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings

    from kezek.registries.batch import persons_check
    from kezek.registries.facts import Register
    from kezek.registries.models import Purpose
    from kezek.registries.services import gateway_call_record
    from kezek.registries.simulator.population import population_generate

    registers = [Register(code.strip()) for code in args.registers.split(",") if code.strip()]
    # A household averages ~3.7 people (the simulator's mix): ask for enough of them.
    households = max(14, int(args.persons / 3.5) + 14)
    today = dt.date.today()
    started = time.perf_counter()
    population = population_generate(seed=args.seed, households=households, today=today)
    iins = [iin for _n, iin in zip(range(args.persons), population.iins(), strict=False)]
    build_s = time.perf_counter() - started

    port = _free_port()
    env = {**os.environ, "KEZEK_REGISTRIES_SIMULATOR_VERIFY": "true"}
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [
            sys.executable,
            "-m",
            "kezek.cli",
            "registries",
            "simulator",
            "--port",
            str(port),
            "--seed",
            str(args.seed),
            "--households",
            str(households),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, server)
        url = f"http://127.0.0.1:{port}/gateway/sync"
        with override_settings(
            KEZEK_REGISTRIES_URL=url,
            KEZEK_REGISTRIES_RATE=args.rate,
            KEZEK_REGISTRIES_RATES={},
            KEZEK_REGISTRIES_RETRIES=2,
            KEZEK_REGISTRIES_TIMEOUT=10.0,
        ):
            # Warm up: the signing key, connections.
            list(persons_check(iins=iins[:20], registers=registers, on=today, concurrency=2))
            latencies: list[float] = []
            outcomes: dict[str, int] = {}
            t0 = time.perf_counter()
            for result in persons_check(
                iins=iins, registers=registers, on=today, concurrency=args.concurrency
            ):
                latencies.append((result.answered_at - result.requested_at).total_seconds())
                outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
            elapsed = time.perf_counter() - t0

            results = []
            record_s = 0.0
            from django.db import connection

            migrated = "registries_gatewaycall" in connection.introspection.table_names()
            if args.record_sample and migrated:
                sample = iins[: max(1, args.record_sample // len(registers))]
                results = list(
                    persons_check(iins=sample, registers=registers, on=today, concurrency=2)
                )
                t1 = time.perf_counter()
                with transaction.atomic():
                    for result in results:
                        gateway_call_record(result=result, purpose=Purpose.INVENTORY)
                    record_s = time.perf_counter() - t1
                    transaction.set_rollback(True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    calls = len(latencies)
    return {
        "suite": "registries",
        "persons": len(iins),
        "registers": [r.value for r in registers],
        "concurrency": args.concurrency,
        "rate_limit_per_register": args.rate,
        "calls": calls,
        "elapsed_s": round(elapsed, 2),
        "calls_per_s": round(calls / elapsed, 1) if elapsed else None,
        "persons_per_s": round(len(iins) / elapsed, 1) if elapsed else None,
        "latency_p50_ms": pct(0.50),
        "latency_p95_ms": pct(0.95),
        "latency_p99_ms": pct(0.99),
        "latency_mean_ms": round(1000 * statistics.fmean(ordered), 2) if ordered else None,
        "outcomes": outcomes,
        "population_build_s": round(build_s, 2),
        "record_sample_calls": len(results),
        "record_note": "" if migrated else "the database is not migrated: run `kezek migrate`",
        "record_ms_per_call": round(1000 * record_s / len(results), 3) if results else None,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "signing_backend": settings.KEZEK_SIGNING_BACKEND,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load": round(os.getloadavg()[0], 2),
    }
