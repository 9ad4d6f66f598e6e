"""The workflow API under /api/v1/workflow/.

Staff endpoints use Django's session (`django_auth`: sign in at /sign-in/ first). For POST,
PUT and DELETE django-ninja's session auth also checks the CSRF token: send the `csrftoken`
cookie's value in the `X-CSRFToken` header. The portal endpoints (`/portal/…`) have no session:
the intake is authenticated by the citizen's electronic signature over the request, the
personal cabinet's report by the request number together with the applicant's IIN.
Errors: 422 with {"detail": [{"loc": [...], "msg": ..., "type": ...}]}; 404 out of scope.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.responses import Response
from ninja.security import django_auth

from kezek.applications.access import access_application
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from . import actions
from .access import access_portal_application, access_registry
from .inputs import application_input_from_json
from .models import DispatchRegistry
from .portal import Upload, portal_application_receive
from .schemas import (
    ActionIn,
    ApplicationDetailOut,
    ApplicationIdsIn,
    ApplicationSummaryOut,
    AuditOut,
    DecisionOut,
    IntakeIn,
    PortalReportOut,
    RegistryOut,
    request_body,
)
from .selectors.decisions import decision_for_application, reasons_language
from .selectors.files import (
    SearchFilters,
    applications_search,
    audit_trail,
    deadlines_for,
    overdue_for,
    registries_in_scope,
    workqueue_for,
)
from .serializers import (
    application_detail,
    application_summary,
    audit_json,
    deadlines_json,
    export_csv,
    registry_json,
)
from .services.dispatch import (
    applications_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from .services.intake import application_intake

if TYPE_CHECKING:
    from kezek.accounts.models import User

router = Router(tags=["workflow"], auth=django_auth)

_INTAKE_EXAMPLE: dict[str, Any] = {
    "applicant": {
        "iin": "800505300017",
        "last_name": "Сапаров",
        "first_name": "Ғабит",
        "phone": "+7 701 000 00 00",
    },
    "claimed_groups": ["age_pensioner"],
    "fund": "communal",
    "family": [],
    "documents": [
        "application_form",
        "id_documents",
        "property_certificate",
        "communal_housing_certificate",
        "residence_proof",
        "group_proof",
        "income_statement",
    ],
    "facts": {
        "citizen_of_kz": True,
        "permanent_resident_in_locality": True,
        "income_12_months": 1200000,
    },
    "language": "kk",
}


def _user(request: HttpRequest) -> User:
    # django_auth has let only signed-in staff through.
    return cast("User", request.user)


def _json(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise KezekError(
            _("The body is not valid JSON."), field=None, code=ErrorCode.JSON_INVALID
        ) from None
    if not isinstance(data, dict):
        raise KezekError(_("The body must be a JSON object."), field=None, code=ErrorCode.TYPE)
    return data


def _filters(request: HttpRequest) -> SearchFilters:
    get = request.GET
    return SearchFilters(
        q=get.get("q", ""),
        status=get.get("status", ""),
        channel=get.get("channel", ""),
        office=get.get("office", ""),
        overdue=get.get("overdue", "") in ("1", "true", "yes"),
    )


def _ids(data: dict[str, Any]) -> list[int]:
    raw = data.get("application_ids")
    if not isinstance(raw, list) or not all(isinstance(i, int) for i in raw):
        raise KezekError(
            _("Give a list of application ids."), field="application_ids", code=ErrorCode.TYPE
        )
    return raw


# --------------------------------------------------------------------------- staff


@router.post(
    "/applications",
    summary="Accept an application at the PSC window or the AB desk; gives the receipt",
    response={201: ApplicationDetailOut},
    openapi_extra=request_body(IntakeIn, _INTAKE_EXAMPLE),
)
def intake(request: HttpRequest) -> HttpResponse:
    """PSC inspector (`channel: psc`), AB office clerk or executor (`channel: ab_desk`)."""
    data = _json(request)
    office = _user(request).office
    channel = data.pop("channel", "psc" if office is not None and office.is_psc else "ab_desk")
    executor_id = data.pop("executor_id", None)
    parsed = application_input_from_json(data)
    executor = (
        actions.executor_from_payload(_user(request), {"executor_id": executor_id})
        if executor_id is not None
        else None
    )
    application = application_intake(
        actor=_user(request),
        channel=channel,
        data=parsed,
        executor=executor,
    )
    return Response(application_detail(application, _user(request)), status=201)


@router.get(
    "/applications",
    response=list[ApplicationSummaryOut],
    summary="Search the applications in your scope",
)
def search(request: HttpRequest) -> list[dict[str, Any]]:
    qs = applications_search(user=_user(request), filters=_filters(request))
    return [application_summary(a) for a in qs[:500]]


@router.get(
    "/workqueue", response=list[ApplicationSummaryOut], summary="What waits for your action"
)
def workqueue(request: HttpRequest) -> list[dict[str, Any]]:
    qs = workqueue_for(user=_user(request), filters=_filters(request))
    return [application_summary(a) for a in qs[:500]]


@router.get(
    "/overdue",
    response=list[ApplicationSummaryOut],
    summary="Files past a time limit in your scope (the AB head's list, reg:22)",
)
def overdue(request: HttpRequest) -> list[dict[str, Any]]:
    return [application_summary(a) for a in overdue_for(user=_user(request))]


@router.get("/export.csv", summary="The applications in your scope as CSV (same filters as search)")
def export(request: HttpRequest) -> HttpResponse:
    qs = applications_search(user=_user(request), filters=_filters(request))
    response = HttpResponse(export_csv(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applications.csv"'
    return response


@router.get(
    "/applications/{application_id}",
    response=ApplicationDetailOut,
    summary="One file: deadlines, results, audit trail",
)
def detail(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = access_application(_user(request), application_id)
    return application_detail(application, _user(request))


@router.get(
    "/applications/{application_id}/decision",
    response=DecisionOut,
    summary="The rules engine's decision on the file now: every ground with its clause",
)
def decision(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = access_application(_user(request), application_id)
    view = decision_for_application(application=application)
    if view.error is not None:
        raise view.error
    assert view.decision is not None
    return {**view.decision, "reasons_shown": view.reasons, "language": reasons_language()}


@router.get(
    "/applications/{application_id}/audit",
    response=list[AuditOut],
    summary="The audit trail of the file",
)
def audit(request: HttpRequest, application_id: int) -> list[dict[str, Any]]:
    application = access_application(_user(request), application_id)
    return audit_json(audit_trail(application=application))


@router.post(
    "/applications/{application_id}/{action}",
    response=ApplicationDetailOut,
    openapi_extra=request_body(ActionIn),
    summary="Move the file: collect, take, assign, request_documents, supply_documents, draft, "
    "sign, return_draft, register_result, receive_result, issue, withdraw",
)
def act(request: HttpRequest, application_id: int, action: str) -> dict[str, Any]:
    application = access_application(_user(request), application_id)
    actions.perform_action(
        user=_user(request),
        application=application,
        action=action.replace("-", "_"),
        payload=_json(request),
    )
    application = access_application(_user(request), application_id)
    return application_detail(application, _user(request))


@router.post(
    "/collect",
    response=list[ApplicationSummaryOut],
    openapi_extra=request_body(ApplicationIdsIn),
    summary="Collect several accepted files at once (Annex 3, action 2)",
)
def collect_many(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    files = [access_application(user, pk) for pk in _ids(_json(request))]
    done = applications_collect(actor=user, applications=files)
    return [application_summary(access_application(user, a.pk)) for a in done]


@router.get("/registries", response=list[RegistryOut], summary="Dispatch registries in your scope")
def registries(request: HttpRequest) -> list[dict[str, Any]]:
    return [registry_json(r) for r in registries_in_scope(_user(request))[:200]]


@router.post(
    "/registries",
    response={201: RegistryOut},
    openapi_extra=request_body(ApplicationIdsIn),
    summary="Make a registry of collected files and send it (action 3)",
)
def registry_send(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    files = [access_application(user, pk) for pk in _ids(_json(request))]
    registry = dispatch_registry_send(actor=user, applications=files)
    return Response(registry_json(registry), status=201)


@router.get("/registries/{registry_id}", response=RegistryOut, summary="One registry")
def registry_detail(request: HttpRequest, registry_id: int) -> dict[str, Any]:
    return registry_json(access_registry(_user(request), registry_id))


@router.post(
    "/registries/{registry_id}/receive",
    response=RegistryOut,
    summary="Accept the batch at the AB (action 4)",
)
def registry_receive(request: HttpRequest, registry_id: int) -> dict[str, Any]:
    registry: DispatchRegistry = access_registry(_user(request), registry_id)
    registry = dispatch_registry_receive(actor=_user(request), registry=registry)
    return registry_json(registry)


# --------------------------------------------------------------------------- portal


def _b64(value: Any, field: str) -> bytes:
    if not isinstance(value, str) or not value:
        raise KezekError(_("Base64 text is required."), field=field, code=ErrorCode.REQUIRED)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise KezekError(_("Not valid base64."), field=field, code=ErrorCode.BASE64) from None


@router.post(
    "/portal/applications",
    auth=None,
    response={201: PortalReportOut},
    summary="A signed portal application (reg:15.2): multipart, or JSON with base64 parts",
    description=(
        "multipart/form-data: `request` (the JSON request, exactly the signed bytes), "
        "`signature` (base64 detached CMS over those bytes) and one file part per attachment "
        "named as the request's `attachments[].file`. Or application/json: "
        '{"request": base64, "signature": base64, "files": {name: {"filename": ..., '
        '"content": base64}}}. Scans: PDF, JPEG or PNG, at most 5 MB each.'
    ),
)
def portal_intake(request: HttpRequest) -> HttpResponse:
    uploads: dict[str, Upload] = {}
    if request.content_type == "multipart/form-data":
        raw_request = request.POST.get("request")
        if raw_request is None and "request" in request.FILES:
            request_bytes = cast("UploadedFile[Any]", request.FILES["request"]).read()
        elif raw_request is not None:
            request_bytes = raw_request.encode("utf-8")
        else:
            raise KezekError(_("This field is required."), field="request", code=ErrorCode.REQUIRED)
        signature = _b64(request.POST.get("signature"), "signature")
        for name in request.FILES:
            if name == "request":
                continue
            upload = cast("UploadedFile[Any]", request.FILES[name])
            uploads[name] = Upload(name=name, filename=upload.name or name, content=upload.read())
    else:
        envelope = _json(request)
        request_bytes = _b64(envelope.get("request"), "request")
        signature = _b64(envelope.get("signature"), "signature")
        files = envelope.get("files") or {}
        if not isinstance(files, dict):
            raise KezekError(_("Must be an object."), field="files", code=ErrorCode.TYPE)
        for name, item in files.items():
            if not isinstance(item, dict):
                raise KezekError(
                    _("Must be an object."), field=f"files.{name}", code=ErrorCode.TYPE
                )
            uploads[name] = Upload(
                name=name,
                filename=str(item.get("filename") or name),
                content=_b64(item.get("content"), f"files.{name}.content"),
            )
    application = portal_application_receive(
        request_bytes=request_bytes, signature=signature, uploads=uploads
    )
    return Response(_portal_report(application), status=201)


def _local(moment: Any) -> str:
    return str(timezone.localtime(moment).isoformat(timespec="seconds"))


def _portal_report(application: Any) -> dict[str, Any]:
    submission = application.portal_submission
    language = application.language
    deadlines = deadlines_for(application=application)
    data: dict[str, Any] = {
        "request_number": application.request_number,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        # reg:16.2: when the AB accepted the documents and when the result will be ready.
        "acceptance_report": {
            "accepted_at": _local(submission.report_accepted_at),
            "result_date": submission.report_result_date.isoformat(),
        },
        "deadlines": deadlines_json(deadlines),
        "result": None,
    }
    entry = getattr(application, "issue_entry", None)
    if entry is not None:
        result = entry.result
        data["result"] = {
            "kind": result.kind,
            "signed_at": _local(result.signed_at) if result.signed_at else None,
            "outgoing_number": result.outgoing_number,
            "grounds": result.grounds,
            "lists": result.lists,
            "queue_positions": result.queue_positions,
            "reasons": result.reasons(language),
            "delivered_at": _local(entry.issued_at),
        }
    return data


@router.get(
    "/portal/applications/{request_number}",
    auth=None,
    response=PortalReportOut,
    summary="The personal cabinet: the acceptance report and the result (by request number + IIN)",
)
def portal_report(request: HttpRequest, request_number: str, iin: str) -> dict[str, Any]:
    application = access_portal_application(request_number=request_number, iin=iin)
    return _portal_report(application)
