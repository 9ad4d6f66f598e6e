"""A family enters the queue: the entries of a signed registration notice (reg:5, reg:6)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import QUEUE_KEEPERS
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from .. import ranking
from ..choices import EventType, LegalBasis
from ..keys import sort_key, truncate_to_second
from ..models import QueueEntry, QueueList
from ._shared import (
    list_clause,
    priority_of,
    queue_actor_check,
    queue_event_write,
    queue_lists_lock,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application


def queue_entries_register(
    *,
    actor: User | None,
    application: Application,
    lists: Sequence[str],
    registered_at: dt.datetime | None = None,
    priority_classes: Mapping[str, str] | None = None,
) -> list[QueueEntry]:
    """Put a family on the lists its registration notice names (reg:5, reg:6): one entry a list.

    Ordered by the time the complete documents were accepted, to the second, then the request
    number. Idempotent per (application, list): signing twice returns the same entries.
    """
    queue_actor_check(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=application.district_id,
        message=_("Only the AB head or the administrator may register a family in the queue."),
    )
    if not lists:
        raise KezekError(_("Name at least one queue list."), field="lists", code=ErrorCode.REQUIRED)
    codes: list[str] = []
    for i, code in enumerate(lists):
        if code not in QueueList.Code.values:
            raise KezekError(_("Unknown queue list."), field=f"lists[{i}]")
        if code not in codes:
            codes.append(code)
    when = registered_at or timezone.now()
    applicant = application.applicant
    accepted_at = truncate_to_second(application.accepted_at)
    groups = list(application.claimed_groups or [])
    entries: dict[str, QueueEntry] = {}
    with transaction.atomic():
        locked = queue_lists_lock(application.district, codes)
        act_id = uuid.uuid4()
        for code in sorted(codes, key=lambda c: locked[c].pk):
            queue_list = locked[code]
            existing = QueueEntry.objects.filter(
                application=application, queue_list=queue_list
            ).first()
            if existing is not None:
                entries[code] = existing
                continue
            if QueueEntry.objects.filter(
                queue_list=queue_list, request_number=application.request_number
            ).exists():
                raise KezekError(
                    _("This list already holds an entry with this request number."),
                    field="application.request_number",
                    code=ErrorCode.DUPLICATE,
                )
            rank, class_code = priority_of(
                queue_list, (priority_classes or {}).get(code), f"priority_classes.{code}"
            )
            entry = QueueEntry(
                queue_list=queue_list,
                application=application,
                iin=applicant.iin,
                last_name=applicant.last_name,
                first_name=applicant.first_name,
                patronymic=applicant.patronymic,
                request_number=application.request_number,
                accepted_at=accepted_at,
                registered_at=when,
                priority_rank=rank,
                priority_class=class_code,
                sort_key=sort_key(
                    priority_rank=rank,
                    accepted_at=accepted_at,
                    request_number=application.request_number,
                ),
                status_changed_at=when,
            )
            ranking.insert_entry(entry)
            position = ranking.position_of_entry(entry.pk) or 0
            total = ranking.active_total(queue_list.pk)
            clause = list_clause(code, groups)
            basis = LegalBasis(
                _("Registration notice signed by the head of the authorized body"),
                ("reg:5", clause),
            )
            queue_event_write(
                entry,
                EventType.REGISTERED,
                actor=actor,
                act_id=act_id,
                basis=basis,
                occurred_at=when,
                position_after=position,
                behind_count=total - position,
                details={"priority_class": class_code} if class_code else None,
            )
            audit_record_write(
                actor=actor,
                action="queue.entry_registered",
                obj=entry,
                after={
                    "list": code,
                    "request_number": entry.request_number,
                    "accepted_at": accepted_at.isoformat(),
                    "position": position,
                    "priority_class": class_code,
                },
                clauses=["reg:5", clause],
                district_code=application.district.code,
            )
            entries[code] = entry
    return [entries[c] for c in codes]
