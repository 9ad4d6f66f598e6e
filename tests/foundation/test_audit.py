"""The audit log is append-only: the ORM refuses, and the database refuses on its own."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from kezek.audit.models import AuditRecord
from kezek.audit.services import audit_record_write
from kezek.common.request_context import reset_request_id, set_request_id

pytestmark = pytest.mark.django_db


def _record(district) -> AuditRecord:
    return audit_record_write(actor=None, action="reference.changed", obj=district, after={"x": 1})


def test_record_names_actor_action_object_and_request(district) -> None:
    token = set_request_id("req-12345678")
    try:
        record = _record(district)
    finally:
        reset_request_id(token)
    assert record.actor_label == "system"
    assert record.object_type == "offices.District"
    assert record.object_id == str(district.pk)
    assert record.request_id == "req-12345678"


def test_orm_refuses_update_and_delete(district) -> None:
    record = _record(district)
    record.action = "changed"
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        AuditRecord.objects.filter(pk=record.pk).update(action="changed")
    with pytest.raises(TypeError):
        AuditRecord.objects.filter(pk=record.pk).delete()


def test_database_refuses_update_even_in_raw_sql(district) -> None:
    record = _record(district)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'forged' WHERE id = %s", [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).action == "reference.changed"


@pytest.mark.postgres
def test_postgres_refuses_delete_in_raw_sql(district) -> None:
    record = _record(district)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [record.pk])
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_an_action_outside_the_enumeration_is_refused(district) -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record_write(actor=None, action="workflow.teleport", obj=district)
    assert not AuditRecord.objects.exists()


def test_every_transition_of_the_table_is_an_audit_action_with_a_label() -> None:
    from django.utils import translation

    from kezek.audit.actions import AuditAction, audit_action_label
    from kezek.workflow.transitions import ACCEPT, TRANSITIONS

    recorded = {f"workflow.{t.action}" for t in TRANSITIONS if t.action != ACCEPT}
    assert recorded <= set(AuditAction.values)
    with translation.override("ru"):
        assert audit_action_label("workflow.take") == "Взять на проверку"
    assert audit_action_label("an.old_code") == "an.old_code"
