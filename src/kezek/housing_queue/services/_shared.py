"""What every write to the housing queue shares: the actor check, the history event, the
locks of the lists, the decision's number and date, the clause of reg:6 behind a list."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kezek.audit.actions import SYSTEM_ACTOR
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.core.errors import ErrorCode
from kezek.offices.models import District

from .. import ranking
from ..choices import EVENT_SHIFT, LegalBasis
from ..keys import GENERAL_PRIORITY_RANK
from ..models import QueueEntry, QueueEvent, QueueList, QueuePriorityClass

if TYPE_CHECKING:
    from kezek.accounts.models import User


# The clauses of reg:6 behind each list, for entries whose groups Kezek does not know (imports).
LIST_CLAUSES: dict[str, list[str]] = {
    QueueList.Code.SOCIALLY_VULNERABLE: ["reg:6.1", "reg:6.2"],
    QueueList.Code.PUBLIC_SERVANTS: ["reg:6.3"],
    QueueList.Code.EMERGENCY_DWELLING: ["reg:6.4"],
}


def list_clause(code: str, claimed_groups: Sequence[str] = ()) -> str:
    """The clause of reg:6 that puts a family with these groups on this list."""
    if code == QueueList.Code.SOCIALLY_VULNERABLE:
        return "reg:6.1" if "wwii_veteran" in claimed_groups else "reg:6.2"
    if code == QueueList.Code.PUBLIC_SERVANTS:
        return "reg:6.3"
    return "reg:6.4"


def queue_actor_check(
    actor: User | None, *, roles: Collection[str], district_id: int, message: Any
) -> None:
    if actor is None:
        return
    office = actor.office if actor.office_id else None
    if not actor.is_active or office is None or office.district_id != district_id:
        # Another district's queue does not exist for this actor.
        raise NotFoundError(_("No such queue entry."), field="entry_id", code=ErrorCode.NOT_FOUND)
    if actor.role not in roles:
        raise PermissionDeniedError(message, field="actor", code=ErrorCode.FORBIDDEN)


def actor_label(actor: User | None) -> str:
    return actor.display_name if actor is not None else SYSTEM_ACTOR


def canonical_text(text: Any) -> str:
    """The untranslated text of a legal basis, stored as written in the code."""
    with translation.override(None):
        return str(text)


def queue_event_write(
    entry: QueueEntry,
    event_type: str,
    *,
    actor: User | None,
    act_id: uuid.UUID,
    basis: LegalBasis,
    occurred_at: dt.datetime,
    reason: str = "",
    position_before: int | None = None,
    position_after: int | None = None,
    behind_count: int = 0,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    details: Mapping[str, Any] | None = None,
    clauses: Sequence[str] | None = None,
) -> QueueEvent:
    moved = behind_count if EVENT_SHIFT[event_type] else 0
    return QueueEvent.objects.create(
        entry=entry,
        queue_list_id=entry.queue_list_id,
        event_type=event_type,
        reason=reason,
        legal_basis=canonical_text(basis.text),
        clauses=list(clauses if clauses is not None else basis.clauses),
        position_before=position_before,
        position_after=position_after,
        behind_count=moved,
        # Only an event that moved somebody is ever compared by key ("families ahead").
        sort_key=ranking.as_bytes(entry.sort_key) if moved else b"",
        act_id=act_id,
        decision_number=decision_number,
        decision_date=decision_date,
        details=dict(details or {}),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        occurred_at=occurred_at,
    )


def queue_lists_lock(district: District, codes: Sequence[str]) -> dict[str, QueueList]:
    for code in codes:
        QueueList.objects.get_or_create(district=district, code=code)
    locked = ranking.lock_lists(
        QueueList.objects.filter(district=district, code__in=codes).values_list("pk", flat=True)
    )
    return {ql.code: ql for ql in locked}


def decision_check(decision_number: str, decision_date: dt.date | None) -> None:
    if not decision_number or not decision_number.strip():
        raise KezekError(
            _("Give the number of the decision."), field="decision_number", code=ErrorCode.REQUIRED
        )
    if decision_date is None:
        raise KezekError(
            _("Give the date of the decision."), field="decision_date", code=ErrorCode.REQUIRED
        )
    if decision_date > timezone.localdate():
        raise KezekError(_("The decision date is in the future."), field="decision_date")


def priority_of(queue_list: QueueList, class_code: str | None, field: str) -> tuple[int, str]:
    if not class_code:
        return GENERAL_PRIORITY_RANK, ""
    rank = (
        QueuePriorityClass.objects.filter(queue_list=queue_list, code=class_code)
        .values_list("rank", flat=True)
        .first()
    )
    if rank is None:
        raise KezekError(_("This list has no such priority class."), field=field)
    return rank, class_code
