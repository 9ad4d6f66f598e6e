"""Allocation, removal (art. 73), death with a remaining member, reinstatement (back to the
original place), and the reasons a citizen is given for every move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.housing_queue.models import QueueEntry, QueueEvent
from kezek.housing_queue.selectors import queue_entry_position, queue_lookup
from kezek.housing_queue.services.leaving import (
    SuccessorInput,
    queue_entry_allocate,
    queue_entry_remove,
)
from kezek.housing_queue.services.registration import queue_entries_register
from kezek.housing_queue.services.reinstatement import queue_entry_reinstate
from tests.factories import StaffFactory, iin_for

from .helpers import T0, accept, assert_exact, clerk_and_desk

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def queue(staff, offices):
    """Five families on the socially vulnerable list, the third also on public servants."""
    clerk, desk = clerk_and_desk(staff, offices)
    head = staff[Role.AB_HEAD]
    entries = []
    for n in range(5):
        app = accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(hours=n))
        lists = ["socially_vulnerable", "public_servants"] if n == 2 else ["socially_vulnerable"]
        entries.append(queue_entries_register(actor=head, application=app, lists=lists)[0])
    return entries


def positions(entries):
    return [queue_entry_position(entry=e) for e in entries]


def test_allocation_takes_the_family_off_every_list(queue, staff, district) -> None:
    admin = staff[Role.ADMINISTRATOR]
    third = queue[2]
    left = queue_entry_allocate(
        actor=admin,
        entry=third,
        decision_number="17-ж",
        decision_date=TODAY,
        address="Ақтоғай, Бөкейхан к-сі 4, 2-пәтер",
    )
    assert {e.queue_list.code for e in left} == {"socially_vulnerable", "public_servants"}
    assert QueueEntry.objects.filter(iin=third.iin, status="allocated").count() == 2
    assert positions(queue) == [1, 2, None, 3, 4]
    event = QueueEvent.objects.get(entry=third, event_type="allocated")
    assert event.position_before == 3
    assert event.behind_count == 2
    assert event.details["address"].startswith("Ақтоғай")
    assert AuditRecord.objects.filter(action="queue.entry_allocated").count() == 2
    assert_exact(district)


def test_removal_names_its_legal_basis_and_reinstatement_restores_the_place(
    queue, staff, district
) -> None:
    admin = staff[Role.ADMINISTRATOR]
    second = queue[1]
    queue_entry_remove(
        actor=staff[Role.AB_HEAD],
        entry=second,
        reason="moved_away",
        decision_number="5",
        decision_date=TODAY,
    )
    assert positions(queue) == [1, None, 2, 3, 4]
    event = QueueEvent.objects.get(entry=second, event_type="removed")
    assert event.reason == "moved_away"
    assert "art. 73 p. 1 sp. 2" in event.legal_basis
    assert "reg:4" in event.clauses
    queue_entry_reinstate(actor=admin, entry=second, decision_number="6", decision_date=TODAY)
    assert positions(queue) == [1, 2, 3, 4, 5]
    back = QueueEvent.objects.get(entry=second, event_type="reinstated")
    assert back.position_after == 2
    assert back.behind_count == 3
    assert_exact(district)


def test_removal_of_one_list_only(queue, staff, district) -> None:
    third = queue[2]
    queue_entry_remove(
        actor=staff[Role.ADMINISTRATOR],
        entry=third,
        reason="no_longer_in_need",
        decision_number="7",
        decision_date=TODAY,
        whole_family=False,
    )
    assert QueueEntry.objects.get(pk=third.pk).status == "removed"
    assert QueueEntry.objects.filter(iin=third.iin, status="active").count() == 1
    assert_exact(district)


def test_death_with_a_member_remaining_keeps_the_place_and_date(queue, staff, district) -> None:
    third = queue[2]
    spouse = iin_for(dt.date(1982, 1, 1), serial=77)
    kept = queue_entry_remove(
        actor=staff[Role.ADMINISTRATOR],
        entry=third,
        reason="death",
        decision_number="8",
        decision_date=TODAY,
        successor=SuccessorInput(iin=spouse, last_name="Сапарова", first_name="Әйгерім"),
    )
    assert len(kept) == 2
    fresh = QueueEntry.objects.get(pk=third.pk)
    assert fresh.status == "active"
    assert fresh.iin == spouse
    assert fresh.accepted_at == third.accepted_at
    assert positions(queue) == [1, 2, 3, 4, 5]
    event = QueueEvent.objects.get(entry=third, event_type="holder_replaced")
    assert event.position_before == event.position_after == 3
    assert "art. 73 p. 2" in event.legal_basis
    # The member who keeps the place looks it up with their own IIN and the same number.
    (view, *_rest) = queue_lookup(iin=spouse, request_number=third.request_number)
    assert view.position == 3
    assert_exact(district)


def test_death_without_a_member_is_a_removal(queue, staff) -> None:
    queue_entry_remove(
        actor=staff[Role.ADMINISTRATOR],
        entry=queue[0],
        reason="death",
        decision_number="9",
        decision_date=TODAY,
    )
    assert positions(queue) == [None, 1, 2, 3, 4]


def test_bad_inputs_are_field_errors(queue, staff) -> None:
    admin = staff[Role.ADMINISTRATOR]
    with pytest.raises(KezekError) as reason:
        queue_entry_remove(
            actor=admin, entry=queue[0], reason="bored", decision_number="1", decision_date=TODAY
        )
    assert reason.value.field == "reason"
    with pytest.raises(KezekError) as date:
        queue_entry_remove(
            actor=admin,
            entry=queue[0],
            reason="own_request",
            decision_number="1",
            decision_date=TODAY + dt.timedelta(days=3),
        )
    assert date.value.field == "decision_date"
    with pytest.raises(KezekError) as successor:
        queue_entry_remove(
            actor=admin,
            entry=queue[0],
            reason="own_request",
            decision_number="1",
            decision_date=TODAY,
            successor=SuccessorInput(
                iin=iin_for(dt.date(1990, 1, 1)), last_name="А", first_name="Б"
            ),
        )
    assert successor.value.field == "successor"
    with pytest.raises(KezekError) as address:
        queue_entry_allocate(
            actor=admin, entry=queue[0], decision_number="1", decision_date=TODAY, address=" "
        )
    assert address.value.field == "address"
    with pytest.raises(KezekError) as state:
        queue_entry_reinstate(actor=admin, entry=queue[0], decision_number="1", decision_date=TODAY)
    assert state.value.field == "entry_id"
    assert positions(queue) == [1, 2, 3, 4, 5]


def test_roles_and_districts(queue, staff, offices, other_ab) -> None:
    with pytest.raises(PermissionDeniedError):
        queue_entry_remove(
            actor=staff[Role.AB_EXECUTOR],
            entry=queue[0],
            reason="own_request",
            decision_number="1",
            decision_date=TODAY,
        )
    with pytest.raises(PermissionDeniedError):
        queue_entry_allocate(
            actor=staff[Role.AUDITOR],
            entry=queue[0],
            decision_number="1",
            decision_date=TODAY,
            address="x",
        )
    queue_entry_remove(
        actor=staff[Role.AB_HEAD],
        entry=queue[0],
        reason="own_request",
        decision_number="1",
        decision_date=TODAY,
    )
    with pytest.raises(PermissionDeniedError):  # reinstatement is the administrator's
        queue_entry_reinstate(
            actor=staff[Role.AB_HEAD], entry=queue[0], decision_number="2", decision_date=TODAY
        )
    stranger = StaffFactory(role=Role.ADMINISTRATOR, office=other_ab)
    with pytest.raises(NotFoundError):
        queue_entry_remove(
            actor=stranger,
            entry=queue[1],
            reason="own_request",
            decision_number="1",
            decision_date=TODAY,
        )
    assert positions(queue) == [None, 1, 2, 3, 4]


def test_history_tells_why_the_position_changed(queue, staff, offices) -> None:
    admin = staff[Role.ADMINISTRATOR]
    last = queue[4]
    queue_entry_allocate(
        actor=admin, entry=queue[0], decision_number="1", decision_date=TODAY, address="A"
    )
    queue_entry_allocate(
        actor=admin, entry=queue[1], decision_number="2", decision_date=TODAY, address="B"
    )
    queue_entry_remove(
        actor=admin,
        entry=queue[2],
        reason="false_information",
        decision_number="3",
        decision_date=TODAY,
    )
    (view,) = queue_lookup(iin=last.iin, request_number=last.request_number)
    assert view.position == 2
    movement = view.movement
    assert movement is not None
    assert (movement.allocated_ahead, movement.removed_ahead, movement.joined_ahead) == (2, 1, 0)
    assert (movement.position_then, movement.position_now) == (5, 2)
    with translation.override("en"):
        assert "you moved from 5 to 2" in movement.text
    # The entry behind a newcomer who sorts earlier is told that one family joined ahead.
    clerk, desk = clerk_and_desk(staff, offices)
    early = accept(office=desk, actor=clerk, n=50, accepted_at=T0 - dt.timedelta(days=1))
    queue_entries_register(
        actor=staff[Role.AB_HEAD], application=early, lists=["socially_vulnerable"]
    )
    (view,) = queue_lookup(iin=last.iin, request_number=last.request_number)
    assert view.movement is not None
    assert view.movement.joined_ahead == 1
    assert (view.movement.position_then, view.movement.position_now) == (5, 3)
    assert [h.event for h in view.history] == ["registered"]
