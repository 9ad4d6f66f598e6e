"""Staff pages under /office/: workqueues, search, the file, intake, registries, journal.

Every view gets applications through the gate and changes them only through the services
(the workflow's, and paperwork's `paperwork_issue` for the PDFs); the screens' reads are in
`screens.py`. A refused action is shown on the page as an error naming the field, never as a
crash.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from kezek.accounts.models import Role, User
from kezek.applications.access import access_application
from kezek.applications.choices import Channel, DocumentType, Fund
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.offices.models import Office

from . import actions, screens
from .access import access_registry
from .forms import (
    HISTORY_EVENTS,
    HOUSING_FACTS,
    FamilyFormSet,
    FiltersForm,
    IntakeForm,
    family_initial_from_data,
    initial_from_data,
)
from .models import IssueJournalEntry
from .selectors import (
    SearchFilters,
    applications_search,
    audit_trail,
    current_result,
    deadlines_for,
    decision_for_application,
    executors_of,
    reasons_language,
    registries_in_scope,
    workqueue_for,
)
from .serializers import export_csv
from .services.dispatch import (
    applications_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from .services.intake import application_intake
from .transitions import actions_available, intake_channel_for

logger = logging.getLogger(__name__)

# Roles who see the rules engine's decision on the file page.
DECISION_ROLES = (
    Role.AB_EXECUTOR,
    Role.AB_HEAD,
    Role.AB_OFFICE_CLERK,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)
# States in which the executor checks the file against the rules (Annex 3, action 5).
CHECK_STATES = ("under_check", "documents_requested")
LIST_LIMIT = 300


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _status(exc: KezekError) -> int:
    return 403 if isinstance(exc, PermissionDeniedError) else 422


def _offices(user: User) -> list[tuple[str, str]]:
    if user.office is None:
        return []
    return [(o.code, o.name) for o in Office.objects.filter(district_id=user.office.district_id)]


def _filters(request: HttpRequest, user: User) -> tuple[FiltersForm, SearchFilters]:
    form = FiltersForm(request.GET or None, offices=_offices(user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, SearchFilters(
            q=data["q"],
            status=data["status"],
            channel=data["channel"],
            office=data["office"],
            overdue=data["overdue"],
        )
    return form, SearchFilters()


def _rows(applications: Any) -> list[dict[str, Any]]:
    rows = []
    for application in applications:
        deadlines = deadlines_for(application=application)
        rows.append(
            {
                "application": application,
                "deadlines": deadlines,
                "left": screens.time_left_text(deadlines.time_left),
            }
        )
    return rows


def _list_page(
    request: HttpRequest,
    *,
    title: Any,
    qs: Any,
    form: FiltersForm,
    kind: str,
    hint: Any = "",
) -> HttpResponse:
    total = qs.count()
    return render(
        request,
        "workflow/list.html",
        {
            "title": title,
            "hint": hint,
            "rows": _rows(qs[:LIST_LIMIT]),
            "total": total,
            "limited": total > LIST_LIMIT,
            "form": form,
            "kind": kind,
            "screen": screens.role_screen(_user(request)),
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the user's action (each role's workqueue)."""
    user = _user(request)
    form, filters = _filters(request, user)
    screen = screens.role_screen(user)
    return _list_page(
        request,
        title=screen.queue_title,
        hint=screen.queue_hint,
        qs=workqueue_for(user=user, filters=filters),
        form=form,
        kind="queue",
    )


@login_required
def files(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form, filters = _filters(request, user)
    return _list_page(
        request,
        title=_("All files in my scope"),
        qs=applications_search(user=user, filters=filters),
        form=form,
        kind="files",
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """The files past a limit (the AB head's list, reg:22), with the same search and filters."""
    user = _user(request)
    form, filters = _filters(request, user)
    filters = SearchFilters(
        q=filters.q,
        status=filters.status,
        channel=filters.channel,
        office=filters.office,
        overdue=True,
    )
    return _list_page(
        request,
        title=_("Overdue files"),
        hint=_("Files past the limit of their step, the term of reg:9.1 or the handover date."),
        qs=applications_search(user=user, filters=filters),
        form=form,
        kind="overdue",
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _form, filters = _filters(request, user)
    response = HttpResponse(
        export_csv(applications_search(user=user, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    return response


# --------------------------------------------------------------------------- the file


def _facts(application: Any) -> dict[str, Any]:
    facts = application.facts or {}
    housing = dict(facts.get("housing") or {})
    events = dict(HISTORY_EVENTS)
    return {
        "citizen": facts.get("citizen_of_kz"),
        "resident": facts.get("permanent_resident_in_locality"),
        "income": facts.get("income_12_months"),
        "military": facts.get("military_service_months"),
        "housing": [label for code, label in HOUSING_FACTS if housing.get(code)],
        "history": [
            {"date": item.get("date", ""), "label": events.get(item.get("event", ""), "")}
            for item in facts.get("history") or []
            if isinstance(item, dict)
        ],
    }


def _file_context(request: HttpRequest, application: Any, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    language = reasons_language()
    deadlines = deadlines_for(application=application)
    decision = None
    if user.role in DECISION_ROLES and application.status in CHECK_STATES:
        decision = decision_for_application(application=application)
    results = []
    for draft in application.results.select_related("drafted_by", "signed_by").order_by(
        "drafted_at", "id"
    ):
        positions = [p for p in draft.queue_positions or [] if len(p) == 2]
        names = screens.list_names([str(p[0]) for p in positions], language)
        results.append(
            {
                "draft": draft,
                "rows": screens.result_rows(draft, language),
                "positions": [(name, p[1]) for name, p in zip(names, positions, strict=True)],
            }
        )
    printable = screens.printable_documents(application=application, user=user)
    receipt_document = screens.latest_application_document(
        application=application, kind="receipt", language=application.language
    )
    context = {
        "application": application,
        "applicant": application.applicant,
        "family": list(application.family.all()),
        "representative": getattr(application, "representative", None),
        "groups": screens.group_labels(application.claimed_groups),
        "fund": Fund(application.fund).label if application.fund in Fund.values else "",
        "facts": _facts(application),
        "deadlines": deadlines,
        "left": screens.time_left_text(deadlines.time_left),
        "decision": decision,
        "decision_rows": screens.decision_rows(decision.decision, language)
        if decision is not None and decision.decision is not None
        else [],
        "decision_lists": screens.list_names(decision.decision.get("lists") or [], language)
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
        "issued": list(screens.issued_documents(application=application)),
        "printable": printable,
        "trail": screens.trail_rows(audit_trail(application=application)),
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
        return access_application(_user(request), pk)
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
            user=_user(request), application=application, action=action, payload=payload
        )
    except NotFoundError:
        raise Http404 from None
    except KezekError as exc:
        context = _file_context(
            request, _get(request, pk), error=exc, failed_action=action, posted=payload
        )
        return render(request, "workflow/file.html", context, status=_status(exc))
    try:
        access_application(_user(request), pk)
    except NotFoundError:
        return redirect("workflow:queue")  # e.g. reassigned away: no longer in scope
    anchor = "#documents-issued" if action in ("register_result", "receive_result") else ""
    return redirect(reverse("workflow:file", kwargs={"pk": pk}) + anchor)


def _issue_for_application(*, user: User, application: Any, kind: str, language: str) -> Any:
    """The valid document of this kind and language, issued now if there is none yet (a
    reprint gives the same bytes, so the window can print again without a new number)."""
    from kezek.paperwork.services.issue import paperwork_issue

    existing = screens.latest_application_document(
        application=application, kind=kind, language=language
    )
    if existing is not None:
        return existing
    return paperwork_issue(actor=user, kind=kind, application=application, language=language)


def _document_language(request: HttpRequest, default: str) -> str:
    language = request.POST.get("language") or default
    return language if language in ("kk", "ru") else default


@login_required
@require_POST
def file_print(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Issue (or reprint) the receipt, the notice or the refusal of the file, then open its PDF."""
    user = _user(request)
    application = _get(request, pk)
    if kind not in {
        p.kind for p in screens.printable_documents(application=application, user=user)
    }:
        raise Http404
    try:
        document = _issue_for_application(
            user=user,
            application=application,
            kind=kind,
            language=_document_language(request, application.language),
        )
    except KezekError as exc:
        context = _file_context(request, application, error=exc, failed_action=f"print-{kind}")
        return render(request, "workflow/file.html", context, status=_status(exc))
    return redirect("paperwork:pdf", document_id=document.pk)


@login_required
@require_GET
def file_scan(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """An attached scan, inline, only through the gate of its application. The type is read
    from the bytes; anything that is not a PDF, JPEG or PNG is only offered as a download."""
    application = _get(request, pk)
    document = screens.attached_document(application=application, document_id=document_id)
    if document is None or not document.file:
        raise Http404
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise Http404 from None
    media_type = screens.scan_media_type(content[:16])
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


# --------------------------------------------------------------------------- intake


def _intake_channel(user: User) -> str:
    channel = intake_channel_for(user.role)
    if channel is None or (channel == Channel.PSC and not (user.office and user.office.is_psc)):
        raise Http404
    return channel


def _executor_choices(user: User) -> list[tuple[int, str]] | None:
    if user.role != Role.AB_OFFICE_CLERK:
        return None
    return [(u.pk, u.display_name) for u in executors_of(user=user)]


# Where a service's field path lands on the intake page.
_INTAKE_FIELDS = {
    "applicant.iin": "iin",
    "applicant.last_name": "last_name",
    "applicant.first_name": "first_name",
    "applicant.birth_date": "iin",
    "applicant.email": "email",
    "applicant.phone": "phone",
    "claimed_groups": "claimed_groups",
    "fund": "fund",
    "language": "language",
    "documents": "documents",
    "facts.citizen_of_kz": "citizen_of_kz",
    "facts.permanent_resident_in_locality": "permanent_resident_in_locality",
    "facts.income_12_months": "income_12_months",
    "facts.military_service_months": "military_service_months",
    "facts.housing": "housing",
    "facts.history": "history_event",
    "representative.iin": "representative_iin",
    "representative.full_name": "representative_name",
    "representative.power_of_attorney_number": "power_of_attorney_number",
    "executor_id": "executor_id",
}


def _intake_field(path: str | None) -> str | None:
    if not path:
        return None
    if path in _INTAKE_FIELDS:
        return _INTAKE_FIELDS[path]
    for prefix, name in (
        ("claimed_groups[", "claimed_groups"),
        ("documents[", "documents"),
        ("facts.housing", "housing"),
        ("facts.history", "history_event"),
        ("facts.income_12_months", "income_12_months"),
    ):
        if path.startswith(prefix):
            return name
    return None


def _values(form: IntakeForm, name: str) -> list[str]:
    """What the form holds for a field now: the data when bound, else the initial values."""
    raw = form[name].value()
    if raw is None or raw == "":
        return []
    return [str(raw)] if isinstance(raw, str) else [str(v) for v in raw]


def _checklist_for(form: IntakeForm, family: Any) -> list[screens.ChecklistItem]:
    relations = [member["relation"].value() for member in family.forms]
    fund = _values(form, "fund")
    return screens.intake_checklist(
        groups=_values(form, "claimed_groups"),
        family=any(relations),
        court_member="other" in relations,
        housing=_values(form, "housing"),
        fund=fund[0] if fund else "communal",
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """Acceptance at the PSC window (action 1) or the AB desk (reg:11.1, reg:17).

    GET ?iin=… finds a returning applicant and fills the form with what is known; POST with
    do=checklist shows the document checklist for the chosen groups again (without JavaScript);
    POST accepts the application, gives the receipt and opens the file with the receipt's PDF.
    """
    user = _user(request)
    channel = _intake_channel(user)
    executors = _executor_choices(user)
    lookup = None
    status = 200
    if request.method == "POST" and request.POST.get("do") == "checklist":
        probe = IntakeForm(executors=executors, prefix="a")
        form = IntakeForm(
            initial=initial_from_data(probe, request.POST), executors=executors, prefix="a"
        )
        family = FamilyFormSet(initial=family_initial_from_data(request.POST), prefix="family")
    elif request.method == "POST":
        form = IntakeForm(request.POST, executors=executors, prefix="a")
        family = FamilyFormSet(request.POST, prefix="family")
        if form.is_valid() and family.is_valid():
            members = [m for m in (f.to_input() for f in family.forms) if m is not None]
            executor_id = form.cleaned_data.get("executor_id")
            executor = (
                executors_of(user=user).filter(pk=executor_id).first() if executor_id else None
            )
            try:
                application = application_intake(
                    actor=user, channel=channel, data=form.to_input(members), executor=executor
                )
            except KezekError as exc:
                field = _intake_field(exc.field)
                if field is not None and field in form.fields:
                    form.add_error(field, str(exc.message))
                else:
                    form.add_error(None, str(exc))
            else:
                _receipt_after_intake(user=user, application=application)
                url = reverse("workflow:file", kwargs={"pk": application.pk})
                return redirect(f"{url}?accepted=1")
        status = 422
    else:
        # Documents in the language of the screen unless the applicant's is known (kk or ru).
        initial: dict[str, Any] = {"language": reasons_language(get_language())}
        family_initial: list[dict[str, Any]] = []
        if "iin" in request.GET:
            lookup = screens.applicant_lookup(user=user, iin=request.GET.get("iin", ""))
            if lookup.error:
                status = 422
            else:
                initial.update({"iin": lookup.iin, **lookup.initial})
                family_initial = lookup.family
        form = IntakeForm(initial=initial, executors=executors, prefix="a")
        family = FamilyFormSet(initial=family_initial, prefix="family")
    checklist = _checklist_for(form, family)
    has_errors = form.is_bound and bool(form.errors or family.total_error_count())
    focus = _intake_focus(request, lookup=lookup, has_errors=has_errors)
    if focus in ("last_name", "iin"):
        form.fields[focus].widget.attrs["autofocus"] = True
    family_count = sum(1 for member in family.forms if member["relation"].value())
    return render(
        request,
        "workflow/intake.html",
        {
            "form": form,
            "family": family,
            "channel": Channel(channel).label,
            "lookup": lookup,
            "checklist": checklist,
            "checked_documents": set(_values(form, "documents")),
            "checked_groups": set(_values(form, "claimed_groups")),
            "group_clauses": screens.group_clauses(),
            "has_errors": has_errors,
            "focus": focus,
            "family_count": family_count,
            "family_open": bool(family_count or (family.is_bound and family.total_error_count())),
        },
        status=status,
    )


def _intake_focus(request: HttpRequest, *, lookup: Any, has_errors: bool) -> str:
    """Where the cursor stands when the page opens: the window works from the keyboard."""
    if has_errors:
        return "summary"
    if request.method == "POST":
        return "documents"  # back from "show the checklist"
    if lookup is None or lookup.error:
        return "lookup"
    return "groups" if lookup.found else "last_name"


def _receipt_after_intake(*, user: User, application: Any) -> None:
    """The receipt's PDF is made at once so that the window can print it (reg:16.1). The file is
    already accepted: a failure here is logged and the file page offers to print it again."""
    try:
        _issue_for_application(
            user=user, application=application, kind="receipt", language=application.language
        )
    except Exception:
        # Whatever broke (a refusal, the PDF renderer), acceptance must not look failed.
        logger.exception("the receipt of %s could not be issued", application.request_number)


@login_required
@require_GET
def intake_checklist(request: HttpRequest) -> JsonResponse:
    """GET /office/intake/checklist/?groups=…&housing=…&family=1&court=1&fund=…: the document
    checklist as JSON, for the intake page's script (the page works without it)."""
    _intake_channel(_user(request))
    items = screens.intake_checklist(
        groups=request.GET.getlist("groups"),
        family=request.GET.get("family") == "1",
        court_member=request.GET.get("court") == "1",
        housing=request.GET.getlist("housing"),
        fund=request.GET.get("fund") or "communal",
    )
    return JsonResponse({"required": [i.code for i in items if i.required]})


# --------------------------------------------------------------------------- registries


def _print_registry(*, user: User, registry: Any, kind: str, language: str) -> Any:
    from kezek.paperwork.services.issue import paperwork_issue

    existing = screens.registry_document(registry=registry, kind=kind, language=language)
    if existing is not None:
        return existing
    return paperwork_issue(actor=user, kind=kind, subject=registry, language=language)


@login_required
def registries(request: HttpRequest) -> HttpResponse:
    """The branch's registries; the back office collects files and sends a registry here."""
    user = _user(request)
    context: dict[str, Any] = {"registries": registries_in_scope(user)[:100], "error": None}
    if user.role == Role.PSC_BACK_OFFICE:
        waiting = workqueue_for(user=user)
        context["accepted"] = waiting.filter(status="accepted")
        context["collected"] = waiting.filter(status="collected")
    status = 200
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("application_ids") if i.isdigit()]
        context["failed"] = request.POST.get("do")
        try:
            files = [access_application(user, i) for i in ids]
            if request.POST.get("do") == "collect":
                applications_collect(actor=user, applications=files)
                return redirect("workflow:registries")
            registry = dispatch_registry_send(actor=user, applications=files)
            return redirect("workflow:registry", pk=registry.pk)
        except KezekError as exc:
            context["error"] = exc
            status = _status(exc)
    return render(request, "workflow/registries.html", context, status=status)


def _registry_context(user: User, registry: Any, **extra: Any) -> dict[str, Any]:
    context = {
        "registry": registry,
        "items": screens.registry_items(registry=registry),
        "error": None,
        "can_receive": user.role == Role.AB_EXECUTOR and registry.received_at is None,
        "printable": screens.registry_printables(registry=registry, user=user),
        "documents": screens.registry_documents(registry=registry),
        "document_language": reasons_language(get_language()),
    }
    context.update(extra)
    return context


@login_required
def registry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        registry = access_registry(user, pk)
    except NotFoundError:
        raise Http404 from None
    status = 200
    error = None
    if request.method == "POST":
        try:
            dispatch_registry_receive(actor=user, registry=registry)
            return redirect("workflow:registry", pk=pk)
        except KezekError as exc:
            error = exc
            status = _status(exc)
    return render(
        request,
        "workflow/registry.html",
        _registry_context(user, registry, error=error),
        status=status,
    )


@login_required
@require_POST
def registry_print(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The registry of action 3 (back office) or the AB's receipt for it (action 4), as a PDF."""
    user = _user(request)
    try:
        registry = access_registry(user, pk)
    except NotFoundError:
        raise Http404 from None
    if kind not in screens.registry_printables(registry=registry, user=user):
        raise Http404
    language = _document_language(request, reasons_language(get_language()))
    try:
        document = _print_registry(user=user, registry=registry, kind=kind, language=language)
    except KezekError as exc:
        return render(
            request,
            "workflow/registry.html",
            _registry_context(user, registry, error=exc),
            status=_status(exc),
        )
    return redirect("paperwork:pdf", document_id=document.pk)


# --------------------------------------------------------------------------- journal


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """The issue journal (reg:18) of the files in the user's scope."""
    entries = screens.issue_journal_for(user=_user(request))
    return render(request, "workflow/journal.html", {"entries": entries[:LIST_LIMIT]})
