"""The registers' simulator over HTTP: the gateway's synchronous channel on 127.0.0.1.

    POST /gateway/sync   a signed request (protocol.py) → the register's answer, or a SOAP fault
    POST /control        {"mode": "normal"|"slow"|"fail"|"garbage"|"down_for", "delay": s,
                          "registers": [service ids], "count": n} → the fault mode now in force
    GET  /stats          {"requests": {service id: n}, "total": n, "malformed": n, ...}
    POST /stats/reset    the counts back to zero

Fault modes, for the client's tests (retries, timeouts, refusing garbage):
slow — sleep `delay` seconds, then answer; fail — HTTP 503 with a SOAP fault; garbage — HTTP 200
with an answer the adapter must refuse, alternately a well-formed envelope whose facts lack a
required element and bytes that are not XML; down_for — for `delay` seconds, close every
connection without an answer (the gateway unreachable). `registers` limits a mode to some
registers (default all), `count` to the next n requests of them; then it is normal again.

No Django here either: tests start it in-process, `kezek registries simulator` from the command
line with the project's signature backend as `verify`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lxml import etree

from ..adapters import ADAPTERS, parse_request_element
from ..facts import Register
from ..protocol import (
    MAX_MESSAGE_BYTES,
    STATUS_NOT_FOUND,
    STATUS_OK,
    ProtocolError,
    Response,
    fault_envelope,
    parse_request,
    q,
    response_envelope,
    signed_bytes_of,
)
from .population import Population, PopulationError

HOST = "127.0.0.1"  # never another interface: fictitious people, but a real port
SYNC_PATH = "/gateway/sync"
MODES = ("normal", "slow", "fail", "garbage", "down_for")
#: What "garbage" removes from a well-formed answer: the person's birth date, elsewhere the IIN
#: (every adapter requires both).
GARBAGE_DROPS = {Register.PERSONS: "birthDate"}
NOT_XML = b"<html><body>502 Bad Gateway</body>"  # cut short, as a broken proxy would send it
#: Arrival times kept per register (seconds since start), for tests of the rate limit.
ARRIVALS_KEPT = 10_000

#: How often the serving loop looks whether stop() was called (the default half second would
#: be most of a test's time).
POLL_SECONDS = 0.05

Verify = Callable[[bytes, bytes], object]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # noqa: TID251 (no Django here; the date is the gateway's)


@dataclass(frozen=True)
class FaultMode:
    """The fault in force: which, for which registers (None: all), for how many more requests
    (None: until changed) and, for down_for, until when (time.monotonic())."""

    mode: str = "normal"
    delay: float = 0.0
    registers: frozenset[str] | None = None
    count: int | None = None
    until: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "delay": self.delay,
            "registers": sorted(self.registers) if self.registers is not None else None,
            "count": self.count,
        }


@dataclass
class _Stats:
    started: float = field(default_factory=time.monotonic)
    requests: dict[str, int] = field(default_factory=dict)
    arrivals: dict[str, deque[float]] = field(default_factory=dict)
    total: int = 0
    malformed: int = 0
    unknown_service: int = 0
    faults: dict[str, int] = field(default_factory=dict)


class SimulatorServer:
    """The simulator on 127.0.0.1:`port` (0: a free port). `start()` serves in a background
    thread, `serve_forever()` in this one, `stop()` ends both."""

    def __init__(
        self,
        population: Population,
        *,
        port: int = 0,
        verify: Verify | None = None,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.population = population
        self.verify = verify
        self.clock = clock
        self._lock = threading.Lock()
        self._fault = FaultMode()
        self._stats = _Stats()
        self._garbage_served = 0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((HOST, port), _Handler)
        self._httpd.simulator = self

    # ------------------------------------------------------------------ life

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def url(self) -> str:
        """The gateway's synchronous channel, where requests are sent."""
        return self.base_url + SYNC_PATH

    def start(self) -> SimulatorServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": POLL_SECONDS},
            name="registries-simulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=POLL_SECONDS)

    def stop(self) -> None:
        self._stopping.set()  # slow answers stop sleeping
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ fault modes

    @property
    def fault(self) -> FaultMode:
        with self._lock:
            return self._fault

    def set_mode(
        self,
        mode: str,
        *,
        delay: float = 0.0,
        registers: list[str] | tuple[str, ...] | frozenset[str] | None = None,
        count: int | None = None,
    ) -> FaultMode:
        """Put a fault mode in force (ValueError when it is not one); see the module's doc."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise ValueError("delay must be a number of seconds, 0 or more")
        if mode in ("slow", "down_for") and delay <= 0:
            raise ValueError(f"{mode} needs a delay in seconds")
        chosen: frozenset[str] | None = None
        if registers is not None:
            if isinstance(registers, str) or not all(isinstance(r, str) for r in registers):
                raise ValueError("registers must be a list of service ids")
            unknown = sorted(set(registers) - {r.value for r in Register})
            if unknown:
                raise ValueError(f"unknown service ids: {', '.join(unknown)}")
            chosen = frozenset(registers)
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
            raise ValueError("count must be a whole number")
        if count is not None and count < 1:
            raise ValueError("count must be 1 or more")
        fault = FaultMode(
            mode=mode,
            delay=float(delay),
            registers=chosen,
            count=count,
            until=time.monotonic() + delay if mode == "down_for" else None,
        )
        with self._lock:
            self._fault = FaultMode() if mode == "normal" else fault
            return self._fault

    def _fault_for(self, service_id: str) -> FaultMode | None:
        """The fault this request meets, counted against `count`; None: answer normally."""
        with self._lock:
            fault = self._fault
            if fault.mode == "normal":
                return None
            if fault.until is not None and time.monotonic() >= fault.until:
                self._fault = FaultMode()
                return None
            if fault.registers is not None and service_id not in fault.registers:
                return None
            if fault.count is not None:
                left = fault.count - 1
                self._fault = (
                    FaultMode()
                    if left == 0
                    else FaultMode(fault.mode, fault.delay, fault.registers, left, fault.until)
                )
            self._stats.faults[fault.mode] = self._stats.faults.get(fault.mode, 0) + 1
            return fault

    # ------------------------------------------------------------------ counts

    @property
    def stats(self) -> dict[str, Any]:
        """Requests received per register (faulted ones too: tests count the retries), the
        total, the malformed and unknown-service ones, the faults served, and the arrival
        times per register in seconds since start."""
        with self._lock:
            s = self._stats
            return {
                "requests": dict(s.requests),
                "total": s.total,
                "malformed": s.malformed,
                "unknown_service": s.unknown_service,
                "faults": dict(s.faults),
                "arrivals": {k: list(v) for k, v in s.arrivals.items()},
                "fault": self._fault.as_json(),
            }

    def requests_of(self, register: Register | str) -> int:
        with self._lock:
            return self._stats.requests.get(str(register), 0)

    def reset_stats(self) -> None:
        with self._lock:
            self._stats = _Stats()

    def _count(self, *, service_id: str | None = None, kind: str = "") -> None:
        with self._lock:
            s = self._stats
            s.total += 1
            if kind == "malformed":
                s.malformed += 1
            elif kind == "unknown":
                s.unknown_service += 1
            elif service_id is not None:
                s.requests[service_id] = s.requests.get(service_id, 0) + 1
                arrivals = s.arrivals.setdefault(service_id, deque(maxlen=ARRIVALS_KEPT))
                arrivals.append(round(time.monotonic() - s.started, 6))

    # ------------------------------------------------------------------ one request

    def handle_sync(self, raw: bytes) -> tuple[int, bytes] | None:
        """The HTTP status and body for one request to the gateway; None: drop the connection."""
        try:
            request = parse_request(raw)
        except ProtocolError as exc:
            self._count(kind="malformed")
            return _fault(HTTPStatus.INTERNAL_SERVER_ERROR, "soap:Client", str(exc))
        try:
            register = Register(request.service_id)
        except ValueError:
            self._count(kind="unknown")
            return _fault(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "soap:Client",
                f"unknown serviceId {request.service_id!r}",
            )
        self._count(service_id=register.value)

        fault = self._fault_for(register.value)
        if fault is not None:
            if fault.mode == "down_for":
                return None
            if fault.mode == "fail":
                return _fault(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    "soap:Server",
                    f"{register.value} is not available (simulated)",
                )
            if fault.mode == "slow":
                self._stopping.wait(fault.delay)

        if self.verify is not None:
            if not request.signature:
                return _fault(HTTPStatus.INTERNAL_SERVER_ERROR, "soap:Client", "not signed")
            try:
                self.verify(signed_bytes_of(raw), request.signature)
            except Exception as exc:  # whatever the backend raises, the signature does not hold
                return _fault(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    "soap:Client",
                    f"the signature does not hold: {exc}",
                )

        try:
            iin, params = parse_request_element(request.data)
            facts = self.population.answer(register, iin, params)
        except (ProtocolError, PopulationError) as exc:
            return _fault(HTTPStatus.INTERNAL_SERVER_ERROR, "soap:Client", str(exc))

        if fault is not None and fault.mode == "garbage":
            return self._garbage(request.message_id, register, facts)
        if facts is None:
            answer = Response(
                message_id=request.message_id,
                response_date=self.clock(),
                status_code=STATUS_NOT_FOUND,
                status_message=f"{register.value}: no such person",
                data=None,
            )
        else:
            answer = Response(
                message_id=request.message_id,
                response_date=self.clock(),
                status_code=STATUS_OK,
                status_message="OK",
                data=ADAPTERS[register].render(facts),
            )
        return HTTPStatus.OK, response_envelope(answer)

    def _garbage(self, message_id: str, register: Register, facts: object) -> tuple[int, bytes]:
        with self._lock:
            self._garbage_served += 1
            served = self._garbage_served
        if served % 2 == 0:
            return HTTPStatus.OK, NOT_XML
        # Nobody to describe: an element of the wrong name, which every adapter refuses.
        data = ADAPTERS[register].render(facts) if facts is not None else etree.Element(q("nobody"))
        dropped = data.find(q(GARBAGE_DROPS.get(register, "iin")))
        if dropped is not None:
            data.remove(dropped)
        answer = Response(
            message_id=message_id,
            response_date=self.clock(),
            status_code=STATUS_OK,
            status_message="OK",
            data=data,
        )
        return HTTPStatus.OK, response_envelope(answer)


def _fault(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, fault_envelope(code, message)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    simulator: SimulatorServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (its timeout, the slow mode) closes the socket: not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as a client's connection pool expects
    server_version = "KezekRegistriesSimulator/1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle and the client's
    # delayed ACK hold every keep-alive answer ~40 ms (measured: 50 calls/s before, see
    # docs/performance.md).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests make thousands of requests; stats say what arrived."""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: object) -> None:
        self._send(status, json.dumps(value).encode(), "application/json")

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_MESSAGE_BYTES:
            self.close_connection = True
            return None
        return self.rfile.read(length)

    def do_GET(self) -> None:
        if self.path == "/stats":
            self._json(HTTPStatus.OK, self.server.simulator.stats)
        else:
            self._json(HTTPStatus.NOT_FOUND, {"detail": f"no such page: {self.path}"})

    def do_POST(self) -> None:
        simulator = self.server.simulator
        body = self._body()
        if body is None:
            self._send(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                fault_envelope("soap:Client", f"a message has 0 to {MAX_MESSAGE_BYTES} bytes"),
                "text/xml; charset=utf-8",
            )
            return
        if self.path == SYNC_PATH:
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type != "text/xml":
                self._send(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    fault_envelope("soap:Client", "Content-Type must be text/xml (SOAP 1.1)"),
                    "text/xml; charset=utf-8",
                )
                return
            outcome = simulator.handle_sync(body)
            if outcome is None:  # down: the connection ends with no answer at all
                self.close_connection = True
                return
            self._send(outcome[0], outcome[1], "text/xml; charset=utf-8")
        elif self.path == "/control":
            try:
                order = json.loads(body or b"{}")
                if not isinstance(order, dict):
                    raise ValueError("a JSON object is expected")
                fault = simulator.set_mode(
                    order.get("mode", "normal"),
                    delay=order.get("delay", 0),
                    registers=order.get("registers"),
                    count=order.get("count"),
                )
            except ValueError as exc:  # json.JSONDecodeError is a ValueError
                self._json(HTTPStatus.BAD_REQUEST, {"detail": str(exc)})
                return
            self._json(HTTPStatus.OK, fault.as_json())
        elif self.path == "/stats/reset":
            simulator.reset_stats()
            self._json(HTTPStatus.OK, simulator.stats)
        else:
            self._json(HTTPStatus.NOT_FOUND, {"detail": f"no such page: {self.path}"})
