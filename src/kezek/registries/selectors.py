"""Reads of the registers' answers for a file: what the engine decides on and what the executor
sees (declared against fetched)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from kezek.applications.models import Application
from kezek.offices.models import Settlement

from . import adapters, protocol
from .client import ANSWERED, CallResult
from .establish import Answers, Established, Member, correct, establish
from .facts import Facts, Register
from .models import FactCorrection, GatewayCall, RegisterQuery


def _facts_of(call: GatewayCall) -> Facts | None:
    """The facts of a stored answer, read again from the evidence (the payload is the truth)."""
    answer = protocol.parse_response(call.response_payload.encode("utf-8"))
    if answer.data is None:
        return None
    return adapters.facts_parse(Register(call.register), answer.data, iin=call.subject_iin)


def gateway_call_facts(call: GatewayCall) -> Facts | None:
    """The facts of an answered call, read again from its stored answer; None otherwise."""
    if call.outcome != GatewayCall.Outcome.ANSWERED or not call.response_payload:
        return None
    try:
        return _facts_of(call)
    except protocol.ProtocolError:
        return None


def application_register_queries(*, application: Application) -> list[RegisterQuery]:
    return list(
        RegisterQuery.objects.filter(application=application)
        .select_related("last_call")
        .order_by("pk")
    )


def application_answers(*, queries: Sequence[RegisterQuery]) -> Answers:
    answers: dict[tuple[str, str], Facts | None] = {}
    for query in queries:
        call = query.last_call
        if call is None:
            continue
        if query.status == RegisterQuery.Status.ANSWERED:
            answers[(query.register, query.subject_iin)] = _facts_of(call)
        elif query.status == RegisterQuery.Status.NOT_FOUND:
            answers[(query.register, query.subject_iin)] = None
    return answers


def locality_katos(*, district_id: int) -> set[str]:
    return set(Settlement.objects.filter(district_id=district_id).values_list("kato", flat=True))


def application_established(
    *, application: Application, declared: Mapping[str, Any]
) -> tuple[Established | None, list[RegisterQuery]]:
    """The established case of a file and its queries; (None, []) when no register was asked
    (registers not configured, or a file from before): the declared facts stand."""
    queries = application_register_queries(application=application)
    corrections = application_corrections(application=application)
    if not queries:
        if not corrections:
            return None, []
        # No register was asked: the corrections stand on the declared facts.
        only = Established(case=copy.deepcopy(dict(declared)))
        for key, (value, note) in corrections.items():
            correct(only, key, value, note)
        return only, []
    members = [
        Member(m.relation, m.full_name, m.iin, m.birth_date, m.disabled)
        for m in application.family.all()
    ]
    established = establish(
        declared=declared,
        members=members,
        applicant_iin=application.applicant.iin,
        answers=application_answers(queries=queries),
        locality_katos=locality_katos(district_id=application.district_id),
        corrections=corrections,
    )
    return established, queries


def application_corrections(*, application: Application) -> dict[str, tuple[Any, str]]:
    """The executor's latest value of each corrected fact, with its evidence and who and when."""
    latest: dict[str, tuple[Any, str]] = {}
    for c in FactCorrection.objects.filter(application=application).select_related("corrected_by"):
        note = f"{c.evidence} · {c.corrected_by.display_name}, {c.corrected_at:%d.%m.%Y}"
        latest[c.key] = (c.value, note)  # ordered by time: the last one stays
    return latest


def lookup_calls_recent(
    *, actor_id: int, iins: Sequence[str], since: dt.datetime, purpose: str
) -> dict[str, dict[str, CallResult]]:
    """The last call of one staff member about each of these people in each register since
    `since`, as `person_registers_consult` returns them, the facts read again from the stored
    answers (the window's form shown again: the answers are the evidence, not the form)."""
    results: dict[str, dict[str, CallResult]] = {}
    calls = GatewayCall.objects.filter(
        requested_by_id=actor_id,
        purpose=purpose,
        subject_iin__in=list(iins),
        requested_at__gte=since,
    ).order_by("pk")
    for call in calls:
        facts = gateway_call_facts(call)
        if call.outcome == ANSWERED and facts is None:
            continue  # an answer that no longer reads is no evidence
        results.setdefault(call.subject_iin, {})[call.register] = CallResult(
            register=Register(call.register),
            iin=call.subject_iin,
            message_id=call.message_id,
            requested_at=call.requested_at,
            answered_at=call.answered_at or call.requested_at,
            outcome=call.outcome,
            facts=facts,
            error=call.error,
        )
    return results
