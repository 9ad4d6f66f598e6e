"""The gateway client: one signed SOAP call per register question, with a timeout, a few quick
retries and a rate limit per register, all from settings (docs/settings.md).

A call returns a `CallResult` whatever happens: the answer, "no such person", "did not answer"
or "answered off the format", with the raw answer kept as evidence. The caller records it
(`services.gateway_call_record`); nothing here writes to the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils import timezone

from kezek.signatures import LocalBackend, SignatureError, get_backend

from . import adapters, protocol
from .facts import Facts, Register

ANSWERED, NOT_FOUND, UNAVAILABLE, MALFORMED = "answered", "not_found", "unavailable", "malformed"


@dataclass(frozen=True)
class CallResult:
    register: Register
    iin: str
    message_id: str
    requested_at: dt.datetime
    answered_at: dt.datetime
    outcome: str  # ANSWERED, NOT_FOUND, UNAVAILABLE, MALFORMED
    facts: Facts | None = None
    payload: bytes = b""
    error: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.payload).hexdigest() if self.payload else ""

    @property
    def settled(self) -> bool:
        """The register gave an answer (facts or "no such person"); else ask again later."""
        return self.outcome in (ANSWERED, NOT_FOUND)


class RateLimit:
    """At most `rate` calls a second to one register from this process (a token bucket)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        if self.rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 1.0 / self.rate
        if start > now:
            time.sleep(start - now)


_limits: dict[tuple[str, float], RateLimit] = {}
_limits_lock = threading.Lock()
_keys_ready: set[tuple[str, str]] = set()  # (the local store's directory, key id)
_keys_lock = threading.Lock()


def _limit_for(register: Register) -> RateLimit:
    rates = dict(settings.KEZEK_REGISTRIES_RATES)
    rate = float(rates.get(register.value, settings.KEZEK_REGISTRIES_RATE))
    with _limits_lock:
        return _limits.setdefault((register.value, rate), RateLimit(rate))


def registries_configured() -> bool:
    return bool(settings.KEZEK_REGISTRIES_URL)


def http_client() -> httpx.Client:
    """One connection pool for a run of calls (a file's, a batch's)."""
    return httpx.Client(timeout=settings.KEZEK_REGISTRIES_TIMEOUT)


def _sign(data: bytes) -> tuple[bytes, str]:
    backend = get_backend()
    key_id: str = settings.KEZEK_REGISTRIES_KEY_ID
    ready = (str(getattr(backend, "directory", "")), key_id)
    if isinstance(backend, LocalBackend) and ready not in _keys_ready:
        with _keys_lock:  # the window and the portal ask from several threads at once
            if ready not in _keys_ready:
                # The test and demo key of the authorized body; production's is in NCANode's.
                backend.ensure_key(
                    key_id=key_id, common_name="Kezek: the authorized body (gateway)"
                )
                _keys_ready.add(ready)
    return backend.sign(data=data, key_id=key_id), key_id


def register_call(
    *,
    register: Register,
    iin: str,
    params: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    message_id: str | None = None,
) -> CallResult:
    """Ask one register about one person. A caller with a time budget (`consult`: the window,
    the portal) narrows the settings' `timeout` and `retries`; `message_id` names a call it may
    stop waiting for."""
    message_id = message_id or protocol.new_message_id()
    timeout = settings.KEZEK_REGISTRIES_TIMEOUT if timeout is None else timeout
    retries = settings.KEZEK_REGISTRIES_RETRIES if retries is None else retries
    requested_at = timezone.now()
    request = protocol.Request(
        message_id=message_id,
        message_date=requested_at,
        service_id=register.value,
        sender_id=settings.KEZEK_REGISTRIES_SENDER_ID,
        data=adapters.request_element(register, iin, params or {}),
    )

    def result(outcome: str, **kwargs: object) -> CallResult:
        return CallResult(
            register=register,
            iin=iin,
            message_id=message_id,
            requested_at=requested_at,
            answered_at=timezone.now(),
            outcome=outcome,
            **kwargs,  # type: ignore[arg-type]
        )

    try:
        signature, key_id = _sign(protocol.canonical(protocol.request_body(request)))
    except SignatureError as exc:
        return result(UNAVAILABLE, error=f"signing failed: {exc}")
    body = protocol.request_envelope(
        dataclasses.replace(request, signature=signature, key_id=key_id)
    )
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    payload = b""
    error = ""
    try:
        for attempt in range(1 + retries):
            if attempt:
                time.sleep(min(0.2 * 2 ** (attempt - 1), 2.0))
            _limit_for(register).wait()
            try:
                response = http.post(
                    settings.KEZEK_REGISTRIES_URL,
                    content=body,
                    headers={
                        "Content-Type": "text/xml; charset=utf-8",
                        "SOAPAction": "SendMessage",
                    },
                    timeout=timeout,
                )
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
                continue
            payload = response.content
            if response.status_code >= 500 or response.status_code == 429:
                error = f"HTTP {response.status_code}"
                continue
            error = ""
            break
        if error:
            return result(UNAVAILABLE, payload=payload, error=error)
    finally:
        if own:
            http.close()
    try:
        answer = protocol.parse_response(payload)
        if answer.message_id != message_id:
            raise protocol.ProtocolError("answers another message", path="responseInfo/messageId")
        if answer.status_code == protocol.STATUS_NOT_FOUND:
            return result(NOT_FOUND, payload=payload)
        if answer.status_code != protocol.STATUS_OK:
            return result(
                UNAVAILABLE,
                payload=payload,
                error=f"status {answer.status_code}: {answer.status_message}",
            )
        if answer.data is None:
            raise protocol.ProtocolError("no data in an answer", path="responseData/data")
        facts = adapters.facts_parse(register, answer.data, iin=iin)
    except protocol.ProtocolError as exc:
        return result(MALFORMED, payload=payload, error=str(exc))
    return result(ANSWERED, payload=payload, facts=facts)
