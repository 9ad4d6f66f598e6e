"""A removal annulled: the entries it removed return to their original places (same key)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import QUEUE_ADMINISTRATORS
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

from .. import ranking
from ..choices import REINSTATEMENT_BASIS, EntryStatus, EventType
from ..models import QueueEntry, QueueEvent
from ._shared import decision_check, queue_actor_check, queue_event_write
from .notifications import citizen_told_reinstated

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _removal_act(entry: QueueEntry) -> list[int]:
    """The entries removed by the same act as this entry's last removal (annulled together)."""
    removal = (
        QueueEvent.objects.filter(entry_id=entry.pk, event_type=EventType.REMOVED)
        .order_by("-id")
        .first()
    )
    if removal is None:
        return [entry.pk]
    return sorted(
        set(
            QueueEvent.objects.filter(
                act_id=removal.act_id, event_type=EventType.REMOVED
            ).values_list("entry_id", flat=True)
        )
        | {entry.pk}
    )


def queue_entry_reinstate(
    *,
    actor: User | None,
    entry: QueueEntry,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str = "",
) -> list[QueueEntry]:
    """Annul a removal: the entries it removed return to their original places (same key)."""
    queue_actor_check(
        actor,
        roles=QUEUE_ADMINISTRATORS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator may reinstate a family in the queue."),
    )
    decision_check(decision_number, decision_date)
    with transaction.atomic():
        act_entries = _removal_act(entry)
        ranking.lock_lists(
            QueueEntry.objects.filter(pk__in=act_entries).values_list("queue_list_id", flat=True)
        )
        # Under the lock: the entry may have changed since it was read.
        fresh = QueueEntry.objects.get(pk=entry.pk)
        if fresh.status != EntryStatus.REMOVED:
            raise KezekError(
                _("This entry was not removed from the register."),
                field="entry_id",
                code=ErrorCode.STATE,
            )
        if set(_removal_act(fresh)) != set(act_entries):
            raise KezekError(
                _("The entry changed meanwhile; try again."),
                field="entry_id",
                code=ErrorCode.CONFLICT,
            )
        entries = list(
            QueueEntry.objects.select_related("queue_list__district")
            .filter(pk__in=act_entries, status=EntryStatus.REMOVED)
            .order_by("queue_list_id")
        )
        when = timezone.now()
        act_id = uuid.uuid4()
        for item in entries:
            ranking.set_status(item, EntryStatus.ACTIVE, when=when)
            position = ranking.entry_position(item)
            total = ranking.active_total(item.queue_list_id)
            queue_event_write(
                item,
                EventType.REINSTATED,
                actor=actor,
                act_id=act_id,
                basis=REINSTATEMENT_BASIS,
                occurred_at=when,
                position_after=position,
                behind_count=total - (position or 0),
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                details={"comment": comment.strip()} if comment.strip() else None,
            )
            audit_record_write(
                actor=actor,
                action="queue.entry_reinstated",
                obj=item,
                before={"status": EntryStatus.REMOVED},
                after={"status": EntryStatus.ACTIVE, "position": position},
                clauses=list(REINSTATEMENT_BASIS.clauses),
                district_code=item.queue_list.district.code,
            )
        citizen_told_reinstated(entries=entries)
    return entries
