"""Step 7: the summary of the answers with the rules engine's preliminary answer (reg:15.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from kezek.applications.choices import ClaimedGroup, Fund, HousingFact, Relation
from kezek.common.errors import KezekError
from kezek.decisions.forms import EVENTS
from kezek.offices.models import District

from ..auth import Citizen
from ..case import Checklist, Step, birth_date_of, checklist, preview
from ..forms import LANGUAGES, MOVED_PERSONS
from ..models import Draft
from ..services.submission import draft_form_prepare
from .base import registers_of, step_render


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _summary_context(citizen: Citizen, draft: Draft, result: Checklist) -> dict[str, Any]:
    data = draft.data
    applicant = data.get("applicant") or {}
    groups = data.get("groups") or {}
    district = District.objects.filter(code=applicant.get("district") or "").first()
    relations = _labels(Relation.choices)
    events = _labels(EVENTS)
    persons = _labels(MOVED_PERSONS)
    housing = _labels(HousingFact.choices)
    group_labels = _labels(ClaimedGroup.choices)
    submitted = [item.doc_type for item in result.items if item.complete]
    engine = preview(iin=citizen.iin, data=data, today=timezone.localdate(), documents=submitted)
    return {
        "applicant": applicant,
        "birth_date": birth_date_of(citizen.iin),
        "district": district,
        "language_label": dict(LANGUAGES).get(applicant.get("language", ""), ""),
        "family": [
            {
                **m,
                "relation_label": relations.get(m["relation"], m["relation"]),
                "birth": dt.date.fromisoformat(m["birth_date"]),
            }
            for m in data.get("family") or []
        ],
        "groups": [group_labels.get(g, g) for g in groups.get("claimed_groups") or []],
        "fund_label": _labels(Fund.choices).get(groups.get("fund", ""), ""),
        "income": groups.get("income_12_months"),
        "military_service_months": groups.get("military_service_months") or 0,
        "housing": [
            housing[k] for k, v in (data.get("housing") or {}).items() if v and k in housing
        ],
        "history": [
            {
                **e,
                "day": dt.date.fromisoformat(e["date"]),
                "event_label": events.get(e["event"], e["event"]),
                "person_labels": [persons.get(p, p) for p in e.get("persons") or []],
            }
            for e in data.get("history") or []
        ],
        "checklist": result,
        "preview": engine,
    }


def summary_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
    today = timezone.localdate()
    result = checklist(iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=today)
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        try:
            draft_form_prepare(iin=citizen.iin, name=citizen.name)
        except KezekError as exc:
            errors.append(("", str(exc.message)))
            status = 422
        else:
            return redirect("portal:apply-step", slug="sign")
    context = _summary_context(citizen, draft, result)
    context["registers"] = registers_of(draft)
    return step_render(request, draft, step, {**context, "errors": errors}, status=status)
