"""The phases that need Django on the benchmark database; each runs in its own process."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def _child_import(payload: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from kezek.housing_queue.models import QueueEntry
    from kezek.housing_queue.services.imports import queue_import
    from kezek.offices.models import District

    data = Path(payload["path"]).read_bytes()
    district = District.objects.get(code="akt")
    started = time.perf_counter()
    report = queue_import(
        actor=None, district=district, data=data, filename="queue.csv", dry_run=False
    )
    service_s = time.perf_counter() - started
    if not report.applied:
        raise RuntimeError(f"import refused: {report.problems[:5]}")
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # Visibility map and statistics, so that counts are index-only scans from the start.
        with connection.cursor() as cursor:
            for table in (
                "housing_queue_queueentry",
                "housing_queue_queueblock",
                "housing_queue_queueevent",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    vacuum_s = time.perf_counter() - started
    # The import written to disk for good (a checkpoint, then the page cache flushed), and
    # counted in import_s: otherwise the writes of a million rows would go on in the
    # background during the load phases and be charged to whichever endpoint they hit.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()
    checkpoint_s = time.perf_counter() - started
    return {
        "entries": QueueEntry.objects.count(),
        "service_s": round(service_s, 2),
        "vacuum_s": round(vacuum_s, 2),
        "checkpoint_s": round(checkpoint_s, 2),
        "import_s": round(service_s + vacuum_s + checkpoint_s, 2),
        "created": report.created,
    }


def _child_remove(payload: dict[str, Any]) -> dict[str, Any]:
    from django.db.models import Count

    from kezek.accounts.models import Role, User
    from kezek.housing_queue import ranking
    from kezek.housing_queue.models import QueueEntry, QueueList
    from kezek.housing_queue.selectors import queue_entry_position
    from kezek.housing_queue.services.leaving import queue_entry_remove
    from kezek.offices.models import Office

    office = Office.objects.get(code="akt-ab")
    admin, _created = User.objects.get_or_create(
        username="bench-admin",
        defaults={"role": Role.ADMINISTRATOR, "office": office, "last_name": "Бенчмарк"},
    )
    lists = list(QueueList.objects.filter(district=office.district))
    longest = max(lists, key=lambda ql: ranking.active_total(ql.pk))
    timings: list[float] = []
    exact = True
    today = dt.date.today()

    def head(n: int) -> list[QueueEntry]:
        return list(
            QueueEntry.objects.filter(queue_list=longest, status="active")
            .select_related("queue_list__district")
            .order_by("sort_key")[:n]
        )

    for i in range(int(payload["count"])):
        first = head(1)[0]
        started = time.perf_counter()
        queue_entry_remove(
            actor=admin,
            entry=first,
            reason="own_request",
            decision_number=f"BENCH-{i + 1}",
            decision_date=today,
        )
        timings.append((time.perf_counter() - started) * 1000)
        new_head, second = head(2)
        tail = (
            QueueEntry.objects.filter(queue_list=longest, status="active")
            .order_by("-sort_key")
            .first()
        )
        total = QueueEntry.objects.filter(queue_list=longest, status="active").aggregate(
            n=Count("id")
        )["n"]
        exact = exact and (
            queue_entry_position(entry=first) is None
            and queue_entry_position(entry=new_head) == 1
            and queue_entry_position(entry=second) == 2
            and tail is not None
            and queue_entry_position(entry=tail) == total
        )
    heads = head(3)
    # The last entry of every list too: its position is the list's length.
    tails = [
        e
        for e in (
            QueueEntry.objects.filter(queue_list=ql, status="active").order_by("-sort_key").first()
            for ql in lists
        )
        if e is not None
    ]
    return {
        "count": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "max_ms": round(max(timings), 2),
        "exact_after_each": exact,
        "head_pairs": [(e.iin, e.request_number) for e in heads + tails],
    }


def _child_recount(payload: dict[str, Any]) -> dict[str, Any]:
    from kezek.housing_queue import ranking
    from kezek.housing_queue.models import QueueEntry, QueueList

    truth: dict[tuple[str, str], int] = {}
    lists = list(QueueList.objects.all())
    for queue_list in lists:
        # Brute force: the whole list sorted by key, counted one by one.
        rows = (
            QueueEntry.objects.filter(queue_list=queue_list, status="active")
            .order_by("sort_key")
            .values_list("request_number", flat=True)
            .iterator(chunk_size=50_000)
        )
        for rank, number in enumerate(rows, start=1):
            truth[(queue_list.code, number)] = rank
    served = payload["served"]
    mismatches = [
        s
        for s in served
        if s.get("status") != 200 or truth.get((s["list"], s["request_number"])) != s["position"]
    ]
    return {
        "checked": len(served),
        "mismatches": len(mismatches),
        "examples": mismatches[:5],
        "blocks_consistent": ranking.blocks_consistent([ql.pk for ql in lists]) == [],
    }


CHILDREN = {"import": _child_import, "remove": _child_remove, "recount": _child_recount}


def child_main(phase: str, arg_file: str) -> None:
    import django

    django.setup()
    payload = json.loads(Path(arg_file).read_text(encoding="utf-8"))
    result = CHILDREN[phase](payload)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
