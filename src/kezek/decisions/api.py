from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Response

from kezek.common.api_errors import field_error
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum

from .services import decision_preview

router = Router(tags=["decisions"])

_CASE_EXAMPLE: dict[str, Any] = {
    "application_date": "2025-03-11",
    "fund": "communal",
    "claimed_groups": ["age_pensioner"],
    "applicant": {
        "iin": "600909400033",
        "citizen_of_kz": True,
        "permanent_resident_in_locality": True,
        "birth_date": "1960-09-09",
    },
    "family": [],
    "income_12_months": 1500000,
    "housing": {},
    "history": [],
}


@router.post(
    "/preview",
    auth=None,
    summary="Decide a case without storing anything (decision-case.md)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": _CASE_EXAMPLE}
            },
        },
        "responses": {
            200: {
                "description": "The decision: register (lists, basis) or refuse (every ground with its clause)"
            },
            422: {"description": "Bad input: the field and the reason"},
        },
    },
)
def preview(request: HttpRequest) -> HttpResponse:
    """The rules engine as a dry run: the same decision as `kezek decide` and the executor's screen."""
    try:
        case = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Response(
            field_error(None, f"body: not valid JSON ({exc})", "json_invalid"), status=422
        )
    try:
        return Response(decision_preview(case=case))
    except CaseError as exc:
        return Response(field_error(exc.field, str(exc), exc.code), status=422)
    except (NoSubsistenceMinimum, NoRuleVersion) as exc:
        return Response(field_error("application_date", str(exc), "not_configured"), status=422)
