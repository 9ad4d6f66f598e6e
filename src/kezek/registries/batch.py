"""Checking many persons at once (the queue's inventory, issue 16): bounded concurrency, one
connection pool per worker thread, the rate limit of each register kept (client.RateLimit)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from . import client
from .facts import Register
from .services import income_period


def persons_check(
    *,
    iins: Iterable[str],
    registers: Sequence[Register],
    on: dt.date,
    concurrency: int = 8,
    on_result: Callable[[client.CallResult], None] | None = None,
) -> Iterator[client.CallResult]:
    """Ask `registers` about every IIN, `concurrency` calls in flight at most; results come as
    they settle (not in order). `on_result` runs in the worker thread (e.g. to record)."""
    local = threading.local()
    pools: list[httpx.Client] = []
    lock = threading.Lock()

    def pool() -> httpx.Client:
        http = getattr(local, "http", None)
        if http is None:
            http = client.http_client()
            local.http = http
            with lock:
                pools.append(http)
        return http

    def ask(item: tuple[str, Register]) -> client.CallResult:
        iin, register = item
        params = income_period(on) if register is Register.INCOME else {}
        result = client.register_call(register=register, iin=iin, params=params, client=pool())
        if on_result is not None:
            on_result(result)
        return result

    work = ((iin, register) for iin in iins for register in registers)
    try:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as executor:
            # Keep a bounded window of submitted work: a million IINs are never all queued.
            window = max(1, concurrency) * 4
            pending = []
            for item in work:
                pending.append(executor.submit(ask, item))
                if len(pending) >= window:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    finally:
        for http in pools:
            http.close()
