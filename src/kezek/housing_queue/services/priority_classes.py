"""The out-of-turn classes of a list (set by a later rule version), configured by the administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kezek.accounts.permissions import QUEUE_ADMINISTRATORS
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode
from kezek.offices.models import District

from ..keys import GENERAL_PRIORITY_RANK
from ..models import QueueEntry, QueueList, QueuePriorityClass
from ._shared import queue_actor_check, queue_lists_lock

if TYPE_CHECKING:
    from kezek.accounts.models import User


def queue_priority_class_save(
    *,
    actor: User | None,
    district: District,
    list_code: str,
    code: str,
    rank: int,
    name_kk: str,
    name_ru: str,
    clause: str,
) -> QueuePriorityClass:
    """Configure an out-of-turn class of a list (set by a later rule version); audited."""
    queue_actor_check(
        actor,
        roles=QUEUE_ADMINISTRATORS,
        district_id=district.pk,
        message=_("Only the administrator may configure priority classes."),
    )
    if list_code not in QueueList.Code.values:
        raise KezekError(_("Unknown queue list."), field="list")
    if not 1 <= rank < GENERAL_PRIORITY_RANK:
        raise KezekError(_("The rank must be between 1 and 999."), field="rank")
    if not clause.strip():
        raise KezekError(
            _("Name the legal basis of the class."), field="clause", code=ErrorCode.REQUIRED
        )
    with transaction.atomic():
        queue_list = queue_lists_lock(district, [list_code])[list_code]
        if QueueEntry.objects.filter(queue_list=queue_list, priority_class=code).exists():
            # The rank is part of the entries' immutable keys: it cannot change under them.
            raise KezekError(
                _("Entries already hold this class; create a new class instead."), field="code"
            )
        obj, created = QueuePriorityClass.objects.update_or_create(
            queue_list=queue_list,
            code=code,
            defaults={"rank": rank, "name_kk": name_kk, "name_ru": name_ru, "clause": clause},
        )
        audit_record_write(
            actor=actor,
            action="queue.priority_class_saved",
            obj=obj,
            after={"list": list_code, "code": code, "rank": rank, "clause": clause},
            comment="created" if created else "changed",
            clauses=["reg:6"],
            district_code=district.code,
        )
    return obj
