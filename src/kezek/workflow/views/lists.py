"""Workqueues, the files in scope, the overdue list (reg:22) and the CSV export."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import User
from kezek.offices.models import Office

from ..forms import (
    FiltersForm,
)
from ..presenters import role_screen, time_left_text
from ..selectors.files import SearchFilters, applications_search, deadlines_for, workqueue_for
from ..serializers import export_csv
from ._shared import (
    LIST_LIMIT,
    staff_user,
)

logger = logging.getLogger(__name__)


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
                "left": time_left_text(deadlines.time_left),
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
            "screen": role_screen(staff_user(request)),
        },
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for the user's action (each role's workqueue)."""
    user = staff_user(request)
    form, filters = _filters(request, user)
    screen = role_screen(user)
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
    user = staff_user(request)
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
    user = staff_user(request)
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
    user = staff_user(request)
    _form, filters = _filters(request, user)
    response = HttpResponse(
        export_csv(applications_search(user=user, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    return response
