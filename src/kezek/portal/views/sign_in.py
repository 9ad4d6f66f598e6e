"""EDS sign-in and sign-out of the personal cabinet (reg:2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kezek.common.errors import KezekError

from ..auth import current_citizen, nonce_issue, nonce_take, safe_next, session_end, session_start
from ..services.sign_in import portal_sign_in, sign_in_data
from .base import b64


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
        {"sign_data": b64(sign_in_data(nonce)), "error": error, "next": next_url or ""},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session_end(request)
    messages.info(request, _("You have signed out of the personal cabinet."))
    return redirect("portal:sign-in")
