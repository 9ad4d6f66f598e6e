from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kezek.common.text import active_data_language
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum

from .forms import SelfCheckForm
from .messages import case_error_message
from .services import decision_preview


def self_check(request: HttpRequest) -> HttpResponse:
    """ "Can I be registered?": the engine's answer with its reasons; nothing is stored (reg:5)."""
    result: dict[str, Any] | None = None
    form = SelfCheckForm(request.GET or None)
    if request.GET and form.is_valid():
        try:
            result = decision_preview(case=form.to_case())
        except CaseError as exc:
            form.add_error(form.field_for_case_path(exc.field), str(case_error_message(exc.code)))
        except (NoSubsistenceMinimum, NoRuleVersion):
            form.add_error(
                None, _("The service cannot check applications today: reference data are missing.")
            )
    language = active_data_language()
    reasons = result["reasons"][language] if result else []
    return render(
        request, "decisions/self_check.html", {"form": form, "result": result, "reasons": reasons}
    )
