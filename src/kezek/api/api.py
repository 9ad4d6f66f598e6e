"""The JSON API under /api/v1/; its OpenAPI document is /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from kezek import __version__
from kezek.common.api_errors import field_error
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.decisions.api import router as decisions_router
from kezek.housing_queue.api import router as queue_router
from kezek.paperwork.api import router as paperwork_router
from kezek.workflow.api import router as workflow_router

api = NinjaAPI(
    title="Kezek API",
    version="1",
    description=(
        "Registration of citizens in need of housing from the state housing fund, and their queue. "
        "Every decision cites the regulation clause (reg:…) it applies."
    ),
    urls_namespace="api",
)


@api.exception_handler(KezekError)
def kezek_error(request: HttpRequest, exc: KezekError) -> HttpResponse:
    status = (
        404
        if isinstance(exc, NotFoundError)
        else 403
        if isinstance(exc, PermissionDeniedError)
        else 422
    )
    return api.create_response(
        request, field_error(exc.field, str(exc.message), exc.code), status=status
    )


class Health(Schema):
    status: str
    version: str


@api.get("/health", response=Health, tags=["service"], auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    """A trivial endpoint (load balancers, and the benchmark's baseline)."""
    return {"status": "ok", "version": __version__}


# The citizen's position lookup is the busiest endpoint: its router is matched first.
api.add_router("/queue", queue_router)
api.add_router("/decisions", decisions_router)
api.add_router("/workflow", workflow_router)
api.add_router("/documents", paperwork_router)
