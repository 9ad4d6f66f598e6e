"""The file page: the facts, the decision, the actions the table allows, printing, scans."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kezek.accounts.models import Role
from kezek.accounts.permissions import may
from kezek.applications.access import access_application
from kezek.applications.choices import DocumentType, Fund, HousingFact
from kezek.applications.uploads import SNIFF_BYTES, sniff_media_type
from kezek.common.errors import KezekError, NotFoundError
from kezek.paperwork.selectors import document_orders_waiting, messages_of_file
from kezek.registries.presenters import correctable_facts, fact_rows, query_rows

from .. import actions
from ..forms import (
    HISTORY_EVENTS,
)
from ..models import IssueJournalEntry
from ..presenters import (
    decision_rows,
    group_labels,
    list_names,
    result_rows,
    time_left_text,
    trail_rows,
)
from ..selectors.decisions import (
    current_result,
    decision_for_application,
    established_facts_for_application,
    reasons_language,
)
from ..selectors.documents import (
    attached_document,
    issued_documents,
    latest_application_document,
    printable_documents,
)
from ..selectors.files import audit_trail, deadlines_for, executors_of
from ..services.corrections import CORRECTION_STATES
from ..transitions import actions_available
from ._shared import (
    CHECK_STATES,
    document_for_application,
    document_language,
    error_status,
    staff_user,
)

logger = logging.getLogger(__name__)


def _facts(application: Any) -> dict[str, Any]:
    facts = application.facts or {}
    housing = dict(facts.get("housing") or {})
    events = dict(HISTORY_EVENTS)
    return {
        "citizen": facts.get("citizen_of_kz"),
        "resident": facts.get("permanent_resident_in_locality"),
        "income": facts.get("income_12_months"),
        "military": facts.get("military_service_months"),
        "housing": [label for code, label in HousingFact.choices if housing.get(code)],
        "history": [
            {"date": item.get("date", ""), "label": events.get(item.get("event", ""), "")}
            for item in facts.get("history") or []
            if isinstance(item, dict)
        ],
    }


def _file_context(request: HttpRequest, application: Any, **extra: Any) -> dict[str, Any]:
    user = staff_user(request)
    language = reasons_language()
    deadlines = deadlines_for(application=application)
    decision = None
    registers: dict[str, Any] | None = None
    if may(user, "workflow.read_decision"):
        file_facts = established_facts_for_application(application=application)
        if application.status in CHECK_STATES:
            decision = decision_for_application(application=application, case=file_facts.case)
        can_correct = (
            user.role == Role.AB_EXECUTOR
            and application.executor_id == user.pk
            and application.status in CORRECTION_STATES
        )
        if file_facts.queries or file_facts.established is not None or can_correct:
            registers = {
                "facts": fact_rows(file_facts.established) if file_facts.established else [],
                "queries": query_rows(file_facts.queries),
                "waiting": [q for q in file_facts.queries if q.status == "waiting"],
                "gave_up": [q for q in file_facts.queries if q.status == "gave_up"],
                "can_correct": can_correct,
                "correctable": correctable_facts(),
            }
    results = []
    for draft in application.results.select_related("drafted_by", "signed_by").order_by(
        "drafted_at", "id"
    ):
        positions = [p for p in draft.queue_positions or [] if len(p) == 2]
        names = list_names([str(p[0]) for p in positions], language)
        results.append(
            {
                "draft": draft,
                "rows": result_rows(draft, language),
                "positions": [(name, p[1]) for name, p in zip(names, positions, strict=True)],
            }
        )
    printable = printable_documents(application=application, user=user)
    receipt_document = latest_application_document(
        application=application, kind="receipt", language=application.language
    )
    context = {
        "application": application,
        "applicant": application.applicant,
        "family": list(application.family.all()),
        "representative": getattr(application, "representative", None),
        "groups": group_labels(application.claimed_groups),
        "fund": Fund(application.fund).label if application.fund in Fund.values else "",
        "facts": _facts(application),
        "deadlines": deadlines,
        "left": time_left_text(deadlines.time_left),
        "decision": decision,
        "registers": registers,
        "decision_rows": decision_rows(decision.decision, language)
        if decision is not None and decision.decision is not None
        else [],
        "decision_lists": list_names(decision.decision.get("lists") or [], language)
        if decision is not None and decision.decision is not None
        else [],
        "result": current_result(application=application),
        "results": results,
        "receipt": getattr(application, "receipt", None),
        "receipt_document": receipt_document,
        "submission": getattr(application, "portal_submission", None),
        "issue": getattr(application, "issue_entry", None),
        "registries": application.registries.all(),
        "documents": list(application.documents.all()),
        "issued": list(issued_documents(application=application)),
        "preparing": list(document_orders_waiting(application=application)),
        "printable": printable,
        "trail": trail_rows(audit_trail(application=application)),
        "messages": list(messages_of_file(user=user, application_id=application.pk)[:50]),
        "can_retry": may(user, "paperwork.retry_email"),
        "next": request.path,
        "actions": actions_available(application=application, user=user),
        "executors": executors_of(user=user),
        "document_types": DocumentType.choices,
        "recipients": IssueJournalEntry.Recipient.choices[:2],
        "language": language,
        "accepted_now": request.GET.get("accepted") == "1",
        "error": None,
        "failed_action": None,
    }
    context.update(extra)
    return context


def _get(request: HttpRequest, pk: int) -> Any:
    try:
        return access_application(staff_user(request), pk)
    except NotFoundError:
        raise Http404 from None


@login_required
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    return render(request, "workflow/file.html", _file_context(request, application))


@login_required
@require_POST
def file_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _get(request, pk)
    payload: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    payload["documents"] = request.POST.getlist("documents")
    try:
        actions.perform_action(
            user=staff_user(request), application=application, action=action, payload=payload
        )
    except NotFoundError:
        raise Http404 from None
    except KezekError as exc:
        context = _file_context(
            request, _get(request, pk), error=exc, failed_action=action, posted=payload
        )
        return render(request, "workflow/file.html", context, status=error_status(exc))
    try:
        access_application(staff_user(request), pk)
    except NotFoundError:
        return redirect("workflow:queue")  # e.g. reassigned away: no longer in scope
    anchor = {"register_result": "#documents-issued", "receive_result": "#documents-issued"}.get(
        action, "#registers" if action == "correct_fact" else ""
    )
    return redirect(reverse("workflow:file", kwargs={"pk": pk}) + anchor)


@login_required
@require_POST
def file_print(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Issue (or reprint) the receipt, the notice or the refusal of the file, then open its PDF."""
    user = staff_user(request)
    application = _get(request, pk)
    if kind not in {p.kind for p in printable_documents(application=application, user=user)}:
        raise Http404
    try:
        document = document_for_application(
            user=user,
            application=application,
            kind=kind,
            language=document_language(request, application.language),
        )
    except KezekError as exc:
        context = _file_context(request, application, error=exc, failed_action=f"print-{kind}")
        return render(request, "workflow/file.html", context, status=error_status(exc))
    return redirect("paperwork:pdf", document_id=document.pk)


@login_required
@require_GET
def file_scan(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """An attached scan, inline, only through the gate of its application. The type is read
    from the bytes; anything that is not a PDF, JPEG or PNG is only offered as a download."""
    application = _get(request, pk)
    document = attached_document(application=application, document_id=document_id)
    if document is None or not document.file:
        raise Http404
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise Http404 from None
    media_type = sniff_media_type(content[:SNIFF_BYTES])
    extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        media_type or "", ".bin"
    )
    # An ASCII name made by us: the citizen's file name never reaches a header.
    name = f"{application.request_number}-{document.doc_type}-{document.pk}{extension}"
    response = HttpResponse(content, content_type=media_type or "application/octet-stream")
    response["Content-Disposition"] = (
        f'{"inline" if media_type else "attachment"}; filename="{name}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
