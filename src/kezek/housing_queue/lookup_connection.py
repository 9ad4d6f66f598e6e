"""The citizen's position lookup on PostgreSQL: one dedicated connection per server process.

Every thread of a server process runs the public lookup on this one connection, in turn (a
lock), with the statement prepared once and binary results (ADR 0006). Against a connection
per thread, PostgreSQL spent a quarter less CPU per lookup under load (fewer, busier backends),
and a flood of public lookups can hold no more than one database connection per process.
Autocommit, read-only: each lookup sees everything committed before it, as on Django's own
connection outside a transaction.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

# A lookup is a few index ranges; one that runs this long is stuck, and holds up the others.
STATEMENT_TIMEOUT = "5s"
# psycopg prepares nothing by itself below this count; the lookup asks with prepare=True.
_NEVER_BY_ITSELF = 2**31 - 1


class LookupConnection:
    """A lazily opened psycopg connection for one process, used under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self._cursor: Any = None
        self._pid = 0
        # False after the server lost our prepared statements behind psycopg's back (a pooler
        # in transaction mode): the process then runs the lookup on Django's connections.
        self.usable = True

    def _open(self) -> None:
        import psycopg

        params = connections[DEFAULT_DB_ALIAS].get_connection_params()
        for key in ("cursor_factory", "context", "pool", "server_side_binding"):
            params.pop(key, None)
        params["prepare_threshold"] = _NEVER_BY_ITSELF
        connection = psycopg.Connection.connect(autocommit=True, **params)
        connection.execute("SET TIME ZONE 'UTC'")
        connection.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
        self._connection = connection
        self._cursor = psycopg.Cursor(connection)
        self._pid = os.getpid()

    def _close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = self._cursor = None

    def close(self) -> None:
        """Close the connection (tests, before their database is dropped); it reopens on use."""
        with self._lock:
            self._close()
            self.usable = True

    def fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]] | None:
        """The rows of the prepared statement, or None: run it on Django's connection instead."""
        import psycopg

        with self._lock:
            if not self.usable:
                return None
            for attempt in (1, 2):
                if self._connection is None or self._connection.closed or self._pid != os.getpid():
                    # Never the parent's connection in a forked worker.
                    self._open()
                try:
                    self._cursor.execute(sql, params, prepare=True, binary=True)
                    return list(self._cursor.fetchall())
                except psycopg.errors.InvalidSqlStatementName:
                    self.usable = False
                    return None
                except psycopg.errors.QueryCanceled:
                    raise  # the statement timeout: not worth a second try
                except psycopg.OperationalError:
                    # The server restarted or the link broke: a new connection, once.
                    self._close()
                    if attempt == 2:
                        raise
        return None


LOOKUP_CONNECTION = LookupConnection()
