"""The benchmark itself at a small size: a fresh database, the real import, a real server, the
load, head removals and the brute-force recount, all in one call (slow: ~30 s)."""

from __future__ import annotations

import os

import pytest

from kezek.benchmarks.queue.run import run_benchmark


@pytest.mark.slow
def test_small_benchmark_runs_end_to_end(is_postgres) -> None:
    argv = ["--entries", "2000", "--seconds", "2", "--warmup", "0.5", "--rounds", "2"]
    argv += ["--removals", "5", "--sample", "60", "--json"]
    if is_postgres:
        argv += ["--engine", "postgres", "--database-url", os.environ["DATABASE_URL"]]
    result = run_benchmark(argv)
    assert result["entries"] == 2000
    assert result["engine"] == ("postgres" if is_postgres else "sqlite")
    assert result["positions_exact"] is True
    assert result["blocks_consistent"] is True
    assert result["recount_checked"] >= 60
    assert result["lookup_errors"] == 0
    assert result["removals"] == 5
    for key in (
        "import_s",
        "lookup_rps",
        "lookup_p99_ms",
        "health_rps",
        "ratio",
        "head_removal_ms",
    ):
        assert result[key] > 0, key
    assert result["ratio"] == pytest.approx(result["lookup_rps"] / result["health_rps"], abs=0.001)


def test_bench_refuses_a_remote_database() -> None:
    with pytest.raises(SystemExit):
        run_benchmark(["--entries", "100", "--database-url", "postgres://u@db.example.kz/x"])
