"""The PSC window and the AB desk: accepting an application and giving the receipt (reg:16.1)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kezek.accounts.models import Role, User
from kezek.applications.choices import Channel
from kezek.common.errors import KezekError
from kezek.registries.client import registries_configured

from .. import presenters
from ..forms import (
    FamilyFormSet,
    IntakeForm,
    family_initial_from_data,
    initial_from_data,
)
from ..presenters import ChecklistItem, group_clauses
from ..selectors.decisions import reasons_language
from ..selectors.files import executors_of
from ..selectors.start import applicant_lookup
from ..services.intake import application_intake
from ..services.window import WindowFill, window_registers_ask, window_registers_recall
from ..transitions import intake_channel_for
from ._shared import (
    document_for_application,
    staff_user,
)

logger = logging.getLogger(__name__)


def _intake_channel(user: User) -> str:
    channel = intake_channel_for(user.role)
    if channel is None or (channel == Channel.PSC and not (user.office and user.office.is_psc)):
        raise Http404
    return channel


def _executor_choices(user: User) -> list[tuple[int, str]] | None:
    if user.role != Role.AB_OFFICE_CLERK:
        return None
    return [(u.pk, u.display_name) for u in executors_of(user=user)]


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


def _checklist_for(form: IntakeForm, family: Any) -> list[ChecklistItem]:
    relations = [member["relation"].value() for member in family.forms]
    fund = _values(form, "fund")
    return presenters.intake_checklist(
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
    user = staff_user(request)
    channel = _intake_channel(user)
    executors = _executor_choices(user)
    lookup = None
    fill: WindowFill | None = None
    status = 200
    if request.method == "POST" and request.POST.get("do") == "registers":
        # Ask the state registers (a POST: every call is recorded against the inspector).
        form, family, lookup, fill = _registers_filled(request, user=user, executors=executors)
        if lookup.error:
            status = 422
    elif request.method == "POST" and request.POST.get("do") == "checklist":
        probe = IntakeForm(executors=executors, prefix="a")
        form = IntakeForm(
            initial=initial_from_data(probe, request.POST), executors=executors, prefix="a"
        )
        family = FamilyFormSet(initial=family_initial_from_data(request.POST), prefix="family")
        fill = _registers_recalled(request, user=user)
    elif request.method == "POST" and request.POST.get("do") != "find":
        form = IntakeForm(request.POST, executors=executors, prefix="a")
        family = FamilyFormSet(request.POST, prefix="family")
        fill = _registers_recalled(request, user=user)
        if form.is_valid() and family.is_valid():
            members = [m for m in (f.to_input() for f in family.forms) if m is not None]
            executor_id = form.cleaned_data.get("executor_id")
            executor = (
                executors_of(user=user).filter(pk=executor_id).first() if executor_id else None
            )
            documents = fill.documents(form.cleaned_data["documents"]) if fill is not None else None
            try:
                application = application_intake(
                    actor=user,
                    channel=channel,
                    data=form.to_input(members, documents=documents),
                    executor=executor,
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
        params = request.POST if request.method == "POST" else request.GET  # POST: do=find
        if "iin" in params:
            lookup = applicant_lookup(user=user, iin=params.get("iin", ""))
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
    if fill is not None and request.POST.get("do") == "registers" and not has_errors:
        focus = "groups"  # the registers filled the person: the groups are what is left
    fetched_notes = fill.fetched_notes() if fill is not None else {}
    family_notes = fill.family_notes if fill is not None else {}
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
            "checklist_rows": [(item, fetched_notes.get(item.code, "")) for item in checklist],
            "registries_on": registries_configured(),
            "fill": fill,
            "notes": fill.notes if fill is not None else {},
            "family_rows": [
                (member, family_notes.get(str(member["iin"].value() or ""), ""))
                for member in family.forms
            ],
            "checked_documents": set(_values(form, "documents")),
            "checked_groups": set(_values(form, "claimed_groups")),
            "group_clauses": group_clauses(),
            "has_errors": has_errors,
            "focus": focus,
            "family_count": family_count,
            "family_open": bool(family_count or (family.is_bound and family.total_error_count())),
        },
        status=status,
    )


def _registers_filled(
    request: HttpRequest, *, user: User, executors: list[tuple[int, str]] | None
) -> tuple[IntakeForm, Any, Any, WindowFill | None]:
    """The form as the registers fill it for the IIN entered (over what a returning applicant's
    last file says); an invalid IIN is the lookup's error and nobody is asked."""
    lookup = applicant_lookup(user=user, iin=request.POST.get("iin", ""))
    initial: dict[str, Any] = {"language": reasons_language(get_language()), "iin": lookup.iin}
    family_initial: list[dict[str, Any]] = []
    fill = None
    if not lookup.error:
        initial.update(lookup.initial)
        family_initial = list(lookup.family)
        if registries_configured():
            fill = window_registers_ask(user=user, iin=lookup.iin)
            initial.update(fill.initial)
            initial["registers_asked"] = True
            named = {m["iin"] for m in fill.family}
            family_initial = [
                *fill.family,
                *(m for m in family_initial if not m.get("iin") or m["iin"] not in named),
            ]
    form = IntakeForm(initial=initial, executors=executors, prefix="a")
    family = FamilyFormSet(initial=family_initial, prefix="family")
    return form, family, lookup, fill


def _registers_recalled(request: HttpRequest, *, user: User) -> WindowFill | None:
    """The registers' answers for the form as it comes back (shown again or accepted)."""
    if not registries_configured() or request.POST.get("a-registers_asked") not in (
        "True",
        "on",
        "1",
        "true",
    ):
        return None
    iin = "".join(request.POST.get("a-iin", "").split())
    members = [
        "".join(str(row.get("iin") or "").split()) for row in family_initial_from_data(request.POST)
    ]
    return window_registers_recall(user=user, iin=iin, member_iins=[m for m in members if m])


def _intake_focus(request: HttpRequest, *, lookup: Any, has_errors: bool) -> str:
    """Where the cursor stands when the page opens: the window works from the keyboard."""
    if has_errors:
        return "summary"
    if request.method == "POST" and request.POST.get("do") == "checklist":
        return "documents"  # back from "show the checklist"
    if lookup is None or lookup.error:
        return "lookup"
    return "groups" if lookup.found else "last_name"


def _receipt_after_intake(*, user: User, application: Any) -> None:
    """The receipt's PDF is made at once so that the window can print it (reg:16.1). The file is
    already accepted: a failure here is logged and the file page offers to print it again."""
    try:
        document_for_application(
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
    _intake_channel(staff_user(request))
    items = presenters.intake_checklist(
        groups=request.GET.getlist("groups"),
        family=request.GET.get("family") == "1",
        court_member=request.GET.get("court") == "1",
        housing=request.GET.getlist("housing"),
        fund=request.GET.get("fund") or "communal",
    )
    return JsonResponse({"required": [i.code for i in items if i.required]})
