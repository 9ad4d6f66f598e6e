"""Registration into the queue (reg:5, reg:6): order by acceptance time, then request number."""

from __future__ import annotations

import datetime as dt

import pytest

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.housing_queue.models import QueueEntry, QueueEvent
from kezek.housing_queue.selectors import (
    queue_entry_position,
    queue_positions_for_application,
)
from kezek.housing_queue.services.registration import queue_entries_register
from tests.factories import StaffFactory

from .helpers import T0, accept, assert_exact, clerk_and_desk

pytestmark = pytest.mark.django_db


def test_order_is_acceptance_time_then_request_number(staff, offices, district) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    head = staff[Role.AB_HEAD]
    late = accept(office=desk, actor=clerk, n=1, accepted_at=T0 + dt.timedelta(days=3))
    early = accept(office=desk, actor=clerk, n=2, accepted_at=T0)
    # Signed in the opposite order of acceptance: the earlier acceptance still goes first.
    queue_entries_register(actor=head, application=late, lists=["socially_vulnerable"])
    queue_entries_register(actor=head, application=early, lists=["socially_vulnerable"])
    assert queue_positions_for_application(application=early) == [("socially_vulnerable", 1)]
    assert queue_positions_for_application(application=late) == [("socially_vulnerable", 2)]
    assert_exact(district)


def test_same_second_ties_break_on_request_number(staff, offices, district) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    head = staff[Role.AB_HEAD]
    first = accept(office=desk, actor=clerk, n=1, accepted_at=T0.replace(microsecond=900_000))
    second = accept(office=desk, actor=clerk, n=2, accepted_at=T0.replace(microsecond=100_000))
    assert first.request_number < second.request_number
    queue_entries_register(actor=head, application=second, lists=["socially_vulnerable"])
    queue_entries_register(actor=head, application=first, lists=["socially_vulnerable"])
    # Acceptance counts to the second: the microseconds do not decide, the number does.
    assert queue_positions_for_application(application=first) == [("socially_vulnerable", 1)]
    assert queue_positions_for_application(application=second) == [("socially_vulnerable", 2)]


def test_one_entry_per_list_and_idempotent(staff, offices, district) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    app = accept(
        office=desk, actor=clerk, n=1, accepted_at=T0, groups=("civil_servant", "large_family")
    )
    lists = ["socially_vulnerable", "public_servants"]
    entries = queue_entries_register(actor=staff[Role.AB_HEAD], application=app, lists=lists)
    again = queue_entries_register(actor=staff[Role.AB_HEAD], application=app, lists=lists)
    assert [e.pk for e in entries] == [e.pk for e in again]
    assert QueueEntry.objects.filter(application=app).count() == 2
    assert QueueEvent.objects.filter(entry__application=app).count() == 2
    assert queue_positions_for_application(application=app) == [
        ("socially_vulnerable", 1),
        ("public_servants", 1),
    ]
    record = AuditRecord.objects.filter(action="queue.entry_registered").first()
    assert record is not None
    assert "reg:5" in record.clauses
    assert {"reg:6.2", "reg:6.3"} <= {
        c for r in AuditRecord.objects.filter(action="queue.entry_registered") for c in r.clauses
    }


def test_registration_event_states_position_and_reason(staff, offices) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    app = accept(office=desk, actor=clerk, n=1, accepted_at=T0)
    (entry,) = queue_entries_register(
        actor=staff[Role.AB_HEAD], application=app, lists=["emergency_dwelling"]
    )
    event = QueueEvent.objects.get(entry=entry)
    assert event.event_type == "registered"
    assert event.position_after == 1
    assert event.clauses == ["reg:5", "reg:6.4"]
    assert queue_entry_position(entry=entry) == 1


def test_unknown_list_and_wrong_role_are_refused(staff, offices, other_ab) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    app = accept(office=desk, actor=clerk, n=1, accepted_at=T0)
    with pytest.raises(KezekError) as bad:
        queue_entries_register(actor=staff[Role.AB_HEAD], application=app, lists=["vip"])
    assert bad.value.field == "lists[0]"
    with pytest.raises(PermissionDeniedError):
        queue_entries_register(
            actor=staff[Role.AB_EXECUTOR], application=app, lists=["socially_vulnerable"]
        )
    stranger = StaffFactory(role=Role.AB_HEAD, office=other_ab)
    with pytest.raises(NotFoundError):
        queue_entries_register(actor=stranger, application=app, lists=["socially_vulnerable"])
    assert not QueueEntry.objects.exists()
