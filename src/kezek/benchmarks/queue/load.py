"""Keep-alive HTTP load against the server, CPU metering, and the positions it serves."""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any


class CpuMeter:
    """CPU seconds spent by everything that serves a request: the gunicorn processes, the
    PostgreSQL backends of the benchmark database, and this process (the load generator).

    Throughput on a shared two-core machine depends on what else runs; CPU time per request
    much less so: it shows what the ratio would be on a quiet machine.
    """

    def __init__(self, gunicorn_pid: int, pg_url: str | None) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.pg = None
        if pg_url is not None:
            import psycopg

            self.pg = psycopg.connect(pg_url, autocommit=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def _pids(self) -> dict[str, list[int]]:
        server = [self.gunicorn_pid]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.gunicorn_pid:
                    server.append(int(entry))
        database: list[int] = []
        if self.pg is not None:
            rows = self.pg.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            ).fetchall()
            database = [int(r[0]) for r in rows]
        return {"server": server, "database": database}

    def seconds(self) -> dict[str, float]:
        """CPU seconds so far of the server, the database backends and the load generator."""
        out = {"client": time.process_time()}
        for group, pids in self._pids().items():
            total = 0
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += int(fields[11]) + int(fields[12])  # utime, stime
            out[group] = total / self.tick
        return out

    def close(self) -> None:
        if self.pg is not None:
            self.pg.close()


# The server runs the production settings behind a TLS proxy; the proxy's header says HTTPS.
_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "kk", "Connection": "keep-alive"}


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    conn.request("GET", path, headers=_HEADERS)
    response = conn.getresponse()
    body = response.read()
    return response.status, body, (time.perf_counter() - started) * 1000


def _drive(
    port: int, paths: list[str], *, seconds: float, connections: int, seed: int
) -> tuple[list[float], int]:
    """`connections` keep-alive connections, each one request after another, for `seconds`.

    Returns the latency of every request that started within the window, and the errors.
    """
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(index: int) -> None:
        rng = random.Random(seed + index)  # noqa: S311 - load, not secrets
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = latencies[index]
        while time.monotonic() < stop:
            try:
                status, _body, ms = get(conn, rng.choice(paths))
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if status != 200:
                errors[index] += 1
            mine.append(ms)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [ms for per in latencies for ms in per], sum(errors)


def measure(
    port: int,
    phases: dict[str, list[str]],
    *,
    seconds: float,
    warmup: float,
    rounds: int,
    connections: int,
    seed: int,
    meter: CpuMeter | None = None,
) -> dict[str, dict[str, Any]]:
    """Each phase for `seconds` in all, in `rounds` alternating slices after a warm-up.

    Alternating slices (health, lookup, health, lookup, ...) expose both endpoints to the same
    conditions of the machine: a load that comes and goes elsewhere skews neither.
    """
    for paths in phases.values():
        _drive(port, paths, seconds=warmup, connections=connections, seed=seed)
    collected: dict[str, tuple[list[float], int, dict[str, float]]] = {
        name: ([], 0, {}) for name in phases
    }
    for round_ in range(rounds):
        for name, paths in phases.items():
            before = meter.seconds() if meter is not None else {}
            latencies, errors = _drive(
                port,
                paths,
                seconds=seconds / rounds,
                connections=connections,
                seed=seed + round_ * 97,
            )
            after = meter.seconds() if meter is not None else {}
            spent = collected[name][2]
            for group, value in after.items():
                spent[group] = spent.get(group, 0.0) + value - before.get(group, 0.0)
            previous = collected[name]
            collected[name] = (previous[0] + latencies, previous[1] + errors, spent)
    out = {}
    for name, (latencies, errors, spent) in collected.items():
        latencies.sort()
        count = len(latencies)
        out[name] = {
            "requests": count,
            "rps": round(count / seconds, 1),
            "p50_ms": round(latencies[count // 2], 2) if count else None,
            "p99_ms": round(latencies[min(count - 1, int(count * 0.99))], 2) if count else None,
            "errors": errors,
            "cpu_us_per_request": round(sum(spent.values()) / count * 1e6)
            if count and meter
            else None,
            "cpu_us_by_process": {g: round(v / count * 1e6) for g, v in spent.items()}
            if count
            else {},
        }
    return out


def position_path(iin: str, number: str) -> str:
    return "/api/v1/queue/position?" + urllib.parse.urlencode(
        {"iin": iin, "request_number": number}
    )


def served_positions(port: int, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    served = []
    for iin, number in pairs:
        status, body, _ms = get(conn, position_path(iin, number))
        if status != 200:
            served.append({"iin": iin, "request_number": number, "status": status})
            continue
        for entry in json.loads(body)["entries"]:
            served.append(
                {
                    "request_number": number,
                    "list": entry["list"],
                    "position": entry["position"],
                    "status": status,
                }
            )
    conn.close()
    return served
