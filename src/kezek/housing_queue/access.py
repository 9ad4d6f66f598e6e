"""The gate: the only way staff views and the API get a queue entry or list of a district."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import AB_READERS
from kezek.common.errors import NotFoundError
from kezek.core.errors import ErrorCode

from .models import QueueEntry, QueueList

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _district_id(user: User) -> int | None:
    # Everybody at the district's authorized body reads its queue; PSC staff hand out notices
    # but do not keep the queue.
    if not user.is_authenticated or not user.is_active or user.role not in AB_READERS:
        return None
    return user.office.district_id if user.office is not None else None


def queue_entries_in_scope(user: User) -> QuerySet[QueueEntry]:
    district_id = _district_id(user)
    if district_id is None:
        return QueueEntry.objects.none()
    return QueueEntry.objects.filter(queue_list__district_id=district_id)


def queue_lists_in_scope(user: User) -> QuerySet[QueueList]:
    district_id = _district_id(user)
    if district_id is None:
        return QueueList.objects.none()
    return QueueList.objects.filter(district_id=district_id)


def access_queue_entry(user: User, entry_id: int) -> QueueEntry:
    """The entry if the user may see it; otherwise 'not found' (existence is not disclosed)."""
    entry = (
        queue_entries_in_scope(user)
        .select_related("queue_list", "queue_list__district")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFoundError(_("No such queue entry."), field="entry_id", code=ErrorCode.NOT_FOUND)
    return entry
