"""Pages of the citizen portal: EDS sign-in, the application in steps, the personal cabinet.

Views parse input, call a gate, a service or a selector, and render. Every step works without
JavaScript; only the EDS signature needs NCALayer (static/portal/ncalayer.js).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kezek.applications.choices import ClaimedGroup, Fund, Relation
from kezek.common.errors import KezekError, NotFoundError
from kezek.common.text import active_data_language
from kezek.decisions.forms import EVENTS, HOUSING_FACTS
from kezek.offices.models import District
from kezek.workflow.portal import MAX_ATTACHMENT_BYTES

from .access import access_citizen_application, access_citizen_document
from .auth import (
    Citizen,
    citizen_required,
    current_citizen,
    nonce_issue,
    nonce_take,
    safe_next,
    session_end,
    session_start,
)
from .case import (
    STEP_BY_SLUG,
    STEPS,
    Checklist,
    Step,
    birth_date_of,
    checklist,
    preview,
)
from .forms import (
    LANGUAGES,
    MOVED_PERSONS,
    ApplicantForm,
    FamilyFormSet,
    GroupsForm,
    HistoryFormSet,
    HousingForm,
)
from .models import Draft
from .selectors import application_card, cabinet_applications, draft_for
from .services import (
    ScanInput,
    draft_file_remove,
    draft_files_add,
    draft_form_prepare,
    draft_open,
    draft_request,
    draft_section_save,
    draft_step_reach,
    draft_submit,
    portal_sign_in,
    sign_in_data,
)


def _citizen(request: HttpRequest) -> Citizen:
    citizen: Citizen = request.citizen  # type: ignore[attr-defined]
    return citizen


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --------------------------------------------------------------------------- sign-in


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """EDS sign-in: the server's one-time code, signed in NCALayer; the IIN from the certificate."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET" and current_citizen(request) is not None:
        return redirect(next_url or reverse("portal:cabinet"))
    error = None
    status = 200
    if request.method == "POST":
        nonce, issued = nonce_take(request.session)
        try:
            record = portal_sign_in(
                nonce=nonce, issued_at=issued, signature=request.POST.get("signature", "")
            )
        except KezekError as exc:
            error = exc.message
            status = 422
        else:
            session_start(request, record)
            return redirect(next_url or reverse("portal:cabinet"))
    nonce = nonce_issue(request.session)
    return render(
        request,
        "portal/sign_in.html",
        {"sign_data": _b64(sign_in_data(nonce)), "error": error, "next": next_url or ""},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session_end(request)
    messages.info(request, _("You have signed out of the personal cabinet."))
    return redirect("portal:sign-in")


# --------------------------------------------------------------------------- cabinet


@require_GET
@citizen_required
def cabinet(request: HttpRequest) -> HttpResponse:
    """The personal cabinet: the citizen's applications, the draft in progress (reg:16.2, reg:18)."""
    citizen = _citizen(request)
    cards = [application_card(a) for a in cabinet_applications(citizen.iin)]
    draft = draft_for(citizen.iin)
    return render(
        request,
        "portal/cabinet.html",
        {
            "citizen": citizen,
            "cards": cards,
            "draft": draft,
            "draft_step": _step_of(draft) if draft else None,
            "steps_total": len(STEPS),
        },
    )


@require_GET
@citizen_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    citizen = _citizen(request)
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
        document = access_citizen_document(_citizen(request).iin, pk, document_id)
    except NotFoundError:
        raise Http404 from None
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------- apply


def _step_of(draft: Draft) -> Step:
    return STEPS[min(max(draft.step, 1), len(STEPS)) - 1]


def _steps_nav(draft: Draft, current: Step) -> list[dict[str, Any]]:
    return [{"step": s, "current": s == current, "open": s.number <= draft.step} for s in STEPS]


@require_http_methods(["GET", "POST"])
@citizen_required
def apply_start(request: HttpRequest) -> HttpResponse:
    """GET: resume the draft, or offer to start; POST: start (the draft is kept on the server)."""
    citizen = _citizen(request)
    draft = draft_for(citizen.iin)
    if request.method == "POST" and draft is None:
        draft = draft_open(iin=citizen.iin, name=citizen.name)
    if draft is not None:
        return redirect("portal:apply-step", slug=_step_of(draft).slug)
    return render(request, "portal/apply/start.html", {"citizen": citizen, "steps": STEPS})


@require_http_methods(["GET", "POST"])
@citizen_required
def apply_step(request: HttpRequest, slug: str) -> HttpResponse:
    citizen = _citizen(request)
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    draft = draft_for(citizen.iin)
    if draft is None:
        return redirect("portal:apply")
    if step.number > draft.step:
        return redirect("portal:apply-step", slug=_step_of(draft).slug)
    handler = {
        "documents": _documents_step,
        "summary": _summary_step,
        "sign": _sign_step,
    }.get(slug, _section_step)
    return handler(request, citizen, draft, step)


def _next_step(step: Step) -> Step:
    return STEPS[min(step.number, len(STEPS) - 1)]


def _render_step(
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
            "citizen": _citizen(request),
            "draft": draft,
            "step": step,
            "steps": _steps_nav(draft, step),
            "steps_total": len(STEPS),
            "previous": previous,
            **context,
        },
        status=status,
    )


# --- the steps that save answers (1–5)


def _section_form(section: str, draft: Draft, citizen: Citizen, data: Any) -> Any:
    stored = draft.data.get(section)
    if section == "applicant":
        initial = stored or {
            **(draft.data.get("prefill") or {}),
            "language": active_data_language(),
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
        }
        return ApplicantForm(data, initial=initial)
    if section == "family":
        return FamilyFormSet(data, prefix="family", initial=stored or [])
    if section == "groups":
        initial = (
            GroupsForm.initial_from(stored) if stored else {"lost_parents_before_majority": True}
        )
        return GroupsForm(data, initial=initial)
    if section == "housing":
        return HousingForm(data, initial=stored or {})
    return HistoryFormSet(data, prefix="history", initial=stored or [])


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


def _section_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
    section = step.slug
    form = _section_form(
        section, draft, citizen, request.POST if request.method == "POST" else None
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
                return redirect("portal:apply-step", slug=_next_step(step).slug)
        status = 422
    context: dict[str, Any] = {
        "form": form,
        "errors": [("", e) for e in page_errors] + error_summary(form, _row_label(section)),
    }
    if section == "applicant":
        birth = birth_date_of(citizen.iin)
        context["birth_date"] = birth
    return _render_step(request, draft, step, context, status=status)


# --- step 6: the checklist and the scans


def _too_large() -> str:
    return _("The file is too large: at most %(limit)s MB.") % {
        "limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)
    }


def _documents_step(
    request: HttpRequest, citizen: Citizen, draft: Draft, step: Step
) -> HttpResponse:
    today = timezone.localdate()
    result = checklist(iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=today)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action.startswith("remove:"):
            try:
                draft_file_remove(iin=citizen.iin, file_id=int(action[7:]), name=citizen.name)
                messages.success(request, _("The file was removed."))
            except (KezekError, ValueError):
                messages.error(request, _("No such file."))
            return redirect("portal:apply-step", slug=step.slug)
        scans: list[ScanInput] = []
        for item in result.items:
            if item.how != "upload":
                continue
            for upload in request.FILES.getlist(item.input_name):
                if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
                    errors[item.input_name] = _too_large()  # refused before it is read
                    continue
                scans.append(
                    ScanInput(
                        doc_type=item.doc_type, filename=upload.name or "", content=upload.read()
                    )
                )
        if not errors and scans:
            try:
                draft_files_add(iin=citizen.iin, scans=scans, name=citizen.name)
            except KezekError as exc:
                errors[exc.field or "documents"] = str(exc.message)
        if not errors:
            if action != "next":
                if scans:
                    messages.success(request, _("The files were attached."))
                return redirect("portal:apply-step", slug=step.slug)
            draft.refresh_from_db()
            result = checklist(
                iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=today
            )
            if result.problem is None and not result.missing:
                draft_step_reach(iin=citizen.iin, step=step.number + 1)
                return redirect("portal:apply-step", slug=_next_step(step).slug)
            for item in result.missing:
                errors[item.input_name] = _("Attach a scan of this document.")
        status = 422
    names = {item.input_name: item.name for item in result.items}
    summary = [
        (f"id_{field}", f"{names[field]}: {message}") if field in names else ("", message)
        for field, message in errors.items()
    ]
    return _render_step(
        request,
        draft,
        step,
        {"checklist": result, "file_errors": errors, "errors": summary},
        status=status,
    )


# --- step 7: the summary with the engine's preliminary answer


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
    housing = _labels(HOUSING_FACTS)
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


def _summary_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
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
    return _render_step(request, draft, step, {**context, "errors": errors}, status=status)


# --- step 8: sign the request with EDS and submit it


def _sign_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
    data = draft_request(draft=draft)
    if data is None:
        messages.info(request, _("Check the summary and confirm it before signing."))
        return redirect("portal:apply-step", slug="summary")
    error = None
    status = 200
    if request.method == "POST":
        try:
            application = draft_submit(
                iin=citizen.iin,
                request=request.POST.get("request", ""),
                signature=request.POST.get("signature", ""),
                name=citizen.name,
            )
        except KezekError as exc:
            error = str(exc.message)
            status = 422
            refreshed = draft_for(citizen.iin)
            if refreshed is None:
                return redirect("portal:cabinet")
            draft = refreshed
            data = draft_request(draft=draft) or data
        else:
            messages.success(
                request,
                _("Your application %(number)s has been accepted.")
                % {"number": application.request_number},
            )
            return redirect("portal:application", pk=application.pk)
    result = checklist(
        iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=timezone.localdate()
    )
    attached = [f for f in draft.files.all() if f.generated or f.doc_type in result.upload_types]
    return _render_step(
        request,
        draft,
        step,
        {
            "sign_data": _b64(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "attached": attached,
            "fetched": [i for i in result.items if i.how == "fetched"],
            "error": error,
        },
        status=status,
    )


@require_GET
@citizen_required
def draft_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """One of the citizen's own draft files (to check what they attached)."""
    draft = draft_for(_citizen(request).iin)
    scan = draft.files.filter(pk=file_id).first() if draft is not None else None
    if scan is None:
        raise Http404
    response = HttpResponse(bytes(scan.content), content_type=scan.content_type)
    response["Content-Disposition"] = f'attachment; filename="{scan.pk}-{scan.doc_type}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
