"""Citizen pages: the position lookup and the published lists (simple server-rendered forms)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kezek.common.errors import KezekError

from .models import QueueList
from .publication import FORMATS, LANGUAGES, publication_response
from .selectors import queue_lookup


@require_GET
def position(request: HttpRequest) -> HttpResponse:
    """GET form: IIN + request number -> the entries, positions and the reasons of moves."""
    iin = request.GET.get("iin", "").strip()
    number = request.GET.get("request_number", "").strip()
    context: dict[str, object] = {"iin": iin, "request_number": number, "errors": {}}
    status = 200
    if "iin" in request.GET or "request_number" in request.GET:
        try:
            context["entries"] = queue_lookup(iin=iin, request_number=number)
        except KezekError as exc:
            context["errors"] = {exc.field or "form": exc.message}
            status = 404 if exc.code == "not_found" else 422
    return render(request, "housing_queue/position.html", context, status=status)


@require_GET
def publication(request: HttpRequest) -> HttpResponse:
    """The published lists: choose district, list, date, format, language; download."""
    district = request.GET.get("district", "").strip()
    list_code = request.GET.get("list", "").strip()
    context: dict[str, object] = {
        "lists": QueueList.Code.choices,
        "formats": list(FORMATS),
        "languages": LANGUAGES,
        "values": request.GET,
        "today": timezone.localdate().isoformat(),
        "errors": {},
    }
    if district and list_code:
        try:
            day = request.GET.get("date") or ""
            as_of = dt.date.fromisoformat(day) if day else None
        except ValueError:
            from django.utils.translation import gettext as _

            context["errors"] = {"date": _("Not a date: write YYYY-MM-DD HH:MM:SS or DD.MM.YYYY.")}
            return render(request, "housing_queue/publication.html", context, status=422)
        try:
            return publication_response(
                district_code=district,
                list_code=list_code,
                as_of=as_of,
                fmt=request.GET.get("format", "xlsx"),
                lang=request.GET.get("lang", "kk"),
            )
        except KezekError as exc:
            context["errors"] = {exc.field or "form": exc.message}
            status = 404 if exc.code == "not_found" else 422
            return render(request, "housing_queue/publication.html", context, status=status)
    return render(request, "housing_queue/publication.html", context)
