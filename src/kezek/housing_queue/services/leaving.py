"""A family leaves the queue: a dwelling provided (art. 74), a removal from the register on a
ground of art. 73, or the place kept by a family member after the citizen's death (art. 73 p. 2)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import QUEUE_KEEPERS
from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin

from .. import ranking
from ..choices import (
    ALLOCATION_BASIS,
    REMOVAL_BASIS,
    SUCCESSION_BASIS,
    EntryStatus,
    EventType,
    LegalBasis,
    RemovalReason,
)
from ..models import QueueEntry
from ._shared import decision_check, queue_actor_check, queue_event_write
from .notifications import citizen_told_allocated, citizen_told_removed

if TYPE_CHECKING:
    from kezek.accounts.models import User


@dataclass(frozen=True)
class SuccessorInput:
    """The family member who keeps the place after the citizen's death (art. 73 p. 2)."""

    iin: str
    last_name: str
    first_name: str
    patronymic: str = ""


def _family_entries(entry: QueueEntry, *, status: str) -> list[QueueEntry]:
    """The family's entries on every list of the district (the family is the holder's IIN)."""
    return list(
        QueueEntry.objects.filter(
            queue_list__district_id=entry.queue_list.district_id, iin=entry.iin, status=status
        ).order_by("queue_list_id")
    )


def _relock(entry: QueueEntry, *, whole_family: bool, status: str) -> list[QueueEntry]:
    """Lock the lists concerned, then re-read the entries under the lock."""
    candidates = _family_entries(entry, status=status) if whole_family else [entry]
    if entry.pk not in {c.pk for c in candidates}:
        candidates.append(entry)
    ranking.lock_lists(c.queue_list_id for c in candidates)
    fresh = list(
        QueueEntry.objects.select_related(
            "queue_list", "queue_list__district", "application__applicant"
        )
        .filter(pk__in=[c.pk for c in candidates])
        .order_by("queue_list_id")
    )
    main = next(e for e in fresh if e.pk == entry.pk)
    if main.status != status:
        raise KezekError(
            _("This entry is not in the queue.")
            if status == EntryStatus.ACTIVE
            else _("This entry was not removed from the register."),
            field="entry_id",
            code=ErrorCode.STATE,
        )
    return [e for e in fresh if e.status == status]


def _leave(
    entries: Sequence[QueueEntry],
    *,
    status: str,
    event_type: str,
    actor: User | None,
    basis: LegalBasis,
    reason: str,
    decision_number: str,
    decision_date: dt.date | None,
    details: Mapping[str, Any],
    action: str,
) -> None:
    when = timezone.now()
    act_id = uuid.uuid4()
    for entry in entries:
        before = ranking.entry_position(entry)
        total = ranking.active_total(entry.queue_list_id)
        ranking.set_status(entry, status, when=when)
        behind = total - (before or 0)
        queue_event_write(
            entry,
            event_type,
            actor=actor,
            act_id=act_id,
            basis=basis,
            occurred_at=when,
            reason=reason,
            position_before=before,
            behind_count=behind,
            decision_number=decision_number,
            decision_date=decision_date,
            details=details,
        )
        audit_record_write(
            actor=actor,
            action=action,
            obj=entry,
            before={"status": EntryStatus.ACTIVE, "position": before},
            after={
                "status": status,
                "reason": reason,
                "decision_number": decision_number,
                "decision_date": decision_date.isoformat() if decision_date else None,
                **details,
            },
            clauses=list(basis.clauses),
            district_code=entry.queue_list.district.code,
        )


def queue_entry_allocate(
    *,
    actor: User | None,
    entry: QueueEntry,
    decision_number: str,
    decision_date: dt.date | None,
    address: str,
) -> list[QueueEntry]:
    """Record that a dwelling was provided (art. 74): the family leaves every list it is on."""
    queue_actor_check(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator or the AB head may record an allocation."),
    )
    decision_check(decision_number, decision_date)
    if not address or not address.strip():
        raise KezekError(
            _("Give the address of the dwelling."), field="address", code=ErrorCode.REQUIRED
        )
    with transaction.atomic():
        entries = _relock(entry, whole_family=True, status=EntryStatus.ACTIVE)
        _leave(
            entries,
            status=EntryStatus.ALLOCATED,
            event_type=EventType.ALLOCATED,
            actor=actor,
            basis=ALLOCATION_BASIS,
            reason="",
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            details={"address": address.strip(), "list": entry.queue_list.code},
            action="queue.entry_allocated",
        )
        citizen_told_allocated(
            entries=entries,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            address=address.strip(),
        )
    return entries


def queue_entry_remove(
    *,
    actor: User | None,
    entry: QueueEntry,
    reason: str,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str = "",
    whole_family: bool = True,
    successor: SuccessorInput | None = None,
) -> list[QueueEntry]:
    """Remove from the register (есептен шығару) on a ground of art. 73, by default from every list.

    Death with a family member who remains (`successor`) is no removal: the member keeps the
    family's place with the original acceptance date (art. 73 p. 2).
    """
    queue_actor_check(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator or the AB head may remove a family from the register."),
    )
    if reason not in RemovalReason.values:
        raise KezekError(_("Unknown ground of removal."), field="reason")
    decision_check(decision_number, decision_date)
    if successor is not None:
        if reason != RemovalReason.DEATH:
            raise KezekError(
                _("A family member keeps the place only after the citizen's death."),
                field="successor",
            )
        return _replace_holder(
            actor=actor,
            entry=entry,
            successor=successor,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            comment=comment,
        )
    basis = REMOVAL_BASIS[reason]
    with transaction.atomic():
        entries = _relock(entry, whole_family=whole_family, status=EntryStatus.ACTIVE)
        _leave(
            entries,
            status=EntryStatus.REMOVED,
            event_type=EventType.REMOVED,
            actor=actor,
            basis=basis,
            reason=reason,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            details={"comment": comment.strip()} if comment.strip() else {},
            action="queue.entry_removed",
        )
        citizen_told_removed(
            entries=entries,
            reason=reason,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
        )
    return entries


def _replace_holder(
    *,
    actor: User | None,
    entry: QueueEntry,
    successor: SuccessorInput,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str,
) -> list[QueueEntry]:
    try:
        parse_iin(successor.iin)
    except IINError as exc:
        raise KezekError(IIN_ERROR_MESSAGES[exc.code], field="successor.iin") from exc
    if successor.iin == entry.iin:
        raise KezekError(
            _("The family member who keeps the place must be another person."),
            field="successor.iin",
        )
    if not successor.last_name.strip():
        raise KezekError(
            _("This field is required."), field="successor.last_name", code=ErrorCode.REQUIRED
        )
    if not successor.first_name.strip():
        raise KezekError(
            _("This field is required."), field="successor.first_name", code=ErrorCode.REQUIRED
        )
    when = timezone.now()
    with transaction.atomic():
        entries = _relock(entry, whole_family=True, status=EntryStatus.ACTIVE)
        act_id = uuid.uuid4()
        for item in entries:
            position = ranking.entry_position(item)
            previous = {"last_name": item.last_name, "first_name": item.first_name, "iin": item.iin}
            item.iin = successor.iin
            item.last_name = successor.last_name.strip()
            item.first_name = successor.first_name.strip()
            item.patronymic = successor.patronymic.strip()
            try:
                item.save(update_fields=["iin", "last_name", "first_name", "patronymic"])
            except IntegrityError as exc:  # pragma: no cover - no unique key on the holder
                raise KezekError(_("The place cannot be transferred."), field="successor") from exc
            queue_event_write(
                item,
                EventType.HOLDER_REPLACED,
                actor=actor,
                act_id=act_id,
                basis=SUCCESSION_BASIS,
                occurred_at=when,
                reason=RemovalReason.DEATH,
                position_before=position,
                position_after=position,
                decision_number=decision_number,
                decision_date=decision_date,
                details={"previous_holder": previous, "comment": comment.strip()},
            )
            audit_record_write(
                actor=actor,
                action="queue.holder_replaced",
                obj=item,
                before=previous,
                after={"iin": item.iin, "last_name": item.last_name, "first_name": item.first_name},
                clauses=list(SUCCESSION_BASIS.clauses),
                district_code=item.queue_list.district.code,
            )
    return entries
