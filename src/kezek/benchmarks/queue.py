"""`kezek bench queue --entries N --json`: the housing queue at scale, measured end to end.

1. a FRESH database: a SQLite file in a temporary directory, or a PostgreSQL database
   `kezek_bench_<pid>` created (and dropped at the end) on the server of --database-url
   (default: this machine's server through its Unix socket, else 127.0.0.1:5432);
2. `migrate`, then N active entries over the three lists imported from a generated CSV through
   the real import service (`queue_import`: checks every row, bulk path) -> import_s;
3. a real server (gunicorn, gthread workers, bound to 127.0.0.1 on a free port) on that
   database; 16 keep-alive connections for S seconds against /api/v1/health, then against
   /api/v1/queue/position with random existing (IIN, request number) pairs -> *_rps, p99, ratio;
4. head removals: the first entry of the longest list removed through `queue_entry_remove`,
   20 times; the median wall time of the service call -> head_removal_ms, with the new head at
   1, the next at 2 and the tail at a brute-force COUNT(*) after each removal;
5. a brute-force recount (every list sorted by key in full) of a sample of positions served by
   the HTTP endpoint after the run -> positions_exact; the block counters are checked too.

Prints nothing on stdout itself (the `kezek bench` dispatcher prints the returned dict as one JSON
line); progress goes to stderr. Talks to this machine only (127.0.0.1, Unix sockets).

The phases that need Django on the benchmark database run in child processes
(`python -m kezek.benchmarks.queue --child PHASE`) with that database in their environment,
so the calling process's own database is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
LIST_SHARES = (
    ("socially_vulnerable", 0.60),
    ("public_servants", 0.25),
    ("emergency_dwelling", 0.15),
)
SECOND_LIST_SHARE = 0.05  # families on two lists: one request, two entries
SURNAMES = (
    "Сапаров",
    "Әлиев",
    "Қасымов",
    "Нұрланов",
    "Өмірбеков",
    "Жұмабаев",
    "Ғабитов",
    "Үсенов",
    "Іргебаев",
    "Смағұлов",
)
NAMES = ("Ғабит", "Әйгерім", "Қанат", "Нұргүл", "Өркен", "Ұлан", "Үміт", "Іңкәр", "Айжан", "Ерлан")
PATRONYMICS = ("Әлиұлы", "Қанатқызы", "Серікұлы", "Ботақызы", "")


def log(message: str) -> None:
    sys.stderr.write(f"[bench queue] {message}\n")
    sys.stderr.flush()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kezek bench queue", description=__doc__.split("\n")[0])
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


# --- data ------------------------------------------------------------------------------------


def _iins(count: int, rng: random.Random) -> list[str]:
    """`count` distinct valid IINs (birth dates 1940-2005, serials upward)."""
    from kezek.core.iin import check_digit

    out: list[str] = []
    base = dt.date(1940, 1, 1)
    days = (dt.date(2005, 12, 31) - base).days
    serial = 0
    while len(out) < count:
        serial += 1
        for offset in range(0, days, 1):
            day = base + dt.timedelta(days=offset)
            century = 3 if day.year < 2000 else 5
            first = f"{day:%y%m%d}{century + (serial % 2)}{serial:04d}"
            digit = check_digit(first)
            if digit is not None:
                out.append(first + str(digit))
                if len(out) == count:
                    break
    rng.shuffle(out)
    return out


def generate(entries: int, path: Path, rng: random.Random) -> list[tuple[str, str]]:
    """Write the import CSV; return the (IIN, request number) pairs that exist."""
    iins = _iins(entries, rng)  # at most one family per entry
    codes = [c for c, _s in LIST_SHARES]
    weights = [s for _c, s in LIST_SHARES]
    start = dt.datetime(2005, 1, 10, 9, 0, 0)
    span = int((dt.datetime(2026, 10, 30, 18, 0, 0) - start).total_seconds())
    pairs: list[tuple[str, str]] = []
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("list,request_number,iin,last_name,first_name,patronymic,accepted_at\n")
        for i, iin in enumerate(iins):
            if written >= entries:
                break
            # Several acceptances in the same second now and then: the request number decides.
            moment = start + dt.timedelta(seconds=rng.randrange(0, span) // 7 * 7)
            number = f"AKT-{moment.year}-{i + 1:07d}"
            first_list = rng.choices(codes, weights)[0]
            lists = [first_list]
            if written + 2 <= entries and rng.random() < SECOND_LIST_SHARE:
                lists.append(rng.choice([c for c in codes if c != first_list]))
            name = (rng.choice(SURNAMES), rng.choice(NAMES), rng.choice(PATRONYMICS))
            stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
            for code in lists:
                out.write(f"{code},{number},{iin},{name[0]},{name[1]},{name[2]},{stamp}\n")
                written += 1
            pairs.append((iin, number))
    return pairs


# --- database and processes ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# PostgreSQL on the same machine, as Kezek is deployed on one: through its Unix socket, which
# spares both sides the loopback TCP stack (docs/performance.md gives the figures of both).
PG_SOCKET_DIR = Path("/var/run/postgresql")


def default_postgres_url() -> str:
    if (PG_SOCKET_DIR / ".s.PGSQL.5432").exists():
        return f"postgres://postgres@{urllib.parse.quote(str(PG_SOCKET_DIR), safe='')}/postgres"
    return "postgres://postgres@127.0.0.1:5432/postgres"


class Environment(contextlib.AbstractContextManager["Environment"]):
    """A temporary directory, a fresh database, and the environment of the child processes."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.pg_admin_url: str | None = None
        self.pg_db: str | None = None
        if args.engine == "postgres":
            base = args.database_url or os.environ.get("DATABASE_URL", "")
            if not base.startswith("postgres"):
                base = default_postgres_url()
            parts = urllib.parse.urlsplit(base)
            host = urllib.parse.unquote(parts.hostname or "")
            if host not in LOCAL_HOSTS and not host.startswith("/"):
                raise SystemExit(
                    "the benchmark only talks to this machine: give a PostgreSQL URL on"
                    " 127.0.0.1 or its Unix socket (postgres://postgres@%2Fvar%2Frun%2Fpostgresql/x)"
                )
            self.pg_db = f"kezek_bench_{os.getpid()}"
            self.pg_admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
            self.database_url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.pg_db}"))
        self.tmp = Path(tempfile.mkdtemp(prefix="kezek-bench-queue-"))
        self.via = "file"
        if self.pg_db is not None:
            self.via = "unix socket" if "@%2F" in self.database_url.upper() else "tcp"
        if args.engine == "sqlite":
            self.database_url = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        (self.tmp / "static").mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SETTINGS_MODULE": "kezek.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.database_url,
            # Persistent connections, as production runs them (the default 0 reconnects per request).
            "DATABASE_CONN_MAX_AGE": "600",
            "KEZEK_VAR_DIR": str(self.tmp),
            "KEZEK_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def __enter__(self) -> Environment:
        if self.pg_db is not None:
            self._pg(f'DROP DATABASE IF EXISTS "{self.pg_db}"')
            self._pg(f'CREATE DATABASE "{self.pg_db}"')
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pg_db is not None:
            try:
                self._pg(f'DROP DATABASE IF EXISTS "{self.pg_db}" WITH (FORCE)')
            except Exception as error:  # report it, keep cleaning up
                log(f"could not drop {self.pg_db}: {error}")
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _pg(self, sql: str) -> None:
        import psycopg

        assert self.pg_admin_url is not None
        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def run(self, *cmd: str, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603 - our own interpreter and module
            list(cmd), env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:4])} failed:\n{result.stderr[-4000:]}")
        return result

    def child(self, phase: str, payload: dict[str, Any]) -> dict[str, Any]:
        arg_file = self.tmp / f"{phase}.json"
        arg_file.write_text(json.dumps(payload), encoding="utf-8")
        result = self.run(
            sys.executable, "-m", "kezek.benchmarks.queue", "--child", phase, str(arg_file)
        )
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))

    @contextlib.contextmanager
    def server(self) -> Iterator[tuple[int, int]]:
        port = _free_port()
        cmd = [
            sys.executable, "-m", "gunicorn", "kezek.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--worker-class", "gthread",
            "--workers", str(self.args.workers),
            "--threads", str(self.args.threads),
            "--keep-alive", "120",
            "--backlog", "512",
            "--log-level", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"gunicorn exited: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
                    )
                try:
                    status, _body, _ms = _get(
                        http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/api/v1/health"
                    )
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 s")
                time.sleep(0.2)
            yield port, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- load ------------------------------------------------------------------------------------


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


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
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
                status, _body, ms = _get(conn, rng.choice(paths))
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


def _position_path(iin: str, number: str) -> str:
    return "/api/v1/queue/position?" + urllib.parse.urlencode(
        {"iin": iin, "request_number": number}
    )


def served_positions(port: int, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    served = []
    for iin, number in pairs:
        status, body, _ms = _get(conn, _position_path(iin, number))
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


# --- the run ---------------------------------------------------------------------------------


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
            _position_path(i, n) for i, n in rng.sample(pairs, min(len(pairs), 200_000))
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


# --- child phases (run with the benchmark database in the environment) -----------------------


def _child_import(payload: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from kezek.housing_queue.models import QueueEntry
    from kezek.housing_queue.services.imports import queue_import
    from kezek.offices.models import District

    data = Path(payload["path"]).read_bytes()
    district = District.objects.get(code="akt")
    started = time.perf_counter()
    report = queue_import(
        actor=None, district=district, data=data, filename="queue.csv", dry_run=False
    )
    service_s = time.perf_counter() - started
    if not report.applied:
        raise RuntimeError(f"import refused: {report.problems[:5]}")
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # Visibility map and statistics, so that counts are index-only scans from the start.
        with connection.cursor() as cursor:
            for table in (
                "housing_queue_queueentry",
                "housing_queue_queueblock",
                "housing_queue_queueevent",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    vacuum_s = time.perf_counter() - started
    # The import written to disk for good (a checkpoint, then the page cache flushed), and
    # counted in import_s: otherwise the writes of a million rows would go on in the
    # background during the load phases and be charged to whichever endpoint they hit.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()
    checkpoint_s = time.perf_counter() - started
    return {
        "entries": QueueEntry.objects.count(),
        "service_s": round(service_s, 2),
        "vacuum_s": round(vacuum_s, 2),
        "checkpoint_s": round(checkpoint_s, 2),
        "import_s": round(service_s + vacuum_s + checkpoint_s, 2),
        "created": report.created,
    }


def _child_remove(payload: dict[str, Any]) -> dict[str, Any]:
    from django.db.models import Count

    from kezek.accounts.models import Role, User
    from kezek.housing_queue import ranking
    from kezek.housing_queue.models import QueueEntry, QueueList
    from kezek.housing_queue.selectors import queue_entry_position
    from kezek.housing_queue.services.leaving import queue_entry_remove
    from kezek.offices.models import Office

    office = Office.objects.get(code="akt-ab")
    admin, _created = User.objects.get_or_create(
        username="bench-admin",
        defaults={"role": Role.ADMINISTRATOR, "office": office, "last_name": "Бенчмарк"},
    )
    lists = list(QueueList.objects.filter(district=office.district))
    longest = max(lists, key=lambda ql: ranking.active_total(ql.pk))
    timings: list[float] = []
    exact = True
    today = dt.date.today()

    def head(n: int) -> list[QueueEntry]:
        return list(
            QueueEntry.objects.filter(queue_list=longest, status="active")
            .select_related("queue_list__district")
            .order_by("sort_key")[:n]
        )

    for i in range(int(payload["count"])):
        first = head(1)[0]
        started = time.perf_counter()
        queue_entry_remove(
            actor=admin,
            entry=first,
            reason="own_request",
            decision_number=f"BENCH-{i + 1}",
            decision_date=today,
        )
        timings.append((time.perf_counter() - started) * 1000)
        new_head, second = head(2)
        tail = (
            QueueEntry.objects.filter(queue_list=longest, status="active")
            .order_by("-sort_key")
            .first()
        )
        total = QueueEntry.objects.filter(queue_list=longest, status="active").aggregate(
            n=Count("id")
        )["n"]
        exact = exact and (
            queue_entry_position(entry=first) is None
            and queue_entry_position(entry=new_head) == 1
            and queue_entry_position(entry=second) == 2
            and tail is not None
            and queue_entry_position(entry=tail) == total
        )
    heads = head(3)
    # The last entry of every list too: its position is the list's length.
    tails = [
        e
        for e in (
            QueueEntry.objects.filter(queue_list=ql, status="active").order_by("-sort_key").first()
            for ql in lists
        )
        if e is not None
    ]
    return {
        "count": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "max_ms": round(max(timings), 2),
        "exact_after_each": exact,
        "head_pairs": [(e.iin, e.request_number) for e in heads + tails],
    }


def _child_recount(payload: dict[str, Any]) -> dict[str, Any]:
    from kezek.housing_queue import ranking
    from kezek.housing_queue.models import QueueEntry, QueueList

    truth: dict[tuple[str, str], int] = {}
    lists = list(QueueList.objects.all())
    for queue_list in lists:
        # Brute force: the whole list sorted by key, counted one by one.
        rows = (
            QueueEntry.objects.filter(queue_list=queue_list, status="active")
            .order_by("sort_key")
            .values_list("request_number", flat=True)
            .iterator(chunk_size=50_000)
        )
        for rank, number in enumerate(rows, start=1):
            truth[(queue_list.code, number)] = rank
    served = payload["served"]
    mismatches = [
        s
        for s in served
        if s.get("status") != 200 or truth.get((s["list"], s["request_number"])) != s["position"]
    ]
    return {
        "checked": len(served),
        "mismatches": len(mismatches),
        "examples": mismatches[:5],
        "blocks_consistent": ranking.blocks_consistent([ql.pk for ql in lists]) == [],
    }


CHILDREN = {"import": _child_import, "remove": _child_remove, "recount": _child_recount}


def _child_main(phase: str, arg_file: str) -> None:
    import django

    django.setup()
    payload = json.loads(Path(arg_file).read_text(encoding="utf-8"))
    result = CHILDREN[phase](payload)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child_main(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(run_benchmark(sys.argv[1:]), ensure_ascii=False))
