"""The draft: made on first use, the answers of steps 1–5 saved one step at a time (reg:15.2)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from ..case import SECTIONS, STEP_BY_SLUG, preview
from ..models import Draft
from .base import citizen_label, draft_district_code, draft_generated_drop, draft_lock


def draft_open(*, iin: str, name: str = "") -> Draft:
    """The citizen's draft, made on first use with the name from the certificate (CN)."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(iin=iin).first()
        if draft is not None:
            return draft
        parts = name.split()
        applicant: dict[str, Any] = {}
        if len(parts) >= 2:
            # Kazakh certificates name the person "SURNAME NAME [PATRONYMIC]".
            applicant = {
                "last_name": parts[0].title(),
                "first_name": parts[1].title(),
                "patronymic": " ".join(parts[2:]).title(),
            }
        draft = Draft.objects.create(iin=iin, data={"prefill": applicant})
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, name),
            action="portal.draft_created",
            obj=draft,
            clauses=["reg:15.2"],
        )
    return draft


def draft_section_save(*, iin: str, section: str, value: Any, name: str = "") -> Draft:
    """Save one step's answers (their shape checked by the step's form) and move the draft on.

    The rules engine then reads them with the earlier answers: a fact it cannot use (a date
    before the birth, an income missing for a group that takes the income test, contradicting
    housing facts) is refused here with the field it concerns, and nothing is saved. Errors of
    later steps are left for those steps.
    """
    if section not in SECTIONS:
        raise KezekError(_("Unknown step."), field="step", code=ErrorCode.UNKNOWN_VALUE)
    with transaction.atomic():
        draft = draft_lock(iin)
        before = draft.data.get(section)
        data = dict(draft.data)
        data[section] = value
        problem = preview(iin=iin, data=data, today=timezone.localdate(), documents=None).problem
        if problem is not None and problem.step.slug == section:
            raise KezekError(problem.message, field=problem.field, code=ErrorCode.INVALID_FACT)
        if section == "applicant":
            data.pop("prefill", None)  # the certificate's name served as a first suggestion
        draft.data = data
        draft.step = max(draft.step, STEP_BY_SLUG[section].number + 1)
        draft.save()
        if before != value:
            draft_generated_drop(draft)
        audit_record_write(
            actor=None,
            actor_label=citizen_label(iin, name),
            action="portal.draft_saved",
            obj=draft,
            after={"section": section, "changed": before != value},
            clauses=["reg:15.2"],
            district_code=draft_district_code(draft),
        )
    return draft


def draft_step_reach(*, iin: str, step: int) -> Draft:
    """Record that the citizen moved past a step that stores no answers (documents, summary)."""
    with transaction.atomic():
        draft = draft_lock(iin)
        if step > draft.step:
            draft.step = step
            draft.save(update_fields=["step", "updated_at"])
    return draft
