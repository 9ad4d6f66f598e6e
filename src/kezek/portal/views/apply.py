"""The application in steps (reg:15.2): its start and the dispatch to the step's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kezek.registries.client import registries_configured

from ..auth import citizen_required
from ..case import STEP_BY_SLUG, STEPS
from ..selectors import draft_for
from ..services.draft import draft_open
from ..services.registers import draft_registers_fetch
from .base import citizen_of, step_of
from .documents import documents_step
from .sections import section_step
from .sign import sign_step
from .summary import summary_step


@require_http_methods(["GET", "POST"])
@citizen_required
def apply_start(request: HttpRequest) -> HttpResponse:
    """GET: resume the draft, or offer to start; POST: start (the draft is kept on the server)."""
    citizen = citizen_of(request)
    draft = draft_for(citizen.iin)
    if request.method == "POST" and draft is None:
        draft = draft_open(iin=citizen.iin, name=citizen.name)
        # The registers' facts pre-fill the steps: asked now, within a few seconds in all.
        draft = draft_registers_fetch(iin=citizen.iin, name=citizen.name) or draft
    if draft is not None:
        return redirect("portal:apply-step", slug=step_of(draft).slug)
    return render(
        request,
        "portal/apply/start.html",
        {"citizen": citizen, "steps": STEPS, "registers_on": registries_configured()},
    )


@require_http_methods(["GET", "POST"])
@citizen_required
def apply_step(request: HttpRequest, slug: str) -> HttpResponse:
    citizen = citizen_of(request)
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    draft = draft_for(citizen.iin)
    if draft is None:
        return redirect("portal:apply")
    if step.number > draft.step:
        return redirect("portal:apply-step", slug=step_of(draft).slug)
    handler = {
        "documents": documents_step,
        "summary": summary_step,
        "sign": sign_step,
    }.get(slug, section_step)
    return handler(request, citizen, draft, step)


@require_POST
@citizen_required
def apply_registers(request: HttpRequest) -> HttpResponse:
    """Ask the registers again (some did not answer, or the draft is older than this)."""
    citizen = citizen_of(request)
    draft = draft_for(citizen.iin)
    if draft is None:
        return redirect("portal:apply")
    draft_registers_fetch(iin=citizen.iin, name=citizen.name)
    step = STEP_BY_SLUG.get(request.POST.get("step", ""))
    slug = step.slug if step is not None and step.number <= draft.step else step_of(draft).slug
    return redirect("portal:apply-step", slug=slug)
