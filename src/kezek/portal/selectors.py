"""Reads of the citizen portal: the draft, and the personal cabinet (reg:16.2, reg:18)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kezek.applications.models import Application
from kezek.common.errors import KezekError
from kezek.housing_queue.selectors import EntryView, queue_lookup
from kezek.offices.models import Settlement
from kezek.paperwork.models import IssuedDocument
from kezek.registries.facts import Facts
from kezek.registries.models import GatewayCall, Purpose
from kezek.registries.selectors import gateway_call_facts
from kezek.workflow.selectors.files import FileDeadlines, deadlines_for

from .access import citizen_applications, citizen_documents
from .case import reasons_language
from .models import Draft
from .registers import RegisterAnswers, family_named


def draft_for(iin: str) -> Draft | None:
    return Draft.objects.filter(iin=iin).prefetch_related("files").first()


def cabinet_applications(iin: str) -> QuerySet[Application]:
    return (
        citizen_applications(iin)
        .select_related("accepted_office", "district", "timeline")
        .order_by("-accepted_at", "-id")
    )


@dataclass(frozen=True)
class AcceptanceReport:
    """reg:16.2 (portal) or the receipt's dates (reg:16.1): accepted when, result ready when."""

    accepted_at: dt.datetime
    result_date: dt.date | None
    electronic: bool


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    outgoing_number: str
    signed_at: dt.datetime | None
    issued_at: dt.datetime
    reasons: list[str]


@dataclass(frozen=True)
class ApplicationCard:
    application: Application
    report: AcceptanceReport
    deadlines: FileDeadlines
    documents: list[IssuedDocument]
    queue: list[EntryView] = field(default_factory=list)
    result: Result | None = None


def _report(application: Application) -> AcceptanceReport:
    submission = getattr(application, "portal_submission", None)
    if submission is not None:
        return AcceptanceReport(
            accepted_at=submission.report_accepted_at,
            result_date=submission.report_result_date,
            electronic=True,
        )
    timeline = getattr(application, "timeline", None)
    return AcceptanceReport(
        accepted_at=application.accepted_at,
        result_date=timeline.result_due if timeline is not None else None,
        electronic=False,
    )


def _result(application: Application) -> Result | None:
    entry: Any = getattr(application, "issue_entry", None)
    if entry is None:
        return None
    draft = entry.result
    return Result(
        kind=draft.kind,
        kind_label=str(draft.get_kind_display()),
        outgoing_number=draft.outgoing_number,
        signed_at=draft.signed_at,
        issued_at=entry.issued_at,
        reasons=draft.reasons(reasons_language()),
    )


def _queue(application: Application) -> list[EntryView]:
    try:
        return queue_lookup(
            iin=application.applicant.iin, request_number=application.request_number
        )
    except KezekError:
        return []  # not (yet) in the housing queue


def application_card(application: Application, *, with_queue: bool = True) -> ApplicationCard:
    """What the cabinet shows of one application: the acceptance report, the status and its due
    date, the documents the citizen may download, the queue positions with their history."""
    return ApplicationCard(
        application=application,
        report=_report(application),
        deadlines=deadlines_for(application=application, now=timezone.now()),
        documents=list(citizen_documents(application)),
        queue=_queue(application) if with_queue else [],
        result=_result(application),
    )


def draft_register_answers(draft: Draft) -> RegisterAnswers | None:
    """The registers' answers kept with the draft (None when none were asked), read again from
    the calls' stored answers; only the citizen and the family their civil status names."""
    snapshot = draft.data.get("registers")
    if not isinstance(snapshot, dict):
        return None
    ids = {
        int(call_id): subject
        for subject, by_register in (snapshot.get("calls") or {}).items()
        for call_id in by_register.values()
    }
    calls = {
        call.pk: call
        for call in GatewayCall.objects.filter(
            pk__in=ids, purpose=Purpose.PORTAL, subject_iin__in=set(ids.values())
        )
    }
    facts: dict[tuple[str, str], Facts | None] = {}
    silent: set[tuple[str, str]] = set()
    for subject, registers in (snapshot.get("asked") or {}).items():
        by_register = (snapshot.get("calls") or {}).get(subject) or {}
        for register in registers:
            call = calls.get(int(by_register.get(register) or 0))
            if call is None or call.subject_iin != subject:
                silent.add((subject, register))
            elif call.outcome == GatewayCall.Outcome.ANSWERED:
                facts[(subject, register)] = gateway_call_facts(call)
            elif call.outcome == GatewayCall.Outcome.NOT_FOUND:
                facts[(subject, register)] = None
            else:
                silent.add((subject, register))
    people = family_named(facts, draft.iin)
    asked_at = snapshot.get("asked_at")
    return RegisterAnswers(
        iin=draft.iin,
        asked_at=dt.datetime.fromisoformat(asked_at) if asked_at else None,
        on=dt.date.fromisoformat(snapshot.get("on") or timezone.localdate().isoformat()),
        roles={iin: role for iin, role in people.items() if iin in (snapshot.get("asked") or {})}
        | {draft.iin: "applicant"},
        facts={k: v for k, v in facts.items() if k[0] in people},
        silent={k for k in silent if k[0] in people},
    )


def district_of_katos() -> dict[str, str]:
    """КАТО code → the code of the district the settlement is in."""
    return dict(Settlement.objects.values_list("kato", "district__code"))
