"""The benchmark's temporary directory, fresh database, child processes and server."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kezek.benchmarks.queue.load import get

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def log(message: str) -> None:
    sys.stderr.write(f"[bench queue] {message}\n")
    sys.stderr.flush()


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
                    status, _body, _ms = get(
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
