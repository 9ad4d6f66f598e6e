"""Plain dicts of workflow objects for the JSON API and the CSV export (no logic)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from kezek.applications.models import Application
from kezek.audit.models import AuditRecord

from .models import DispatchRegistry, IssueJournalEntry, ResultDraft
from .selectors.decisions import reasons_language
from .selectors.files import FileDeadlines, audit_trail, deadlines_for
from .transitions import actions_available

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None:
        return timezone.localtime(value).isoformat(timespec="seconds")
    return str(value.isoformat())


def deadlines_json(deadlines: FileDeadlines) -> dict[str, Any]:
    return {
        "result_due": _iso(deadlines.result_due),
        "handover_due": _iso(deadlines.handover_due),
        "step_due_at": _iso(deadlines.step_due_at),
        "time_left_seconds": int(deadlines.time_left.total_seconds())
        if deadlines.time_left is not None
        else None,
        "step_overdue": deadlines.step_overdue,
        "term_overdue": deadlines.term_overdue,
        "handover_overdue": deadlines.handover_overdue,
        "overdue": deadlines.overdue,
    }


def application_summary(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "request_number": application.request_number,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "channel": application.channel,
        "office": application.accepted_office.code,
        "applicant": application.applicant.full_name,
        "iin": application.applicant.iin,
        "accepted_at": _iso(application.accepted_at),
        "executor": application.executor.display_name if application.executor else None,
        "deadlines": deadlines_json(deadlines_for(application=application)),
    }


def result_json(result: ResultDraft) -> dict[str, Any]:
    return {
        "id": result.pk,
        "kind": result.kind,
        "state": result.state,
        "rules_version": result.rules_version,
        "grounds": result.grounds,
        "lists": result.lists,
        "reasons": result.reasons(reasons_language()),
        "drafted_by": result.drafted_by.display_name,
        "drafted_at": _iso(result.drafted_at),
        "signed_by": result.signed_by.display_name if result.signed_by else None,
        "signed_at": _iso(result.signed_at),
        "queue_positions": result.queue_positions,
        "return_comment": result.return_comment,
        "returned_at": _iso(result.returned_at),
        "outgoing_number": result.outgoing_number,
        "registered_at": _iso(result.registered_at),
        "received_at_psc_at": _iso(result.received_at_psc_at),
    }


def issue_json(entry: IssueJournalEntry) -> dict[str, Any]:
    return {
        "number": entry.number,
        "issued_at": _iso(entry.issued_at),
        "issued_by": entry.issued_by_name,
        "office": entry.office.code if entry.office else None,
        "recipient": entry.recipient,
        "recipient_name": entry.recipient_name,
        "power_of_attorney_number": entry.power_of_attorney_number,
    }


def audit_json(records: Iterable[AuditRecord]) -> list[dict[str, Any]]:
    return [
        {
            "at": _iso(r.occurred_at),
            "actor": r.actor_label,
            "action": r.action,
            "before": r.before,
            "after": r.after,
            "comment": r.comment,
            "clauses": r.clauses,
        }
        for r in records
    ]


def application_detail(application: Application, user: User) -> dict[str, Any]:
    data = application_summary(application)
    receipt = getattr(application, "receipt", None)
    submission = getattr(application, "portal_submission", None)
    entry = getattr(application, "issue_entry", None)
    data.update(
        {
            "claimed_groups": application.claimed_groups,
            "fund": application.fund,
            "documents": [d.doc_type for d in application.documents.all()],
            "receipt": {
                "id": receipt.pk,
                "result_date": _iso(receipt.result_date),
                "result_place": receipt.result_place_ru
                if reasons_language() == "ru"
                else receipt.result_place_kk,
                "accepted_by": receipt.accepted_by_name,
                "documents": receipt.document_count,
            }
            if receipt
            else None,
            "acceptance_report": {
                "accepted_at": _iso(submission.report_accepted_at),
                "result_date": _iso(submission.report_result_date),
                "signer_iin": submission.signer_iin,
            }
            if submission
            else None,
            "results": [result_json(r) for r in application.results.order_by("drafted_at", "id")],
            "registries": [r.display_number for r in application.registries.order_by("sent_at")],
            "issue": issue_json(entry) if entry else None,
            "actions": sorted(
                {t.action for t in actions_available(application=application, user=user)}
            ),
            "audit": audit_json(audit_trail(application=application)),
        }
    )
    return data


def registry_json(registry: DispatchRegistry) -> dict[str, Any]:
    return {
        "id": registry.pk,
        "number": registry.display_number,
        "office": registry.office.code,
        "sent_at": _iso(registry.sent_at),
        "sent_by": registry.sent_by.display_name,
        "received_at": _iso(registry.received_at),
        "received_by": registry.received_by.display_name if registry.received_by else None,
        "files": [
            {
                "position": item.position,
                "id": item.application_id,
                "request_number": item.application.request_number,
            }
            for item in registry.items.select_related("application").order_by("position")
        ],
    }


EXPORT_COLUMNS = (
    "request_number",
    "applicant",
    "iin",
    "channel",
    "status",
    "office",
    "accepted_at",
    "executor",
    "result_due",
    "handover_due",
    "step_due_at",
    "overdue",
)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralize it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_csv(applications: Iterable[Application]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for application in applications:
        row = application_summary(application)
        deadlines = row["deadlines"]
        writer.writerow(
            _cell(value)
            for value in [
                row["request_number"],
                row["applicant"],
                row["iin"],
                row["channel"],
                row["status_label"],
                row["office"],
                row["accepted_at"],
                row["executor"] or "",
                deadlines["result_due"] or "",
                deadlines["handover_due"] or "",
                deadlines["step_due_at"] or "",
                "1" if deadlines["overdue"] else "0",
            ]
        )
    return out.getvalue()
