"""Registrations and removals from several workers at once never produce a duplicate or a
skipped position (PostgreSQL: each worker a thread with its own connection and transactions)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from kezek.accounts.models import Role
from kezek.housing_queue.models import QueueEntry, QueueList
from kezek.housing_queue.selectors import queue_entry_position
from kezek.housing_queue.services.leaving import queue_entry_allocate, queue_entry_remove
from kezek.housing_queue.services.registration import queue_entries_register
from kezek.housing_queue.services.reinstatement import queue_entry_reinstate

from .helpers import T0, accept, assert_exact, clerk_and_desk

WORKERS = 4
PER_WORKER = 4


def _in_thread(target, errors: list[BaseException]):
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # collected and re-raised by the test
            errors.append(exc)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_workers_keep_positions_exact(staff, offices, district) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    head, admin = staff[Role.AB_HEAD], staff[Role.ADMINISTRATOR]
    apps = [
        # Interleaved acceptance times: every worker inserts in the middle of the others' entries.
        accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(minutes=(n * 7) % 23))
        for n in range(WORKERS * PER_WORKER + WORKERS)
    ]
    seeded = [
        queue_entries_register(
            actor=head, application=a, lists=["socially_vulnerable", "emergency_dwelling"]
        )[0]
        for a in apps[:WORKERS]
    ]
    for entry in seeded[:2]:
        queue_entry_remove(
            actor=admin,
            entry=entry,
            reason="own_request",
            decision_number="0",
            decision_date=dt.date.today(),
        )
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        mine = apps[WORKERS + index * PER_WORKER : WORKERS + (index + 1) * PER_WORKER]
        barrier.wait()
        for app in mine:
            queue_entries_register(
                actor=head, application=app, lists=["socially_vulnerable", "emergency_dwelling"]
            )
        entry = QueueEntry.objects.select_related("queue_list__district").get(pk=seeded[index].pk)
        today = dt.date.today()
        if index < 2:
            queue_entry_reinstate(
                actor=admin, entry=entry, decision_number="1", decision_date=today
            )
        elif index == 2:
            queue_entry_allocate(
                actor=admin, entry=entry, decision_number="2", decision_date=today, address="x"
            )
        else:
            queue_entry_remove(
                actor=head,
                entry=entry,
                reason="moved_away",
                decision_number="3",
                decision_date=today,
            )

    threads = [_in_thread(lambda i=i: worker(i), errors) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    for queue_list in QueueList.objects.filter(district=district):
        served = sorted(
            p
            for p in (
                queue_entry_position(entry=e)
                for e in QueueEntry.objects.filter(queue_list=queue_list)
            )
            if p is not None
        )
        active = QueueEntry.objects.filter(queue_list=queue_list, status="active").count()
        assert active == WORKERS * PER_WORKER + 2  # 16 new, 2 reinstated; 1 allocated, 1 removed
        assert served == list(range(1, active + 1))  # no duplicate, no gap
    assert_exact(district)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_notice_signed_twice_at_once_gives_one_entry(staff, offices) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    app = accept(office=desk, actor=clerk, n=1, accepted_at=T0)
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def sign() -> None:
        barrier.wait()
        queue_entries_register(
            actor=staff[Role.AB_HEAD], application=app, lists=["public_servants"]
        )

    threads = [_in_thread(sign, errors) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert QueueEntry.objects.filter(application=app).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_lookup_prepared_once_per_connection_gives_the_same_answer(staff, offices) -> None:
    """Outside a transaction the lookup runs as a prepared statement on PostgreSQL."""
    from django.db import transaction

    from kezek.housing_queue.lookup_connection import LOOKUP_CONNECTION
    from kezek.housing_queue.selectors import queue_lookup

    clerk, desk = clerk_and_desk(staff, offices)
    apps = [
        accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(hours=n))
        for n in range(3)
    ]
    for app in apps:
        queue_entries_register(
            actor=staff[Role.AB_HEAD], application=app, lists=["socially_vulnerable"]
        )
    last = QueueEntry.objects.get(application=apps[2])
    with transaction.atomic():  # the plain path, on Django's connection
        plain = queue_lookup(iin=last.iin, request_number=last.request_number)
    prepared = [queue_lookup(iin=last.iin, request_number=last.request_number) for _ in range(3)]
    lookup = LOOKUP_CONNECTION._connection
    assert lookup is not None
    assert lookup is not connection.connection  # its own, not Django's
    statements = [row[0] for row in lookup.execute("SELECT statement FROM pg_prepared_statements")]
    assert any("WITH me AS" in statement for statement in statements)
    assert all(p == plain for p in prepared)
    assert plain[0].position == 3
    lookup.execute("DEALLOCATE ALL")  # psycopg sees this one and prepares again
    assert queue_lookup(iin=last.iin, request_number=last.request_number) == plain
    # A pooler resetting the session behind psycopg's back: the lookup falls back to Django's
    # connection, with the same answer.
    lookup.pgconn.exec_(b"DEALLOCATE ALL")
    assert queue_lookup(iin=last.iin, request_number=last.request_number) == plain
    assert LOOKUP_CONNECTION.usable is False
    assert queue_lookup(iin=last.iin, request_number=last.request_number) == plain
    LOOKUP_CONNECTION.close()
    # A broken link (the server restarted): one new connection, the same answer.
    assert queue_lookup(iin=last.iin, request_number=last.request_number) == plain
    LOOKUP_CONNECTION._connection.pgconn.finish()
    assert queue_lookup(iin=last.iin, request_number=last.request_number) == plain
    since = queue_lookup(iin=last.iin, request_number=last.request_number, since=dt.date.today())
    assert since[0].position == 3
