"""The registers' facts of the citizen and their family, asked when an application is started
(reg:15.1 last paragraph, reg:15.2: documents that are state resources are obtained from the
state information systems, not asked of the citizen; ADR 0013).

Asked in parallel within `KEZEK_REGISTRIES_WINDOW_SECONDS` in all (the window's budget): starting an application never
fails and never hangs because a register is down or slow. What did not answer is said kindly;
the file's own fetch at intake asks every register again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kezek.registries.client import registries_configured
from kezek.registries.consult import person_registers_consult_within
from kezek.registries.models import Purpose

from ..models import Draft
from .base import citizen_label

logger = logging.getLogger(__name__)

#: Registers asked at once (the applicant's seven, then the family's five each).
REGISTERS_WORKERS = 8


def draft_registers_fetch(*, iin: str, name: str = "") -> Draft | None:
    """Ask the registers about the citizen (the IIN of their certificate) and the family the
    civil status records name; keep in the draft which calls answered (the facts are read
    again from the calls' stored answers). None when no registers are configured, or when the
    draft is gone. Never raises for a register's failure."""
    if not registries_configured():
        return None
    today = timezone.localdate()
    try:
        consultation = person_registers_consult_within(
            iin=iin,
            on=today,
            purpose=Purpose.PORTAL,
            budget=settings.KEZEK_REGISTRIES_WINDOW_SECONDS,
            workers=REGISTERS_WORKERS,
            actor_label=citizen_label(iin, name),
        )
    except Exception:  # the citizen goes on without the registers: never an error page
        logger.exception("portal: consulting the registers failed")
        return None
    snapshot = {
        "asked_at": timezone.now().isoformat(),
        "on": today.isoformat(),
        "roles": consultation.roles,
        "asked": {subject: sorted(by) for subject, by in consultation.results.items()},
        "calls": consultation.calls,
    }
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(iin=iin).first()
        if draft is None:
            return None
        draft.data = {**draft.data, "registers": snapshot}
        draft.save(update_fields=["data", "updated_at"])
    return draft
