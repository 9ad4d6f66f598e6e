"""The citizen's portal session, separate from staff sign-in.

A citizen is not a Django user: after an EDS sign-in the session holds the IIN and the name
from the certificate (``portal_iin``, ``portal_name``). Staff authentication is untouched, and a
staff session never opens the cabinet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .models import SignIn
from .services.sign_in import sign_in_nonce_new

SESSION_IIN = "portal_iin"
SESSION_NAME = "portal_name"
SESSION_SINCE = "portal_since"
SESSION_NONCE = "portal_sign_in_nonce"
#: A portal session lasts a working day at most; the draft outlives it.
SESSION_LIFETIME = dt.timedelta(hours=8)


@dataclass(frozen=True)
class Citizen:
    iin: str
    name: str


def nonce_issue(session: SessionBase) -> str:
    """A new one-time nonce in the session (the previous one, if any, is void)."""
    nonce = sign_in_nonce_new()
    session[SESSION_NONCE] = {"value": nonce, "issued": timezone.now().timestamp()}
    return nonce


def nonce_take(session: SessionBase) -> tuple[str | None, dt.datetime | None]:
    """The session's nonce, removed: whatever the outcome, it is not tried twice."""
    stored = session.pop(SESSION_NONCE, None)
    if not isinstance(stored, dict) or "value" not in stored:
        return None, None
    issued = dt.datetime.fromtimestamp(float(stored["issued"]), tz=dt.UTC)
    return str(stored["value"]), issued


def session_start(request: HttpRequest, sign_in: SignIn) -> None:
    # A new session key at sign-in: a key planted before cannot be used after it.
    request.session.cycle_key()
    request.session[SESSION_IIN] = sign_in.iin
    request.session[SESSION_NAME] = sign_in.common_name
    request.session[SESSION_SINCE] = timezone.now().timestamp()


def session_end(request: HttpRequest) -> None:
    for key in (SESSION_IIN, SESSION_NAME, SESSION_SINCE, SESSION_NONCE):
        request.session.pop(key, None)


def current_citizen(request: HttpRequest) -> Citizen | None:
    iin = request.session.get(SESSION_IIN)
    since = request.session.get(SESSION_SINCE)
    if not iin or since is None:
        return None
    started = dt.datetime.fromtimestamp(float(since), tz=dt.UTC)
    if timezone.now() - started > SESSION_LIFETIME:
        session_end(request)
        return None
    return Citizen(iin=str(iin), name=str(request.session.get(SESSION_NAME) or ""))


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages of the cabinet: a citizen signed in by EDS, else the sign-in page (then back)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        citizen = current_citizen(request)
        if citizen is None:
            url = reverse("portal:sign-in")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        request.citizen = citizen  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
