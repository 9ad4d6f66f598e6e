"""The housing queue's JSON API under /api/v1/queue/: the citizen's position lookup (public),
the published list (public), and the staff's acts on entries (session auth, CSRF-checked)."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Any, cast
from urllib.parse import unquote_plus

import orjson
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.security import django_auth

from kezek.accounts.models import User
from kezek.common.errors import KezekError, PermissionDeniedError

from .access import access_queue_entry
from .choices import RemovalReason
from .publication import publication_response
from .selectors import EntryView, queue_entry_view, queue_lookup
from .services.imports import queue_import
from .services.leaving import SuccessorInput, queue_entry_allocate, queue_entry_remove
from .services.reinstatement import queue_entry_reinstate

router = Router(tags=["housing_queue"])


class HistoryOut(Schema):
    event: str
    event_label: str
    occurred_at: dt.datetime
    reason: str
    reason_label: str
    legal_basis: str
    position_before: int | None
    position_after: int | None
    decision_number: str
    decision_date: dt.date | None


class MovementOut(Schema):
    since: dt.datetime
    allocated_ahead: int
    removed_ahead: int
    joined_ahead: int
    position_then: int
    position_now: int
    text: str


class EntryOut(Schema):
    list: str
    list_name: str
    status: str
    status_label: str
    position: int | None
    request_number: str
    accepted_at: dt.datetime
    registered_at: dt.datetime
    priority_class: str
    movement: MovementOut | None
    history: builtins.list[HistoryOut]  # `list` is a field here


class PositionOut(Schema):
    entries: list[EntryOut]


class StaffEntryOut(EntryOut):
    id: int


class ActedOut(Schema):
    entries: list[StaffEntryOut]


class AllocateIn(Schema):
    decision_number: str
    decision_date: dt.date
    address: str


class SuccessorIn(Schema):
    iin: str
    last_name: str
    first_name: str
    patronymic: str = ""


class RemoveIn(Schema):
    reason: RemovalReason
    decision_number: str
    decision_date: dt.date
    comment: str = ""
    whole_family: bool = True
    successor: SuccessorIn | None = None


class ReinstateIn(Schema):
    decision_number: str
    decision_date: dt.date
    comment: str = ""


class ProblemOut(Schema):
    line: int
    column: str
    reason: str


class ImportOut(Schema):
    dry_run: bool
    applied: bool
    rows: int
    created: dict[str, int]
    problems: list[ProblemOut]


def _entry(view: EntryView, *, staff: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "list": view.list_code,
        "list_name": view.list_name,
        "status": view.status,
        "status_label": view.status_label,
        "position": view.position,
        "request_number": view.request_number,
        "accepted_at": view.accepted_at,
        "registered_at": view.registered_at,
        "priority_class": view.priority_class,
        "movement": None,
        "history": [item.__dict__ for item in view.history],
    }
    if view.movement is not None:
        m = view.movement
        out["movement"] = {
            "since": m.since,
            "allocated_ahead": m.allocated_ahead,
            "removed_ahead": m.removed_ahead,
            "joined_ahead": m.joined_ahead,
            "position_then": m.position_then,
            "position_now": m.position_now,
            "text": m.text,
        }
    if staff:
        out["id"] = view.entry_id
    return out


_MAX_QUERY_FIELDS = 10
_MAX_QUERY_LENGTH = 2000


def _query(request: HttpRequest) -> dict[str, str]:
    """Three short parameters, read without building a QueryDict (the hottest endpoint).

    Oversized or overlong query strings read as empty (the lookup then asks for the IIN).
    """
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > _MAX_QUERY_LENGTH:
        return {}
    fields = raw.split("&")
    if len(fields) > _MAX_QUERY_FIELDS:
        return {}
    out: dict[str, str] = {}
    for item in fields:
        name, _sep, value = item.partition("=")
        if name:
            out[unquote_plus(name)] = unquote_plus(value) if "%" in value or "+" in value else value
    return out


_POSITION_PARAMETERS = [
    {"in": "query", "name": "iin", "required": True, "schema": {"type": "string"}},
    {"in": "query", "name": "request_number", "required": True, "schema": {"type": "string"}},
    {
        "in": "query",
        "name": "since",
        "required": False,
        "schema": {"type": "string", "format": "date"},
        "description": "count the moves from this date (default: the registration)",
    },
]


@router.get(
    "/position",
    response=PositionOut,
    auth=None,
    summary="A citizen's position in every list, with the reasons of every move",
    openapi_extra={
        "parameters": _POSITION_PARAMETERS,
        "responses": {404: {"description": "No entry matches this IIN and number"}},
    },
)
def position(request: HttpRequest) -> HttpResponse:
    """Look up by IIN and request number (from the receipt or the registration notice).

    The hottest endpoint: its three query parameters are read here rather than through a
    validation model, and the body is built in the shape of PositionOut rather than validated
    again field by field (the test suite checks it against the schema).
    """
    query = _query(request)
    since_text = query.get("since", "").strip()
    try:
        since = dt.date.fromisoformat(since_text) if since_text else None
    except ValueError:
        raise KezekError(_("Not a date: write YYYY-MM-DD."), field="since") from None
    views = queue_lookup(
        iin=query.get("iin", ""), request_number=query.get("request_number", ""), since=since
    )
    # orjson: the hot path's serializer (datetimes natively, about ten times json's speed);
    # `str` renders the lazy translations.
    body = orjson.dumps(
        {"entries": [_entry(v) for v in views]}, default=str, option=orjson.OPT_UTC_Z
    )
    return HttpResponse(body, content_type="application/json")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@router.get("/entries/{entry_id}", response=StaffEntryOut, auth=django_auth)
def entry_detail(
    request: HttpRequest, entry_id: int, since: dt.date | None = None
) -> dict[str, Any]:
    entry = access_queue_entry(_user(request), entry_id)
    return _entry(queue_entry_view(entry=entry, since=since), staff=True)


def _acted(entries: list[Any]) -> dict[str, Any]:
    return {"entries": [_entry(queue_entry_view(entry=e), staff=True) for e in entries]}


@router.post("/entries/{entry_id}/allocate", response=ActedOut, auth=django_auth)
def allocate(request: HttpRequest, entry_id: int, body: AllocateIn) -> dict[str, Any]:
    """A dwelling was provided (art. 74): the family leaves every list it is on."""
    entry = access_queue_entry(_user(request), entry_id)
    entries = queue_entry_allocate(
        actor=_user(request),
        entry=entry,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        address=body.address,
    )
    return _acted(entries)


@router.post("/entries/{entry_id}/remove", response=ActedOut, auth=django_auth)
def remove(request: HttpRequest, entry_id: int, body: RemoveIn) -> dict[str, Any]:
    """Removal from the register on a ground of art. 73 (death with a remaining member keeps the place)."""
    entry = access_queue_entry(_user(request), entry_id)
    successor = SuccessorInput(**body.successor.dict()) if body.successor is not None else None
    entries = queue_entry_remove(
        actor=_user(request),
        entry=entry,
        reason=body.reason.value,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        comment=body.comment,
        whole_family=body.whole_family,
        successor=successor,
    )
    return _acted(entries)


@router.post("/entries/{entry_id}/reinstate", response=ActedOut, auth=django_auth)
def reinstate(request: HttpRequest, entry_id: int, body: ReinstateIn) -> dict[str, Any]:
    """The removal was annulled: the entries return to their original places."""
    entry = access_queue_entry(_user(request), entry_id)
    entries = queue_entry_reinstate(
        actor=_user(request),
        entry=entry,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        comment=body.comment,
    )
    return _acted(entries)


class PublicationQuery(Schema):
    district: str
    list: str
    date: dt.date | None = None
    format: str = "xlsx"
    lang: str = "kk"


@router.get(
    "/publication",
    auth=None,
    summary="The published list (names and IINs masked) as XLSX, CSV or PDF, in Kazakh or Russian",
)
def publication(request: HttpRequest, query: Query[PublicationQuery]) -> HttpResponse:
    return publication_response(
        district_code=query.district,
        list_code=query.list,
        as_of=query.date,
        fmt=query.format,
        lang=query.lang,
    )


@router.post("/import", response=ImportOut, auth=django_auth)
def import_queue(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> dict[str, Any]:
    """Take over a district's queue from XLSX/CSV; the dry run (default) changes nothing."""
    user = _user(request)
    if user.office is None:
        raise PermissionDeniedError(_("Only the administrator may import a queue."), field="actor")
    district = user.office.district
    report = queue_import(
        actor=user,
        district=district,
        data=file.read(),
        filename=file.name or "upload",
        dry_run=dry_run,
    )
    return {
        "dry_run": report.dry_run,
        "applied": report.applied,
        "rows": report.rows,
        "created": report.created,
        "problems": [p.__dict__ for p in report.problems],
    }
