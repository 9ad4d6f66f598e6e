"""Property: after any sequence of registrations, allocations, removals and reinstatements,
positions in every list are exactly 1..n in the list's order (a brute-force model agrees).

Blocks and segments are made tiny (blocks split past 3 entries, ordinals 4 apart, segments of
2 blocks) so that splits, moves between segments and renumbering happen within a few steps.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kezek.accounts.models import Role
from kezek.housing_queue import ranking
from kezek.housing_queue.models import QueueEntry, QueueList
from kezek.housing_queue.services.leaving import queue_entry_allocate, queue_entry_remove
from kezek.housing_queue.services.priority_classes import queue_priority_class_save
from kezek.housing_queue.services.registration import queue_entries_register
from kezek.housing_queue.services.reinstatement import queue_entry_reinstate
from tests.factories import DistrictFactory, OfficeFactory, StaffFactory

from .helpers import T0, accept, assert_exact

pytestmark = pytest.mark.django_db
CODES = list(QueueList.Code.values)
_districts = itertools.count(1)
_people = itertools.count(10_000)
TODAY = dt.date.today()


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        number = next(_districts)
        self.district = DistrictFactory(code=f"p{number}", name_kk="Аудан", name_ru="Район")
        self.office = OfficeFactory(district=self.district)
        self.head = StaffFactory(role=Role.AB_HEAD, office=self.office)
        self.admin = StaffFactory(role=Role.ADMINISTRATOR, office=self.office)
        self.clerk = StaffFactory(role=Role.AB_OFFICE_CLERK, office=self.office)
        queue_priority_class_save(
            actor=self.admin, district=self.district, list_code="socially_vulnerable",
            code="out_of_turn", rank=1, name_kk="Кезектен тыс", name_ru="Вне очереди",
            clause="a later rule version",
        )  # fmt: skip

    def _entries(self, status: str) -> list[QueueEntry]:
        return list(
            QueueEntry.objects.filter(queue_list__district=self.district, status=status)
            .select_related("queue_list__district")
            .order_by("pk")
        )

    @rule(
        day=st.integers(0, 3),
        second=st.sampled_from([0, 0, 0, 1, 59]),
        lists=st.sets(st.sampled_from(CODES), min_size=1, max_size=3),
        out_of_turn=st.booleans(),
    )
    def register(self, day: int, second: int, lists: set[str], out_of_turn: bool) -> None:
        # Same-second acceptances are common here: the request number must break the tie.
        app = accept(
            office=self.office,
            actor=self.clerk,
            n=next(_people),
            accepted_at=T0 + dt.timedelta(days=day, seconds=second, microseconds=second * 1000),
        )
        classes = {"socially_vulnerable": "out_of_turn"} if out_of_turn else None
        queue_entries_register(
            actor=self.head, application=app, lists=sorted(lists), priority_classes=classes
        )

    @rule(data=st.data())
    def allocate(self, data: st.DataObject) -> None:
        active = self._entries("active")
        if active:
            entry = data.draw(st.sampled_from(active))
            queue_entry_allocate(
                actor=self.admin, entry=entry, decision_number="A", decision_date=TODAY, address="x"
            )

    @rule(
        data=st.data(),
        reason=st.sampled_from(["moved_away", "own_request", "death", "no_longer_in_need"]),
        whole_family=st.booleans(),
    )
    def remove(self, data: st.DataObject, reason: str, whole_family: bool) -> None:
        active = self._entries("active")
        if active:
            entry = data.draw(st.sampled_from(active))
            queue_entry_remove(
                actor=self.head,
                entry=entry,
                reason=reason,
                decision_number="R",
                decision_date=TODAY,
                whole_family=whole_family,
            )

    @rule(data=st.data())
    def reinstate(self, data: st.DataObject) -> None:
        removed = self._entries("removed")
        if removed:
            entry = data.draw(st.sampled_from(removed))
            queue_entry_reinstate(
                actor=self.admin, entry=entry, decision_number="V", decision_date=TODAY
            )

    @invariant()
    def positions_are_exactly_one_to_n(self) -> None:
        assert_exact(self.district)


def _run(monkeypatch: pytest.MonkeyPatch, *, examples: int, steps: int) -> None:
    monkeypatch.setattr(ranking, "BLOCK_SPLIT_AT", 3)
    monkeypatch.setattr(ranking, "ORDINAL_GAP", 4)
    monkeypatch.setattr(ranking, "SEGMENT_BLOCKS", 2)  # segments of 2 blocks: many of them
    run_state_machine_as_test(
        QueueMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_positions_stay_exact_under_any_sequence(monkeypatch) -> None:
    _run(monkeypatch, examples=8, steps=15)


@pytest.mark.slow
def test_positions_stay_exact_under_longer_sequences(monkeypatch) -> None:
    _run(monkeypatch, examples=30, steps=30)


def test_sort_key_orders_like_people_read_numbers() -> None:
    from kezek.housing_queue.keys import GENERAL_PRIORITY_RANK, sort_key

    moment = dt.datetime(2024, 3, 1, 10, 0, 0, 400_000, tzinfo=dt.UTC)
    later = moment + dt.timedelta(seconds=1)

    def key(number: str, at: dt.datetime = moment, rank: int = GENERAL_PRIORITY_RANK) -> bytes:
        return sort_key(priority_rank=rank, accepted_at=at, request_number=number)

    assert key("AKT-2024-9") < key("AKT-2024-10") < key("AKT-2024-100")
    assert key("akt-2024-9") < key("AKT-2024-10")
    assert key("AKT-2024-99999", moment) < key("AKT-2024-1", later)
    assert key("X", later, rank=1) < key("A", moment)  # an out-of-turn class sorts first
    assert key("AKT-2024-9") == key("AKT-2024-9", moment.replace(microsecond=0))
    assert key("012") != key("12")
