"""A consultation of the registers within a time budget, for a page a person waits on (the
window's form and the portal's start of an application, ADR 0013).

The registers are asked in parallel on a small thread pool: first the person's own registers,
then the spouse and the children the civil status records name. The threads only send and
parse (no database); this thread records every call that went out as a `GatewayCall` and one
audit record. When the budget runs out, a call still under way is recorded as "did not answer"
under its own message id (a late answer is not waited for), and a call not yet sent is not
sent at all. The file's own fetch at intake asks every register again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kezek.audit.services import audit_record_write

from . import client, protocol
from .facts import CivilStatusFacts, Register
from .models import GatewayCall
from .services import APPLICANT_REGISTERS, MEMBER_REGISTERS, gateway_call_record, register_params

if TYPE_CHECKING:
    from kezek.accounts.models import User

#: The error of a call given up because the page's time budget ran out.
BUDGET_SPENT = "no answer within the time budget"
NOT_SENT = "not asked: the time budget ran out"


@dataclass
class Consultation:
    """What the registers said of the person and their family, within the budget."""

    iin: str
    # IIN → the person's place: "applicant", "spouse" or "child" (as the civil status names them)
    roles: dict[str, str] = field(default_factory=dict)
    # IIN → service id → the call's result (a call not sent: outcome "unavailable", no record)
    results: dict[str, dict[str, client.CallResult]] = field(default_factory=dict)
    # IIN → service id → the GatewayCall's id (absent for a call not sent)
    calls: dict[str, dict[str, int]] = field(default_factory=dict)
    elapsed: float = 0.0


def _unsent(register: Register, iin: str, at: dt.datetime) -> client.CallResult:
    return client.CallResult(
        register=register,
        iin=iin,
        message_id="",
        requested_at=at,
        answered_at=at,
        outcome=client.UNAVAILABLE,
        error=NOT_SENT,
    )


def person_registers_consult_within(
    *,
    iin: str,
    on: dt.date,
    purpose: str,
    budget: float,
    workers: int = 8,
    actor: User | None = None,
    actor_label: str | None = None,
    registers: Iterable[Register] = APPLICANT_REGISTERS,
    family: bool = True,
) -> Consultation:
    """Ask the registers about one person and (with `family`) their spouse and children, in
    parallel, and stop waiting after `budget` seconds in all. Never raises for a register that
    is down, slow or answering garbage: that call's outcome says so."""
    started = time.monotonic()
    deadline = started + budget
    consultation = Consultation(iin=iin, roles={iin: "applicant"})
    # A quick call: no retries, and never longer than what is left of the budget.
    call_timeout = min(float(settings.KEZEK_REGISTRIES_TIMEOUT), budget)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="registries")
    pending: dict[Future[client.CallResult], tuple[str, Register, str, dt.datetime]] = {}

    def submit(subject: str, register: Register) -> None:
        message_id = protocol.new_message_id()
        left = max(deadline - time.monotonic(), 0.1)
        future = pool.submit(
            client.register_call,
            register=register,
            iin=subject,
            params=register_params(register, on),
            timeout=min(call_timeout, left),
            retries=0,
            message_id=message_id,
        )
        pending[future] = (subject, register, message_id, timezone.now())

    def keep(result: client.CallResult) -> None:
        consultation.results.setdefault(result.iin, {})[result.register.value] = result

    for register in registers:
        submit(iin, register)
    try:
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            done, _running = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
            for future in done:
                subject, register, _message_id, _at = pending.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # a bug in one call never fails the page
                    result = client.CallResult(
                        register=register,
                        iin=subject,
                        message_id=_message_id,
                        requested_at=_at,
                        answered_at=timezone.now(),
                        outcome=client.UNAVAILABLE,
                        error=f"{type(exc).__name__}: {exc}",
                    )
                keep(result)
                if (
                    family
                    and subject == iin
                    and isinstance(result.facts, CivilStatusFacts)
                    and result.outcome == client.ANSWERED
                ):
                    for member, role in result.facts.family():
                        if member in consultation.roles:
                            continue
                        consultation.roles[member] = role
                        for member_register in MEMBER_REGISTERS:
                            submit(member, member_register)
        now = timezone.now()
        for future, (subject, register, message_id, at) in list(pending.items()):
            if future.cancel():  # never sent
                keep(_unsent(register, subject, now))
            else:  # under way: recorded as not answered under its message id
                keep(
                    client.CallResult(
                        register=register,
                        iin=subject,
                        message_id=message_id,
                        requested_at=at,
                        answered_at=now,
                        outcome=client.UNAVAILABLE,
                        error=f"{BUDGET_SPENT} ({budget:g} s)",
                    )
                )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    consultation.elapsed = time.monotonic() - started
    _record(consultation, purpose=purpose, actor=actor, actor_label=actor_label)
    return consultation


def _record(
    consultation: Consultation, *, purpose: str, actor: User | None, actor_label: str | None
) -> None:
    """Every call that went out, and one audit record naming the person (access to personal
    data is itself audited, ADR 0013)."""
    with transaction.atomic():
        last: GatewayCall | None = None
        for subject, by_register in consultation.results.items():
            for service_id, result in by_register.items():
                if not result.message_id:
                    continue  # never sent
                call = gateway_call_record(result=result, purpose=purpose, actor=actor)
                consultation.calls.setdefault(subject, {})[service_id] = call.pk
                if subject == consultation.iin:
                    last = call
        if last is not None:
            audit_record_write(
                actor=actor,
                actor_label=actor_label,
                action="registries.consulted",
                obj=last,
                after={
                    "persons": list(consultation.results),
                    "purpose": purpose,
                    "seconds": round(consultation.elapsed, 2),
                },
                clauses=["reg:15.1", "reg:15.2"],
            )
