"""Steps 1–5: the answers about the applicant, the family, the groups, housing and history."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kezek.common.errors import KezekError
from kezek.common.text import active_data_language

from ..auth import Citizen
from ..case import Step, birth_date_of, format_money
from ..forms import ApplicantForm, FamilyFormSet, GroupsForm, HistoryFormSet, HousingForm
from ..models import Draft
from ..registers import RegistersView, marked
from ..services.draft import draft_section_save
from .base import next_step, registers_of, step_render


def _section_form(
    section: str, draft: Draft, citizen: Citizen, data: Any, registers: RegistersView | None
) -> Any:
    stored = draft.data.get(section)
    if section == "applicant":
        initial = stored or {
            **(draft.data.get("prefill") or {}),
            "language": active_data_language(),
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            **(registers.applicant_prefill if registers else {}),
        }
        return ApplicantForm(data, initial=initial)
    if section == "family":
        rows = stored if stored is not None else (registers.family_prefill if registers else [])
        return FamilyFormSet(data, prefix="family", initial=rows)
    if section == "groups":
        initial = (
            GroupsForm.initial_from(stored) if stored else {"lost_parents_before_majority": True}
        )
        if not stored and registers is not None and registers.income_prefill is not None:
            initial["income_12_months"] = format_money(registers.income_prefill)
        return GroupsForm(data, initial=initial)
    if section == "housing":
        return HousingForm(data, initial=stored or {})
    return HistoryFormSet(data, prefix="history", initial=stored or [])


def _registers_context(
    section: str, draft: Draft, registers: RegistersView | None
) -> dict[str, Any]:
    """The registers' panel and which inputs hold the registers' values ("from the registers")."""
    if registers is None:
        return {"registers": None, "from_registers": set()}
    stored = draft.data.get(section)
    marks: set[str] = set()
    if section == "applicant":
        marks = marked(registers.applicant_prefill, stored or registers.applicant_prefill)
    elif section == "groups" and registers.income_prefill is not None:
        income = (stored or {}).get("income_12_months", registers.income_prefill)
        marks = {"income_12_months"} if income == registers.income_prefill else set()
    elif section == "family":
        rows = stored if stored is not None else registers.family_prefill
        by_iin = {m["iin"]: m for m in registers.family_prefill}
        marks = {
            str(row.get("iin"))
            for row in rows
            if row.get("iin") in by_iin
            and row.get("birth_date") == by_iin[row["iin"]]["birth_date"]
        }
    return {"registers": registers, "from_registers": marks}


def _section_value(form: Any) -> Any:
    if isinstance(form, forms.BaseFormSet):
        return form.items()  # type: ignore[attr-defined]
    return form.to_section()


def _place_error(form: Any, exc: KezekError) -> bool:
    """Put a service's error on the input it names; False when no input of the step matches."""
    field = exc.field or ""
    if isinstance(form, forms.BaseFormSet):
        match = re.fullmatch(r"\w+-(\d+)-(\w+)", field)
        kept = form.kept_forms()  # type: ignore[attr-defined]
        if match and int(match[1]) < len(kept) and match[2] in kept[int(match[1])].fields:
            kept[int(match[1])].add_error(match[2], exc.message)
            return True
        return False
    form.add_error(field if field in form.fields else None, exc.message)
    return True


def error_summary(form: Any, row_label: str = "") -> list[tuple[str, str]]:
    """[(input id, "Label: message")] for the summary box at the top of the page."""
    items: list[tuple[str, str]] = []

    def of(one: forms.Form, prefix: str = "") -> None:
        for message in one.non_field_errors():
            items.append(("", f"{prefix}{message}"))
        for name, errors in one.errors.items():
            if name == "__all__":
                continue
            bound = one[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor = f"{anchor}_0"
            for message in errors:
                items.append((anchor, f"{prefix}{bound.label}: {message}"))

    if isinstance(form, forms.BaseFormSet):
        for message in form.non_form_errors():
            items.append(("", str(message)))
        for i, one in enumerate(form.forms):
            of(one, f"{row_label} {i + 1}. " if row_label else "")
    else:
        of(form)
    return items


def _row_label(section: str) -> str:
    return _("Member") if section == "family" else _("Event")


def section_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
    section = step.slug
    registers = registers_of(draft)
    form = _section_form(
        section, draft, citizen, request.POST if request.method == "POST" else None, registers
    )
    page_errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                draft_section_save(
                    iin=citizen.iin, section=section, value=_section_value(form), name=citizen.name
                )
            except KezekError as exc:
                if not _place_error(form, exc):
                    page_errors.append(str(exc.message))
            else:
                if request.POST.get("action") == "stay":
                    messages.success(request, _("Saved."))
                    return redirect("portal:apply-step", slug=section)
                return redirect("portal:apply-step", slug=next_step(step).slug)
        status = 422
    context: dict[str, Any] = {
        "form": form,
        "errors": [("", e) for e in page_errors] + error_summary(form, _row_label(section)),
    }
    if section == "applicant":
        birth = birth_date_of(citizen.iin)
        context["birth_date"] = birth
    context.update(_registers_context(section, draft, registers))
    return step_render(request, draft, step, context, status=status)
