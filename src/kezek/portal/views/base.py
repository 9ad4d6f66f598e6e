"""What the portal's pages share: the signed-in citizen, the steps' navigation and frame."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kezek.registries.client import registries_configured

from ..auth import Citizen
from ..case import STEPS, Step
from ..models import Draft
from ..registers import RegistersView, registers_view
from ..selectors import district_of_katos, draft_register_answers


def citizen_of(request: HttpRequest) -> Citizen:
    """The citizen ``citizen_required`` put on the request."""
    citizen: Citizen = request.citizen  # type: ignore[attr-defined]
    return citizen


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def step_of(draft: Draft) -> Step:
    """The step the draft has reached (the first one it may open and has not finished)."""
    return STEPS[min(max(draft.step, 1), len(STEPS)) - 1]


def _steps_nav(draft: Draft, current: Step) -> list[dict[str, Any]]:
    return [{"step": s, "current": s == current, "open": s.number <= draft.step} for s in STEPS]


def next_step(step: Step) -> Step:
    return STEPS[min(step.number, len(STEPS) - 1)]


def step_render(
    request: HttpRequest,
    draft: Draft,
    step: Step,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    previous = STEPS[step.number - 2] if step.number > 1 else None
    return render(
        request,
        f"portal/apply/{step.slug}.html",
        {
            "citizen": citizen_of(request),
            "draft": draft,
            "step": step,
            "steps": _steps_nav(draft, step),
            "steps_total": len(STEPS),
            "previous": previous,
            "registers_on": registries_configured(),
            **context,
        },
        status=status,
    )


def registers_of(draft: Draft) -> RegistersView | None:
    """What the registers said of the citizen when the application was started (None when no
    registers are configured or none were asked)."""
    if not registries_configured():
        return None
    answers = draft_register_answers(draft)
    if answers is None:
        return None
    return registers_view(answers, district_of_kato=district_of_katos())
