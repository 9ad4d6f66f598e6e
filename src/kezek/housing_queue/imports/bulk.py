"""The fast path of an import into an empty list: entries, their blocks and their history events
written in one pass (COPY on PostgreSQL, executemany on SQLite), inside the caller's transaction
and under the caller's lock of the list.

The rows arrive sorted by key, so each entry is appended at the tail: its position at that moment
is its index + 1 and nobody stands behind it (behind_count 0).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection

from .. import ranking
from ..choices import EntryStatus, EventType
from ..models import QueueBlock, QueueEntry, QueueEvent, QueueList
from .checking import ImportRow

_BATCH = 20_000
_ENTRY_COLUMNS = (
    "id",
    "queue_list_id",
    "block_id",
    "application_id",
    "iin",
    "last_name",
    "first_name",
    "patronymic",
    "request_number",
    "accepted_at",
    "registered_at",
    "priority_rank",
    "priority_class",
    "sort_key",
    "status",
    "status_changed_at",
)
_EVENT_COLUMNS = (
    "entry_id",
    "queue_list_id",
    "event_type",
    "reason",
    "legal_basis",
    "clauses",
    "position_before",
    "position_after",
    "behind_count",
    "sort_key",
    "act_id",
    "decision_number",
    "decision_date",
    "details",
    "actor_id",
    "actor_label",
    "occurred_at",
)


def _reserve_ids(count: int) -> list[int]:
    """Primary keys for the new entries, so that their events can point at them."""
    table = QueueEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: one writer at a time (the transaction holds the write lock), AUTOINCREMENT
        # moves its sequence past explicit ids.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


@contextlib.contextmanager
def _big_cache() -> Iterator[None]:
    """SQLite: a page cache that holds the indexes being filled (default ~8 MB) while loading."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB, this connection only
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {previous}")


# COPY's text format: backslash, tab, newline and carriage return are escaped in text fields.
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy(table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """PostgreSQL: COPY from text lines built by the caller (cheaper than adapting each value)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        chunk: list[str] = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= 5000:
                copy.write("".join(chunk))
                chunk.clear()
        if chunk:
            copy.write("".join(chunk))


def _write(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """SQLite: executemany in batches."""
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def load_sorted(
    *,
    queue_list: QueueList,
    rows: Sequence[ImportRow],
    act_id: uuid.UUID,
    when: dt.datetime,
    legal_basis: str,
    clauses: Sequence[str],
    actor_id: int | None,
    actor_label: str,
) -> int:
    """Append `rows` (sorted by key) to an empty list; returns the number written.

    Each entry gets its `imported` event; nobody stood behind it, so the event keeps no key
    (see QueueEvent.sort_key) and no details (the act's audit record names the file).
    """
    if not rows:
        return 0
    sizes = ranking.plan_blocks(len(rows))
    ordinals = [(i + 1) * ranking.ORDINAL_GAP for i in range(len(sizes))]
    blocks = QueueBlock.objects.bulk_create(
        [
            QueueBlock(
                queue_list=queue_list,
                ordinal=ordinal,
                segment=ranking.segment_of(ordinal),
                size=size,
                active_count=size,
            )
            for ordinal, size in zip(ordinals, sizes, strict=True)
        ]
    )
    ranking.rebuild_segments(queue_list.pk)
    block_of: list[int] = []
    for block, size in zip(blocks, sizes, strict=True):
        block_of.extend([block.pk] * size)
    ids = _reserve_ids(len(rows))
    postgres = connection.vendor == "postgresql"
    utc = dt.UTC

    def moment(value: dt.datetime) -> Any:
        # SQLite keeps UTC as text, the way Django's adapt_datetimefield_value writes it.
        return value if postgres else str(value.astimezone(utc).replace(tzinfo=None))

    now = moment(when)
    active = EntryStatus.ACTIVE.value
    list_id = queue_list.pk

    def entry_rows() -> Iterator[tuple[Any, ...]]:
        for i, row in enumerate(rows):
            accepted = moment(row.accepted_at)
            registered = (
                accepted if row.registered_at is row.accepted_at else moment(row.registered_at)
            )
            yield (
                ids[i],
                list_id,
                block_of[i],
                None,
                row.iin,
                row.last_name,
                row.first_name,
                row.patronymic,
                row.request_number,
                accepted,
                registered,
                row.priority_rank,
                row.priority_class,
                row.sort_key,
                active,
                now,
            )

    clauses_json = json.dumps(list(clauses))
    details_json = "{}"
    act = act_id if postgres else act_id.hex
    imported = EventType.IMPORTED.value

    def event_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(len(rows)):
            yield (
                ids[i],
                list_id,
                imported,
                "",
                legal_basis,
                clauses_json,
                None,
                i + 1,
                0,
                b"",
                act,
                "",
                None,
                details_json,
                actor_id,
                actor_label,
                now,
            )

    if postgres:
        _copy(
            QueueEntry._meta.db_table,
            _ENTRY_COLUMNS,
            _entry_lines(rows, ids, block_of, list_id, when),
        )
        _copy(
            QueueEvent._meta.db_table,
            _EVENT_COLUMNS,
            _event_lines(
                rows,
                ids,
                list_id,
                act_id=act_id,
                when=when,
                legal_basis=legal_basis,
                clauses_json=clauses_json,
                details_json=details_json,
                actor_id=actor_id,
                actor_label=actor_label,
            ),
        )
        return len(rows)
    with _big_cache():
        _write(QueueEntry._meta.db_table, _ENTRY_COLUMNS, entry_rows())
        _write(QueueEvent._meta.db_table, _EVENT_COLUMNS, event_rows())
    return len(rows)


def _entry_lines(
    rows: Sequence[ImportRow], ids: list[int], block_of: list[int], list_id: int, when: dt.datetime
) -> Iterator[str]:
    """COPY lines in the order of _ENTRY_COLUMNS (the IIN is 12 checked digits: no escaping)."""
    esc = _COPY_ESCAPE
    tail = f"\t{EntryStatus.ACTIVE.value}\t{when.isoformat()}\n"
    for i, row in enumerate(rows):
        accepted = row.accepted_at.isoformat()
        registered = (
            accepted if row.registered_at is row.accepted_at else row.registered_at.isoformat()
        )
        yield (
            f"{ids[i]}\t{list_id}\t{block_of[i]}\t\\N\t{row.iin}\t{row.last_name.translate(esc)}"
            f"\t{row.first_name.translate(esc)}\t{row.patronymic.translate(esc)}"
            f"\t{row.request_number.translate(esc)}\t{accepted}\t{registered}\t{row.priority_rank}"
            f"\t{row.priority_class.translate(esc)}\t\\\\x{row.sort_key.hex()}{tail}"
        )


def _event_lines(
    rows: Sequence[ImportRow],
    ids: list[int],
    list_id: int,
    *,
    act_id: uuid.UUID,
    when: dt.datetime,
    legal_basis: str,
    clauses_json: str,
    details_json: str,
    actor_id: int | None,
    actor_label: str,
) -> Iterator[str]:
    """COPY lines in the order of _EVENT_COLUMNS: imported, position i + 1, nobody behind."""
    esc = _COPY_ESCAPE
    head = (
        f"\t{list_id}\t{EventType.IMPORTED.value}\t\t{legal_basis.translate(esc)}"
        f"\t{clauses_json.translate(esc)}\t\\N\t"
    )
    actor = "\\N" if actor_id is None else str(actor_id)
    tail = (
        f"\t{act_id}\t\t\\N\t{details_json.translate(esc)}\t{actor}"
        f"\t{actor_label.translate(esc)}\t{when.isoformat()}\n"
    )
    for i in range(len(rows)):
        yield f"{ids[i]}{head}{i + 1}\t0\t\\\\x{tail}"


def analyze() -> None:
    """Fresh planner statistics after a big load (the lookup's plan depends on them)."""
    tables = [m._meta.db_table for m in (QueueEntry, QueueBlock, QueueEvent)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
