"""Asking the registers for a file, and recording every call (access to personal data is
itself audited: who asked, for which file, about whom, why; ADR 0013).

Nothing here runs in a request of the intake: `register_queries_order` writes what the file
waits for in the intake's transaction and enqueues the worker after the commit; the worker
(`register_queries_run`) asks, records and retries; a register that does not answer never
blocks a file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kezek.applications.models import Application
from kezek.audit.services import audit_record_write
from kezek.core.calendar import local_date

from . import client
from .facts import CivilStatusFacts, PersonFacts, Register
from .models import GatewayCall, Purpose, RegisterQuery

if TYPE_CHECKING:
    from kezek.accounts.models import User

# What is asked about the applicant, and about each member of the family (reg:15.1: identity,
# the family, dwellings anywhere in Kazakhstan, disability, income of every member, reg:6.2).
APPLICANT_REGISTERS = tuple(Register)
MEMBER_REGISTERS = (
    Register.PERSONS,
    Register.REAL_ESTATE,
    Register.DISABILITY,
    Register.INCOME,
    Register.DISTRICT,
)


def income_period(application_date: dt.date) -> dict[str, str]:
    """The 12 whole months before the month of the application (reg:6.2)."""
    first = application_date.replace(day=1)
    last_month = first - dt.timedelta(days=1)
    start_year, start_month = divmod(last_month.year * 12 + last_month.month - 1 - 11, 12)
    return {
        "periodFrom": f"{start_year:04d}-{start_month + 1:02d}",
        "periodTo": f"{last_month:%Y-%m}",
    }


def register_params(register: Register, application_date: dt.date) -> dict[str, str]:
    return income_period(application_date) if register is Register.INCOME else {}


def facts_json(facts: object) -> Any:
    if facts is None:
        return None
    return json.loads(json.dumps(dataclasses.asdict(facts), default=str))  # type: ignore[call-overload]


def gateway_call_record(
    *,
    result: client.CallResult,
    purpose: str,
    application: Application | None = None,
    actor: User | None = None,
) -> GatewayCall:
    return GatewayCall.objects.create(
        register=result.register.value,
        subject_iin=result.iin,
        application=application,
        requested_by=actor if actor is not None and actor.pk else None,
        purpose=purpose,
        message_id=result.message_id,
        requested_at=result.requested_at,
        answered_at=result.answered_at,
        outcome=result.outcome,
        error=result.error[:2000],
        response_sha256=result.sha256,
        response_payload=result.payload.decode("utf-8", "replace") if result.payload else "",
        facts=facts_json(result.facts),
    )


def _query_add(
    application: Application, register: Register, iin: str, role: str, now: dt.datetime
) -> None:
    RegisterQuery.objects.get_or_create(
        application=application,
        register=register.value,
        subject_iin=iin,
        defaults={
            "subject_role": role,
            "params": register_params(register, local_date(application.accepted_at)),
            "next_attempt_at": now,
        },
    )


def register_queries_order(*, application: Application) -> int:
    """What the file waits for from the registers: call inside the intake's transaction.

    The applicant in every register; each declared member with an IIN in the registers of
    their own facts. Members the civil status records name are added when they answer."""
    if not client.registries_configured():
        return 0
    from .tasks import register_queries_run_task  # the task module imports this one

    now = timezone.now()
    for register in APPLICANT_REGISTERS:
        _query_add(application, register, application.applicant.iin, "applicant", now)
    for member in application.family.all():
        if member.iin:
            for register in MEMBER_REGISTERS:
                _query_add(application, register, member.iin, member.relation, now)
    _queries_settle_from_window(application, now)
    application_id = application.pk
    transaction.on_commit(lambda: register_queries_run_task.enqueue(application_id=application_id))
    return RegisterQuery.objects.filter(application=application).count()


# The window's answers count for the file the inspector accepts from them (not asked twice).
WINDOW_ANSWERS_FRESH = dt.timedelta(hours=1)


def _queries_settle_from_window(application: Application, now: dt.datetime) -> None:
    """Settle the file's queries the accepting inspector's window lookup already answered
    (the same register, person and day), with that call as the evidence."""
    if application.accepted_by_id is None:
        return
    calls = {
        (call.register, call.subject_iin): call
        for call in GatewayCall.objects.filter(
            requested_by_id=application.accepted_by_id,
            purpose=Purpose.LOOKUP,
            requested_at__gte=now - WINDOW_ANSWERS_FRESH,
            outcome__in=(GatewayCall.Outcome.ANSWERED, GatewayCall.Outcome.NOT_FOUND),
        ).order_by("pk")
    }
    if not calls:
        return
    for query in RegisterQuery.objects.filter(
        application=application, status=RegisterQuery.Status.WAITING
    ):
        call = calls.get((query.register, query.subject_iin))
        if call is None:
            continue
        answered = call.outcome == GatewayCall.Outcome.ANSWERED
        query.status = RegisterQuery.Status.ANSWERED if answered else RegisterQuery.Status.NOT_FOUND
        query.last_call = call
        query.next_attempt_at = None
        query.save(update_fields=["status", "last_call", "next_attempt_at", "updated_at"])


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _claim(query: RegisterQuery, now: dt.datetime) -> bool:
    """Take the query for this worker (one conditional UPDATE): no two workers ask at once."""
    lease = now + dt.timedelta(seconds=settings.KEZEK_REGISTRIES_TIMEOUT * 4 + 30)
    return bool(
        RegisterQuery.objects.filter(
            pk=query.pk, status=RegisterQuery.Status.WAITING, next_attempt_at__lte=now
        ).update(next_attempt_at=lease)
    )


def _family_from_civil_status(
    application: Application, facts: CivilStatusFacts, now: dt.datetime
) -> None:
    """The current spouse and the children the civil status records name: ask about them too."""
    for iin, relation in facts.family():
        for register in MEMBER_REGISTERS:
            _query_add(application, register, iin, relation, now)


def register_queries_run(*, application_id: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Ask every register the file waits for whose time has come; record each call."""
    counts: dict[str, int] = {}
    application = (
        Application.objects.select_related("district", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not client.registries_configured():
        return counts
    asked_any = True
    with client.http_client() as http:
        while asked_any:  # the civil status records may add members to ask about
            asked_any = False
            moment = now or timezone.now()
            due = RegisterQuery.objects.filter(
                application=application,
                status=RegisterQuery.Status.WAITING,
                next_attempt_at__lte=moment,
            ).order_by("pk")
            for query in list(due):
                if not _claim(query, moment):
                    continue
                asked_any = True
                result = client.register_call(
                    register=Register(query.register),
                    iin=query.subject_iin,
                    params=query.params,
                    client=http,
                )
                outcome = _query_settle(application, query, result, moment)
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        with transaction.atomic():
            audit_record_write(
                actor=None,
                action="registries.fetched",
                obj=application,
                after={"calls": counts},
                clauses=["reg:15.1"],
                district_code=application.district.code,
            )
    return counts


def _query_settle(
    application: Application,
    query: RegisterQuery,
    result: client.CallResult,
    now: dt.datetime,
) -> str:
    with transaction.atomic():
        call = gateway_call_record(result=result, purpose=Purpose.INTAKE, application=application)
        query.last_call = call
        query.attempts += 1
        if result.outcome == client.ANSWERED:
            query.status = RegisterQuery.Status.ANSWERED
            query.next_attempt_at = None
            if isinstance(result.facts, CivilStatusFacts) and query.subject_role == "applicant":
                _family_from_civil_status(application, result.facts, now)
        elif result.outcome == client.NOT_FOUND:
            query.status = RegisterQuery.Status.NOT_FOUND
            query.next_attempt_at = None
        elif query.attempts >= settings.KEZEK_REGISTRIES_ATTEMPTS:
            query.status = RegisterQuery.Status.GAVE_UP
            query.next_attempt_at = None
            audit_record_write(
                actor=None,
                action="registries.gave_up",
                obj=application,
                after={
                    "register": query.register,
                    "attempts": query.attempts,
                    "error": result.error[:300],
                },
                clauses=["reg:15.1"],
                district_code=application.district.code,
            )
        else:
            query.next_attempt_at = now + _backoff(query.attempts)
        query.save(
            update_fields=["last_call", "attempts", "status", "next_attempt_at", "updated_at"]
        )
    return result.outcome


def register_queries_due(*, limit: int = 200, now: dt.datetime | None = None) -> dict[str, int]:
    """The sweep: every file with a fact due for a (re)try, and those a dead worker left."""
    moment = now or timezone.now()
    ids = (
        RegisterQuery.objects.filter(status=RegisterQuery.Status.WAITING)
        .filter(Q(next_attempt_at__lte=moment) | Q(next_attempt_at__isnull=True))
        .values_list("application_id", flat=True)
        .distinct()[:limit]
    )
    totals: dict[str, int] = {}
    for application_id in list(ids):
        for outcome, n in register_queries_run(application_id=application_id, now=moment).items():
            totals[outcome] = totals.get(outcome, 0) + n
    return totals


def _family_subjects(iin: str, result: client.CallResult) -> list[str]:
    """The current spouse and the children the civil status records name."""
    if result.iin != iin or not isinstance(result.facts, CivilStatusFacts):
        return []
    return [member for member, _relation in result.facts.family()]


def person_registers_consult(
    *,
    iin: str,
    on: dt.date,
    purpose: str,
    actor: User | None = None,
    registers: Iterable[Register] = APPLICANT_REGISTERS,
    family: bool = True,
) -> dict[str, dict[str, client.CallResult]]:
    """What every register says of one person and (with `family`) their spouse and children,
    now, outside a file (`kezek registries fetch`). Every call is recorded; one audit record
    names the person. One register after another: for a page a person waits on (the window,
    the portal), `consult.person_registers_consult_within` asks within a budget."""
    results: dict[str, dict[str, client.CallResult]] = {}
    calls: list[client.CallResult] = []
    with client.http_client() as http:
        subjects: list[tuple[str, tuple[Register, ...]]] = [(iin, tuple(registers))]
        seen: set[str] = set()
        while subjects:
            subject, wanted = subjects.pop(0)
            if subject in seen:
                continue
            seen.add(subject)
            for register in wanted:
                result = client.register_call(
                    register=register,
                    iin=subject,
                    params=register_params(register, on),
                    client=http,
                )
                calls.append(result)
                if family:
                    subjects.extend((m, MEMBER_REGISTERS) for m in _family_subjects(iin, result))
    for result in calls:
        gateway_call_record(result=result, purpose=purpose, actor=actor)
        results.setdefault(result.iin, {})[result.register.value] = result
    if results:
        last = GatewayCall.objects.filter(subject_iin=iin).order_by("-pk").first()
        if last is not None:
            audit_record_write(
                actor=actor,
                action="registries.consulted",
                obj=last,
                after={"persons": list(results), "purpose": purpose},
                clauses=["reg:15.1"],
            )
    return results


def person_name(facts: Mapping[str, client.CallResult]) -> str:
    person = facts.get(Register.PERSONS.value)
    if person is not None and isinstance(person.facts, PersonFacts):
        p = person.facts
        return " ".join(x for x in (p.last_name, p.first_name, p.patronymic) if x)
    return ""
