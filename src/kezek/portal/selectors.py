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
from kezek.paperwork.models import IssuedDocument
from kezek.workflow.selectors.files import FileDeadlines, deadlines_for

from .access import citizen_applications, citizen_documents
from .case import reasons_language
from .models import Draft


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
