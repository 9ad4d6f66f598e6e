"""Dispatch registries (Annex 3, actions 3-4) and the issue journal (reg:18)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from kezek.accounts.models import Role, User
from kezek.applications.access import access_application
from kezek.common.errors import KezekError, NotFoundError
from kezek.paperwork.services.issue import paperwork_issue

from ..access import access_registry
from ..selectors.decisions import reasons_language
from ..selectors.documents import (
    issue_journal_for,
    registry_document,
    registry_documents,
    registry_items,
    registry_printables,
)
from ..selectors.files import registries_in_scope, workqueue_for
from ..services.dispatch import (
    applications_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from ._shared import (
    LIST_LIMIT,
    document_language,
    error_status,
    staff_user,
)

logger = logging.getLogger(__name__)


def _print_registry(*, user: User, registry: Any, kind: str, language: str) -> Any:
    existing = registry_document(registry=registry, kind=kind, language=language)
    if existing is not None:
        return existing
    return paperwork_issue(actor=user, kind=kind, subject=registry, language=language)


@login_required
def registries(request: HttpRequest) -> HttpResponse:
    """The branch's registries; the back office collects files and sends a registry here."""
    user = staff_user(request)
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
            status = error_status(exc)
    return render(request, "workflow/registries.html", context, status=status)


def _registry_context(user: User, registry: Any, **extra: Any) -> dict[str, Any]:
    context = {
        "registry": registry,
        "items": registry_items(registry=registry),
        "error": None,
        "can_receive": user.role == Role.AB_EXECUTOR and registry.received_at is None,
        "printable": registry_printables(registry=registry, user=user),
        "documents": registry_documents(registry=registry),
        "document_language": reasons_language(get_language()),
    }
    context.update(extra)
    return context


@login_required
def registry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
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
            status = error_status(exc)
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
    user = staff_user(request)
    try:
        registry = access_registry(user, pk)
    except NotFoundError:
        raise Http404 from None
    if kind not in registry_printables(registry=registry, user=user):
        raise Http404
    language = document_language(request, reasons_language(get_language()))
    try:
        document = _print_registry(user=user, registry=registry, kind=kind, language=language)
    except KezekError as exc:
        return render(
            request,
            "workflow/registry.html",
            _registry_context(user, registry, error=exc),
            status=error_status(exc),
        )
    return redirect("paperwork:pdf", document_id=document.pk)


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """The issue journal (reg:18) of the files in the user's scope."""
    entries = issue_journal_for(user=staff_user(request))
    return render(request, "workflow/journal.html", {"entries": entries[:LIST_LIMIT]})
