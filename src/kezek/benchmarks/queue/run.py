"""The run: fresh database, import, load, head removals, recount; returns the figures."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from typing import Any

from kezek.benchmarks.queue import __doc__ as SUITE_DOC
from kezek.benchmarks.queue.data import generate
from kezek.benchmarks.queue.environment import Environment, log
from kezek.benchmarks.queue.load import CpuMeter, measure, position_path, served_positions


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kezek bench queue", description=(SUITE_DOC or "").split("\n")[0]
    )
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default=None)
    parser.add_argument(
        "--database-url",
        default=None,
        help="the PostgreSQL server: postgres://…@127.0.0.1/… or @%%2Fvar%%2Frun%%2Fpostgresql/…",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="each load phase")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating health/lookup slices per phase"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--removals", type=int, default=20)
    parser.add_argument(
        "--sample", type=int, default=300, help="positions recounted by brute force"
    )
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument(
        "--json", action="store_true", help="(the output is always one JSON object)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.entries < 10:
        parser.error("--entries must be at least 10")
    if args.engine is None:
        args.engine = "postgres" if (args.database_url or "").startswith("postgres") else "sqlite"
    return args


def run_benchmark(argv: list[str]) -> dict[str, Any]:
    args = _parse(argv)
    # Other work on the machine shares its two cores: recorded with the figures.
    load_before = [round(x, 2) for x in os.getloadavg()]
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data
    with Environment(args) as env:
        log(f"{args.engine}: fresh database {env.pg_db or env.database_url}")
        env.run(sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0")
        csv_path = env.tmp / "queue.csv"
        started = time.perf_counter()
        pairs = generate(args.entries, csv_path, rng)
        log(
            f"generated {args.entries} entries ({len(pairs)} requests) in {time.perf_counter() - started:.1f} s"
        )
        imported = env.child("import", {"path": str(csv_path)})
        log(f"imported: {imported}")
        sample_lookup = [
            position_path(i, n) for i, n in rng.sample(pairs, min(len(pairs), 200_000))
        ]
        with env.server() as (port, gunicorn_pid):
            log(f"gunicorn on 127.0.0.1:{port} ({args.workers} workers x {args.threads} threads)")
            meter = CpuMeter(gunicorn_pid, env.database_url if env.pg_db else None)
            try:
                loads = measure(
                    port,
                    {"health": ["/api/v1/health"], "lookup": sample_lookup},
                    seconds=args.seconds,
                    warmup=args.warmup,
                    rounds=args.rounds,
                    connections=args.connections,
                    seed=args.seed,
                    meter=meter,
                )
            finally:
                meter.close()
            health, lookup = loads["health"], loads["lookup"]
            log(f"health: {health}")
            log(f"lookup: {lookup}")
            removal = env.child("remove", {"count": args.removals})
            log(f"head removals: {removal}")
            # The longest list's new head and its neighbours, the tails, and a random sample.
            check_pairs = [tuple(p) for p in removal["head_pairs"]] + rng.sample(
                pairs, min(len(pairs), args.sample)
            )
            served = served_positions(port, check_pairs)
        recount = env.child("recount", {"served": served})
        log(f"recount: {recount}")
    ratio = lookup["rps"] / health["rps"] if health["rps"] else 0.0
    cpu_ratio = (
        health["cpu_us_per_request"] / lookup["cpu_us_per_request"]
        if health["cpu_us_per_request"] and lookup["cpu_us_per_request"]
        else None
    )
    return {
        "entries": imported["entries"],
        "engine": args.engine,
        "database_via": env.via,
        "import_s": imported["import_s"],
        "lookup_rps": lookup["rps"],
        "lookup_p99_ms": lookup["p99_ms"],
        "health_rps": health["rps"],
        "ratio": round(ratio, 3),
        "head_removal_ms": removal["median_ms"],
        "positions_exact": bool(
            recount["mismatches"] == 0
            and recount["checked"] > 0
            and removal["exact_after_each"]
            and lookup["errors"] == 0
        ),
        "lookup_p50_ms": lookup["p50_ms"],
        # CPU time per request of the server, the database and the load generator together:
        # the rate ratio a quiet machine would give (see docs/performance.md).
        "health_cpu_us": health["cpu_us_per_request"],
        "lookup_cpu_us": lookup["cpu_us_per_request"],
        "cpu_ratio": round(cpu_ratio, 3) if cpu_ratio else None,
        "health_p99_ms": health["p99_ms"],
        "lookup_errors": lookup["errors"],
        "health_errors": health["errors"],
        "lookups_measured": lookup["requests"],
        "head_removal_max_ms": removal["max_ms"],
        "removals": removal["count"],
        "recount_checked": recount["checked"],
        "blocks_consistent": recount["blocks_consistent"],
        "import_service_s": imported["service_s"],
        "import_vacuum_s": imported["vacuum_s"],
        "import_checkpoint_s": imported["checkpoint_s"],
        "seconds_per_phase": args.seconds,
        "rounds": args.rounds,
        "loadavg_before": load_before,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "connections": args.connections,
        "server": f"gunicorn gthread {args.workers}x{args.threads}",
        "cpus": os.cpu_count(),
    }
