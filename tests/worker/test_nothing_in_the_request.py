"""Intake, dispatch, signing and registration answer without rendering a PDF or talking to
NCANode, the SMTP server or the SMSC: those hang here, and nobody even connects to them. The
work waits in the database for a worker; run, it sends and makes everything."""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from kezek.accounts.models import Role
from kezek.paperwork.choices import DeliveryStatus, OrderStatus
from kezek.paperwork.models import DocumentOrder, IssuedDocument, OutboxMessage
from kezek.paperwork.services.orders import document_orders_due
from kezek.paperwork.services.outbox import outbox_deliver_due
from tests.servers import HangingServer, Inbox, free_port
from tests.workflow.helpers import MONDAY_10AM, pensioner_payload
from tests.workflow.test_flows import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanging(settings):
    """SMTP, the SMSC and NCANode all accept connections and never answer."""
    servers = {name: HangingServer(free_port()) for name in ("smtp", "smsc", "ncanode")}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", servers["smtp"].sock.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    settings.KEZEK_SMS_BACKEND = "smpp"
    settings.KEZEK_SMPP_PORT = servers["smsc"].sock.getsockname()[1]
    settings.KEZEK_SMPP_TIMEOUT = 1
    settings.KEZEK_SIGNING_BACKEND = "ncanode"
    settings.KEZEK_NCANODE_URL = f"http://127.0.0.1:{servers['ncanode'].sock.getsockname()[1]}"
    yield servers
    for server in servers.values():
        server.close()


def test_the_steps_answer_while_every_server_hangs(
    client, staff, hanging, time_machine, django_capture_on_commit_callbacks, settings
) -> None:
    desk = Desk(client, staff)
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = {**pensioner_payload(serial=8), "channel": "psc", "contact_email": "a@example.kz"}
    with django_capture_on_commit_callbacks(execute=True):
        pk = desk.as_(Role.PSC_INSPECTOR).post("/applications", payload, status=201)["id"]
        desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")
        registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
        desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
        desk.post(f"/applications/{pk}/draft")
        desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")
        time_machine.shift(dt.timedelta(hours=2))
        registered = desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/register_result")
    assert registered["status"] == "result_registered"

    # Nobody connected to any server, and no PDF was made: all of it waits for a worker.
    assert {name: len(server.accepted) for name, server in hanging.items()} == {
        "smtp": 0,
        "smsc": 0,
        "ncanode": 0,
    }
    assert not IssuedDocument.objects.exists()
    kinds = set(DocumentOrder.objects.values_list("kind", flat=True))
    assert kinds == {"receipt", "dispatch_registry", "batch_receipt", "registration_notice"}
    assert set(DocumentOrder.objects.values_list("status", flat=True)) == {OrderStatus.PENDING}
    messages = OutboxMessage.objects.filter(application_id=pk)
    assert set(messages.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    waiting = DBTaskResult.objects.filter(status="READY").count()
    assert waiting == DocumentOrder.objects.count() + OutboxMessage.objects.count()

    # The file says the documents are being prepared, not that they are missing.
    desk.client.force_login(staff[Role.AB_EXECUTOR])
    html = desk.client.get(f"/office/files/{pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'data-order-status="pending"' in html
    assert "Готовится" in html

    # A worker's turn, with the servers back (the local signer, the real SMTP server).
    settings.KEZEK_SIGNING_BACKEND = "local"
    settings.KEZEK_SMS_BACKEND = "console"
    settings.EMAIL_PORT = inbox_port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox_port)
    controller.start()
    try:
        later = MONDAY_10AM + dt.timedelta(days=1)
        time_machine.move_to(later, tick=False)
        with django_capture_on_commit_callbacks(execute=False):
            assert document_orders_due()["done"] == 4
        assert outbox_deliver_due()["failed"] == 0
    finally:
        controller.stop()
    assert IssuedDocument.objects.count() == 4
    notice = IssuedDocument.objects.get(kind="registration_notice")
    assert notice.signature  # signed by the head's EDS in the worker (reg:18)
    assert notice.number == DocumentOrder.objects.get(kind="registration_notice").number
    assert set(messages.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert any(m.get_filename() == f"{notice.number}.pdf" for x in inbox.messages for m in x.walk())
