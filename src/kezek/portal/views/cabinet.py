"""The personal cabinet: the citizen's applications and the documents issued on them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kezek.common.errors import NotFoundError
from kezek.registries.client import registries_configured

from ..access import access_citizen_application, access_citizen_document
from ..auth import citizen_required
from ..case import STEPS
from ..selectors import application_card, cabinet_applications, draft_for
from .base import citizen_of, step_of


@require_GET
@citizen_required
def cabinet(request: HttpRequest) -> HttpResponse:
    """The personal cabinet: the citizen's applications, the draft in progress (reg:16.2, reg:18)."""
    citizen = citizen_of(request)
    cards = [application_card(a) for a in cabinet_applications(citizen.iin)]
    draft = draft_for(citizen.iin)
    return render(
        request,
        "portal/cabinet.html",
        {
            "citizen": citizen,
            "cards": cards,
            "draft": draft,
            "draft_step": step_of(draft) if draft else None,
            "steps_total": len(STEPS),
            "registers_on": registries_configured(),
        },
    )


@require_GET
@citizen_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    try:
        application = access_citizen_application(citizen.iin, pk)
    except NotFoundError:
        raise Http404 from None
    return render(
        request,
        "portal/application.html",
        {"citizen": citizen, "card": application_card(application)},
    )


@require_GET
@citizen_required
def document_pdf(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """A document issued on the citizen's own application, as the PDF that verifies."""
    try:
        document = access_citizen_document(citizen_of(request).iin, pk, document_id)
    except NotFoundError:
        raise Http404 from None
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
