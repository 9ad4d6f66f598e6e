from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kezek.applications.access import applications_in_scope
from kezek.workflow.presenters import role_screen
from kezek.workflow.selectors.start import start_counts

from .selectors import offices_for_public, service_rules_today


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff start page: each role is led to its workqueue, with its counts and its tasks."""

    user = request.user
    return render(
        request,
        "web/home.html",
        {
            "screen": role_screen(user),  # type: ignore[arg-type]
            "counts": start_counts(user=user),  # type: ignore[arg-type]
            "latest": applications_in_scope(user)  # type: ignore[arg-type]
            .select_related("applicant")
            .order_by("-accepted_at", "-id")[:10],
        },
    )


def service(request: HttpRequest) -> HttpResponse:
    """The service's rules in plain language: who, which documents, how long, where (public)."""
    return render(
        request, "web/service.html", {**service_rules_today(), "offices": offices_for_public()}
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 404}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"code": 403}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"code": 500}, status=500)
