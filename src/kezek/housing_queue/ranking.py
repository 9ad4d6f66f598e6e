"""Exact positions in a list, kept by blocks of consecutive entries with counters (ADR 0003).

Every function that changes blocks or statuses runs under the lock of the list row
(`lock_lists`): changes of one list are serialized, reads never lock and are always exact,
because an entry and its block counter change in the same transaction.

    position(e) = SUM(active_count of the list's blocks before e's block)
                + COUNT(active entries of e's block with a smaller key) + 1

A removal or reinstatement is one entry update and one counter update; an insertion finds its
block from the entry just before it, and a block that grows past BLOCK_SPLIT_AT splits in two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import F, QuerySet

from .choices import EntryStatus
from .models import QueueBlock, QueueEntry, QueueEvent, QueueList

# Bounded block sizes keep both terms of the position small: ~N/BLOCK_TARGET counters to sum,
# at most BLOCK_SPLIT_AT index entries to count. Tests lower them to exercise splits.
BLOCK_TARGET = 512
BLOCK_SPLIT_AT = 1024
ORDINAL_GAP = 1 << 20

_ENTRY = QueueEntry._meta.db_table
_BLOCK = QueueBlock._meta.db_table
_EVENT = QueueEvent._meta.db_table
_ACTIVE = EntryStatus.ACTIVE.value


def as_bytes(value: bytes | memoryview) -> bytes:
    """PostgreSQL hands bytea back as memoryview; keys are compared as bytes."""
    return bytes(value)


def lock_lists(list_ids: Iterable[int]) -> list[QueueList]:
    """Lock list rows in id order (one global order: no deadlock between multi-list acts)."""
    ids = sorted(set(list_ids))
    return list(
        QueueList.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .select_related("district")
    )


def position_of(*, list_id: int, block_id: int, sort_key: bytes) -> int:
    """The rank of an active key in its list (1-based). Two index ranges, no table scan."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(b.active_count), 0) FROM {_BLOCK} b"  # noqa: S608
            f"  WHERE b.queue_list_id = %s AND b.ordinal < (SELECT ordinal FROM {_BLOCK} WHERE id = %s))"
            f" + (SELECT COUNT(*) FROM {_ENTRY} e"
            f"  WHERE e.block_id = %s AND e.status = %s AND e.sort_key < %s)",
            [list_id, block_id, block_id, _ACTIVE, sort_key],
        )
        row = cursor.fetchone()
    return int(row[0]) + 1


def entry_position(entry: QueueEntry) -> int | None:
    if entry.status != EntryStatus.ACTIVE:
        return None
    return position_of(
        list_id=entry.queue_list_id, block_id=entry.block_id, sort_key=as_bytes(entry.sort_key)
    )


def active_total(list_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(active_count), 0) FROM {_BLOCK} WHERE queue_list_id = %s",  # noqa: S608
            [list_id],
        )
        return int(cursor.fetchone()[0])


def insert_entry(entry: QueueEntry) -> None:
    """Save a new active entry into its list's blocks. The caller holds the list lock."""
    key = as_bytes(entry.sort_key)
    before = (
        QueueEntry.objects.filter(queue_list_id=entry.queue_list_id, sort_key__lt=key)
        .order_by("-sort_key")
        .values_list("block_id", flat=True)
        .first()
    )
    if before is None:
        before = (
            QueueBlock.objects.filter(queue_list_id=entry.queue_list_id)
            .order_by("ordinal")
            .values_list("pk", flat=True)
            .first()
        )
    if before is None:
        before = QueueBlock.objects.create(
            queue_list_id=entry.queue_list_id, ordinal=ORDINAL_GAP
        ).pk
    entry.block_id = before
    entry.status = EntryStatus.ACTIVE
    entry.save(force_insert=True)
    QueueBlock.objects.filter(pk=before).update(
        size=F("size") + 1, active_count=F("active_count") + 1
    )
    size = QueueBlock.objects.filter(pk=before).values_list("size", flat=True).get()
    if size > BLOCK_SPLIT_AT:
        split_block(before)


def set_status(entry: QueueEntry, status: str, *, when: object) -> None:
    """Change an entry's status and its block's counter together. The caller holds the lock."""
    was_active = entry.status == EntryStatus.ACTIVE
    now_active = status == EntryStatus.ACTIVE
    entry.status = status
    entry.status_changed_at = when  # type: ignore[assignment]
    entry.save(update_fields=["status", "status_changed_at"])
    if was_active != now_active:
        QueueBlock.objects.filter(pk=entry.block_id).update(
            active_count=F("active_count") + (1 if now_active else -1)
        )


def split_block(block_id: int) -> int:
    """Move the upper half of a block into a new block placed right after it."""
    block = QueueBlock.objects.get(pk=block_id)
    keys = [
        as_bytes(k)
        for k in QueueEntry.objects.filter(block_id=block_id)
        .order_by("sort_key")
        .values_list("sort_key", flat=True)
    ]
    if len(keys) < 2:
        return block_id
    middle = keys[len(keys) - len(keys) // 2]
    ordinal = _ordinal_after(block)
    new = QueueBlock.objects.create(queue_list_id=block.queue_list_id, ordinal=ordinal)
    moving: QuerySet[QueueEntry] = QueueEntry.objects.filter(
        block_id=block_id, sort_key__gte=middle
    )
    moved_active = moving.filter(status=EntryStatus.ACTIVE).count()
    moved = moving.update(block_id=new.pk)
    QueueBlock.objects.filter(pk=new.pk).update(size=moved, active_count=moved_active)
    QueueBlock.objects.filter(pk=block_id).update(
        size=F("size") - moved, active_count=F("active_count") - moved_active
    )
    return new.pk


def _ordinal_after(block: QueueBlock) -> int:
    following = (
        QueueBlock.objects.filter(queue_list_id=block.queue_list_id, ordinal__gt=block.ordinal)
        .order_by("ordinal")
        .values_list("ordinal", flat=True)
        .first()
    )
    if following is None:
        return block.ordinal + ORDINAL_GAP
    if following - block.ordinal >= 2:
        return (block.ordinal + following) // 2
    _renumber(block.queue_list_id)
    block.refresh_from_db(fields=["ordinal"])
    return block.ordinal + ORDINAL_GAP // 2


def _renumber(list_id: int) -> None:
    """Spread ordinals out again (rare: after ~20 splits at the same place)."""
    ids = list(
        QueueBlock.objects.filter(queue_list_id=list_id)
        .order_by("ordinal")
        .values_list("pk", flat=True)
    )
    # Two passes: negative first, so that the unique (list, ordinal) never collides midway.
    for i, pk in enumerate(ids, start=1):
        QueueBlock.objects.filter(pk=pk).update(ordinal=-i)
    for i, pk in enumerate(ids, start=1):
        QueueBlock.objects.filter(pk=pk).update(ordinal=i * ORDINAL_GAP)


def plan_blocks(count: int, target: int | None = None) -> list[int]:
    """Sizes of the blocks for `count` entries loaded in one pass (an import into an empty list)."""
    target = target or BLOCK_TARGET
    if count <= 0:
        return []
    blocks = max(1, -(-count // target))
    base, extra = divmod(count, blocks)
    return [base + (1 if i < extra else 0) for i in range(blocks)]


def blocks_consistent(list_ids: Sequence[int]) -> list[str]:
    """Problems with the blocks of these lists (empty when every counter, order and link is right)."""
    problems: list[str] = []
    for list_id in list_ids:
        blocks = list(
            QueueBlock.objects.filter(queue_list_id=list_id)
            .order_by("ordinal")
            .values_list("pk", "size", "active_count")
        )
        order = {pk: i for i, (pk, _size, _active) in enumerate(blocks)}
        counts: dict[int, list[int]] = {pk: [0, 0] for pk, _s, _a in blocks}
        last_block_index = -1
        rows = (
            QueueEntry.objects.filter(queue_list_id=list_id)
            .order_by("sort_key")
            .values_list("block_id", "status")
            .iterator(chunk_size=20_000)
        )
        for block_id, status in rows:
            index = order.get(block_id)
            if index is None:
                problems.append(f"list {list_id}: entry in a block of another list")
                continue
            if index < last_block_index:
                problems.append(f"list {list_id}: blocks out of key order")
            last_block_index = index
            counts[block_id][0] += 1
            counts[block_id][1] += status == EntryStatus.ACTIVE
        for pk, size, active in blocks:
            if counts[pk] != [size, active]:
                problems.append(
                    f"list {list_id}: block {pk} says {size}/{active}, holds {counts[pk][0]}/{counts[pk][1]}"
                )
        # The links the database does not constrain (see QueueEntry.queue_list).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {_EVENT} v LEFT JOIN {_ENTRY} e ON e.id = v.entry_id"  # noqa: S608
                " WHERE v.queue_list_id = %s AND (e.id IS NULL OR e.queue_list_id <> v.queue_list_id)",
                [list_id],
            )
            orphans = int(cursor.fetchone()[0])
        if orphans:
            problems.append(f"list {list_id}: {orphans} history events without their entry")
    return problems
