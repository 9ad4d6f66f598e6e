"""Exact positions in a list, kept by a counted tree of height three (ADR 0003).

Entries of a list are cut into blocks of consecutive keys (at most BLOCK_SPLIT_AT entries), and
blocks into segments by their ordinal (SEGMENT_BLOCKS blocks when laid out). Blocks and segments
keep the count of their active entries. Then

    position(e) = SUM(active_count of the list's segments before e's segment)
                + SUM(active_count of the blocks of e's segment before e's block)
                + COUNT(active entries of e's block with a smaller key) + 1

three short index ranges whatever the size of the list. A removal or reinstatement is one entry
update and two counter updates; an insertion finds its block from the entry just before it, and
a block that grows past BLOCK_SPLIT_AT splits in two.

Every function that changes blocks, segments or statuses runs under the lock of the list row
(`lock_lists`): changes of one list are serialized, and reads never lock and are always exact,
because an entry and its counters change in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import F, QuerySet, Sum

from .choices import EntryStatus
from .models import QueueBlock, QueueEntry, QueueEvent, QueueList, QueueSegment

# Bounded sizes keep every term of the position small: ~N/(BLOCK_TARGET x SEGMENT_BLOCKS)
# segment counters, ~SEGMENT_BLOCKS block counters, at most BLOCK_SPLIT_AT index entries.
# Tests lower them to exercise splits and renumbering.
BLOCK_TARGET = 256
BLOCK_SPLIT_AT = 512
ORDINAL_GAP = 1 << 20
SEGMENT_BLOCKS = 64

_ENTRY = QueueEntry._meta.db_table
_BLOCK = QueueBlock._meta.db_table
_SEGMENT = QueueSegment._meta.db_table
_EVENT = QueueEvent._meta.db_table
_ACTIVE = EntryStatus.ACTIVE.value

# The position of an active entry `e` joined with its block `b`, as an SQL expression.
POSITION_SQL = (
    f"(SELECT COALESCE(SUM(s.active_count), 0) FROM {_SEGMENT} s"  # noqa: S608
    "   WHERE s.queue_list_id = {e}.queue_list_id AND s.number < {b}.segment)"
    f" + (SELECT COALESCE(SUM(b2.active_count), 0) FROM {_BLOCK} b2"
    "   WHERE b2.queue_list_id = {e}.queue_list_id AND b2.segment = {b}.segment"
    "   AND b2.ordinal < {b}.ordinal)"
    f" + (SELECT COUNT(*) FROM {_ENTRY} e2"
    "   WHERE e2.block_id = {e}.block_id AND e2.status = 'active' AND e2.sort_key < {e}.sort_key)"
    " + 1"
)


def position_sql(*, entry: str, block: str) -> str:
    return POSITION_SQL.replace("{e}", entry).replace("{b}", block)


def segment_of(ordinal: int) -> int:
    return ordinal // (ORDINAL_GAP * SEGMENT_BLOCKS)


def as_bytes(value: bytes | memoryview) -> bytes:
    """PostgreSQL may hand bytea back as memoryview; keys are compared as bytes."""
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


def position_of_entry(entry_id: int) -> int | None:
    """The rank of an entry in its list now (1-based), None when it is not active."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN e.status = 'active' THEN {position_sql(entry='e', block='b')} END"  # noqa: S608
            f" FROM {_ENTRY} e JOIN {_BLOCK} b ON b.id = e.block_id WHERE e.id = %s",
            [entry_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else None


def entry_position(entry: QueueEntry) -> int | None:
    return position_of_entry(entry.pk)


def active_total(list_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(active_count), 0) FROM {_SEGMENT} WHERE queue_list_id = %s",  # noqa: S608
            [list_id],
        )
        return int(cursor.fetchone()[0])


def _count(*, block_id: int, size: int = 0, active: int = 0) -> None:
    """Change a block's counters and its segment's together (the caller holds the lock)."""
    QueueBlock.objects.filter(pk=block_id).update(
        size=F("size") + size, active_count=F("active_count") + active
    )
    if active:
        list_id, segment = QueueBlock.objects.values_list("queue_list_id", "segment").get(
            pk=block_id
        )
        QueueSegment.objects.filter(queue_list_id=list_id, number=segment).update(
            active_count=F("active_count") + active
        )


def _new_block(list_id: int, ordinal: int) -> QueueBlock:
    segment = segment_of(ordinal)
    QueueSegment.objects.get_or_create(queue_list_id=list_id, number=segment)
    return QueueBlock.objects.create(queue_list_id=list_id, ordinal=ordinal, segment=segment)


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
        before = _new_block(entry.queue_list_id, ORDINAL_GAP).pk
    entry.block_id = before
    entry.status = EntryStatus.ACTIVE
    entry.save(force_insert=True)
    _count(block_id=before, size=1, active=1)
    size = QueueBlock.objects.filter(pk=before).values_list("size", flat=True).get()
    if size > BLOCK_SPLIT_AT:
        split_block(before)


def set_status(entry: QueueEntry, status: str, *, when: object) -> None:
    """Change an entry's status and its counters together. The caller holds the lock."""
    was_active = entry.status == EntryStatus.ACTIVE
    now_active = status == EntryStatus.ACTIVE
    entry.status = status
    entry.status_changed_at = when  # type: ignore[assignment]
    entry.save(update_fields=["status", "status_changed_at"])
    if was_active != now_active:
        _count(block_id=entry.block_id, active=1 if now_active else -1)


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
    ordinal = _ordinal_after(block)  # may renumber the list's blocks and recount its segments
    new = _new_block(block.queue_list_id, ordinal)
    moving: QuerySet[QueueEntry] = QueueEntry.objects.filter(
        block_id=block_id, sort_key__gte=middle
    )
    moved_active = moving.filter(status=EntryStatus.ACTIVE).count()
    moved = moving.update(block_id=new.pk)
    # The counts leave one block (and its segment) for the other (and its segment).
    _count(block_id=block_id, size=-moved, active=-moved_active)
    _count(block_id=new.pk, size=moved, active=moved_active)
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
    """Spread ordinals out again (rare: after ~20 splits at the same place), and recount the
    segments, which follow from the ordinals."""
    ids = list(
        QueueBlock.objects.filter(queue_list_id=list_id)
        .order_by("ordinal")
        .values_list("pk", flat=True)
    )
    # Two passes: negative first, so that the unique (list, ordinal) never collides midway.
    for i, pk in enumerate(ids, start=1):
        QueueBlock.objects.filter(pk=pk).update(ordinal=-i)
    for i, pk in enumerate(ids, start=1):
        ordinal = i * ORDINAL_GAP
        QueueBlock.objects.filter(pk=pk).update(ordinal=ordinal, segment=segment_of(ordinal))
    rebuild_segments(list_id)


def rebuild_segments(list_id: int) -> None:
    """The segment counters of a list, from its blocks."""
    QueueSegment.objects.filter(queue_list_id=list_id).delete()
    QueueSegment.objects.bulk_create(
        QueueSegment(queue_list_id=list_id, number=row["segment"], active_count=row["total"])
        for row in QueueBlock.objects.filter(queue_list_id=list_id)
        .values("segment")
        .annotate(total=Sum("active_count"))
        .order_by("segment")
    )


def plan_blocks(count: int, target: int | None = None) -> list[int]:
    """Sizes of the blocks for `count` entries loaded in one pass (an import into an empty list)."""
    target = target or BLOCK_TARGET
    if count <= 0:
        return []
    blocks = max(1, -(-count // target))
    base, extra = divmod(count, blocks)
    return [base + (1 if i < extra else 0) for i in range(blocks)]


def blocks_consistent(list_ids: Sequence[int]) -> list[str]:
    """Problems with the counted tree of these lists (empty when every counter, order and link
    is right)."""
    problems: list[str] = []
    for list_id in list_ids:
        blocks = list(
            QueueBlock.objects.filter(queue_list_id=list_id)
            .order_by("ordinal")
            .values_list("pk", "size", "active_count", "ordinal", "segment")
        )
        order = {pk: i for i, (pk, *_rest) in enumerate(blocks)}
        counts: dict[int, list[int]] = {pk: [0, 0] for pk, *_rest in blocks}
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
        by_segment: dict[int, int] = defaultdict(int)
        for pk, size, active, ordinal, segment in blocks:
            if counts[pk] != [size, active]:
                problems.append(
                    f"list {list_id}: block {pk} says {size}/{active}, holds {counts[pk][0]}/{counts[pk][1]}"
                )
            if segment != segment_of(ordinal):
                problems.append(
                    f"list {list_id}: block {pk} in segment {segment}, not {segment_of(ordinal)}"
                )
            by_segment[segment] += active
        stored = dict(
            QueueSegment.objects.filter(queue_list_id=list_id).values_list("number", "active_count")
        )
        for number in set(stored) | set(by_segment):
            if stored.get(number, 0) != by_segment.get(number, 0):
                problems.append(
                    f"list {list_id}: segment {number} says {stored.get(number)}, its blocks {by_segment.get(number, 0)}"
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
