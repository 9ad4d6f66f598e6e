"""Step 8: the citizen signs the request with EDS and submits it (reg:15.2, reg:16.2)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.common.errors import KezekError

from ..auth import Citizen
from ..case import Step, checklist
from ..models import Draft
from ..selectors import draft_for
from ..services.submission import draft_request, draft_submit
from .base import b64, step_render


def sign_step(request: HttpRequest, citizen: Citizen, draft: Draft, step: Step) -> HttpResponse:
    data = draft_request(draft=draft)
    if data is None:
        messages.info(request, _("Check the summary and confirm it before signing."))
        return redirect("portal:apply-step", slug="summary")
    error = None
    status = 200
    if request.method == "POST":
        try:
            application = draft_submit(
                iin=citizen.iin,
                request=request.POST.get("request", ""),
                signature=request.POST.get("signature", ""),
                name=citizen.name,
            )
        except KezekError as exc:
            error = str(exc.message)
            status = 422
            refreshed = draft_for(citizen.iin)
            if refreshed is None:
                return redirect("portal:cabinet")
            draft = refreshed
            data = draft_request(draft=draft) or data
        else:
            messages.success(
                request,
                _("Your application %(number)s has been accepted.")
                % {"number": application.request_number},
            )
            return redirect("portal:application", pk=application.pk)
    result = checklist(
        iin=citizen.iin, data=draft.data, files=list(draft.files.all()), today=timezone.localdate()
    )
    attached = [f for f in draft.files.all() if f.generated or f.doc_type in result.upload_types]
    return step_render(
        request,
        draft,
        step,
        {
            "sign_data": b64(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "attached": attached,
            "fetched": [i for i in result.items if i.how == "fetched"],
            "error": error,
        },
        status=status,
    )
