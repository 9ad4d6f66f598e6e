"""Step 6: the checklist of documents and their scans (reg:15.1, reg:15.2.b); a draft file."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kezek.applications.uploads import scan_size_check
from kezek.common.errors import KezekError

from ..auth import Citizen, citizen_required
from ..case import Checklist, Step, checklist
from ..models import Draft
from ..selectors import draft_for
from ..services.draft import draft_step_reach
from ..services.scans import ScanInput, draft_file_remove, draft_files_add
from .base import citizen_of, next_step, step_render


def _scans_posted(
    request: HttpRequest, result: Checklist, errors: dict[str, str]
) -> list[ScanInput]:
    """The files posted for the checklist's uploads; one over the limit is refused unread."""
    scans: list[ScanInput] = []
    for item in result.items:
        if item.how != "upload":
            continue
        for upload in request.FILES.getlist(item.input_name):
            try:
                scan_size_check(size=upload.size, field=item.input_name)
            except KezekError as exc:
                errors[item.input_name] = str(exc.message)
                continue
            scans.append(
                ScanInput(doc_type=item.doc_type, filename=upload.name or "", content=upload.read())
            )
    return scans


def documents_step(
    request: HttpRequest, citizen: Citizen, draft: Draft, step: Step
) -> HttpResponse:
    today = timezone.localdate()
    result = checklist(iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=today)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action.startswith("remove:"):
            try:
                draft_file_remove(iin=citizen.iin, file_id=int(action[7:]), name=citizen.name)
                messages.success(request, _("The file was removed."))
            except (KezekError, ValueError):
                messages.error(request, _("No such file."))
            return redirect("portal:apply-step", slug=step.slug)
        scans = _scans_posted(request, result, errors)
        if not errors and scans:
            try:
                draft_files_add(iin=citizen.iin, scans=scans, name=citizen.name)
            except KezekError as exc:
                errors[exc.field or "documents"] = str(exc.message)
        if not errors:
            if action != "next":
                if scans:
                    messages.success(request, _("The files were attached."))
                return redirect("portal:apply-step", slug=step.slug)
            draft.refresh_from_db()
            result = checklist(
                iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=today
            )
            if result.problem is None and not result.missing:
                draft_step_reach(iin=citizen.iin, step=step.number + 1)
                return redirect("portal:apply-step", slug=next_step(step).slug)
            for item in result.missing:
                errors[item.input_name] = _("Attach a scan of this document.")
        status = 422
    names = {item.input_name: item.name for item in result.items}
    summary = [
        (f"id_{field}", f"{names[field]}: {message}") if field in names else ("", message)
        for field, message in errors.items()
    ]
    return step_render(
        request,
        draft,
        step,
        {"checklist": result, "file_errors": errors, "errors": summary},
        status=status,
    )


@require_GET
@citizen_required
def draft_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """One of the citizen's own draft files (to check what they attached)."""
    draft = draft_for(citizen_of(request).iin)
    scan = draft.files.filter(pk=file_id).first() if draft is not None else None
    if scan is None:
        raise Http404
    response = HttpResponse(bytes(scan.content), content_type=scan.content_type)
    response["Content-Disposition"] = f'attachment; filename="{scan.pk}-{scan.doc_type}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
