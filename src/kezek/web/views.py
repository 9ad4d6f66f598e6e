from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kezek.applications.access import applications_in_scope

from .selectors import offices_for_public, service_rules_today


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff start page: the applications in the user's scope, newest first."""
    applications = applications_in_scope(request.user).select_related("applicant")[:50]  # type: ignore[arg-type]
    return render(request, "web/home.html", {"applications": applications})


def service(request: HttpRequest) -> HttpResponse:
    """The service's rules in plain language: who, which documents, how long, where (public)."""
    return render(request, "web/service.html", {**service_rules_today(), "offices": offices_for_public()})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 404}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 403}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"code": 500}, status=500)
