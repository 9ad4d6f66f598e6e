"""Row locks on PostgreSQL: two people pressing the same button at once change the file once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import DispatchRegistry, ResultDraft
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import result_sign
from tests.factories import StaffFactory

from .helpers import pensioner_payload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment in threads; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # collected for the assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_batch_is_received_by_one_executor_only(staff, offices) -> None:
    data = application_input_from_json(pensioner_payload(serial=51))
    application = application_intake(actor=staff[Role.PSC_INSPECTOR], channel="psc", data=data)
    back_office = staff[Role.PSC_BACK_OFFICE]
    application_collect(actor=back_office, application=application)
    registry = dispatch_registry_send(actor=back_office, applications=[application])
    second = StaffFactory(role=Role.AB_EXECUTOR, office=offices["akt-ab"])
    results = _race(
        lambda: dispatch_registry_receive(actor=staff[Role.AB_EXECUTOR], registry=registry),
        lambda: dispatch_registry_receive(actor=second, registry=registry),
    )
    assert sum(isinstance(r, DispatchRegistry) for r in results) == 1
    assert sum(isinstance(r, KezekError) for r in results) == 1
    assert AuditRecord.objects.filter(action="workflow.receive").count() == 1


def test_a_notice_is_signed_once_and_the_family_enters_the_queue_once(staff) -> None:
    data = application_input_from_json(pensioner_payload(serial=52))
    application = application_intake(
        actor=staff[Role.AB_OFFICE_CLERK], channel="ab_desk", data=data
    )
    application_take(actor=staff[Role.AB_EXECUTOR], application=application)
    result_draft(actor=staff[Role.AB_EXECUTOR], application=application)
    head = staff[Role.AB_HEAD]
    results = _race(
        lambda: result_sign(actor=head, application=application),
        lambda: result_sign(actor=head, application=application),
    )
    assert sum(isinstance(r, ResultDraft) for r in results) == 1
    assert sum(isinstance(r, KezekError) for r in results) == 1
    assert AuditRecord.objects.filter(action="workflow.sign").count() == 1
    assert AuditRecord.objects.filter(action="queue.entry_registered").count() == 1


def test_two_windows_number_requests_without_gaps_or_twins(staff, offices) -> None:
    second = StaffFactory(role=Role.PSC_INSPECTOR, office=offices["akt-psc-2"])

    def accept(actor, serial):
        data = application_input_from_json(pensioner_payload(serial=serial))
        return lambda: application_intake(actor=actor, channel="psc", data=data)

    results = _race(accept(staff[Role.PSC_INSPECTOR], 53), accept(second, 54))
    numbers = sorted(r.request_number for r in results)
    assert len(set(numbers)) == 2
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2]
