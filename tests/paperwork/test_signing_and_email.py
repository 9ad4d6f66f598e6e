"""Results sent electronically are signed by the head (reg:18) and e-mailed with the PDF through
a real SMTP server on 127.0.0.1; a failed send stays visible and is retried, never lost."""

from __future__ import annotations

import datetime as dt
import email
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError
from kezek.paperwork.choices import DeliveryStatus
from kezek.paperwork.models import OutboxMessage
from kezek.paperwork.services.issue import paperwork_issue
from kezek.paperwork.services.outbox import outbox_deliver_due, outbox_message_send
from kezek.paperwork.services.verify import paperwork_verify
from kezek.signatures import get_backend
from kezek.workflow.document_contexts import notice_context
from tests.servers import Inbox, free_port

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def attachments(message: Message) -> dict[str, bytes]:
    found = {}
    for part in message.walk():
        name = part.get_filename()
        if name:
            found[name] = part.get_payload(decode=True)
    return found


def subject_of(message: Message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def test_refusal_is_signed_and_emailed_in_the_applicants_language(
    refused_application, staff, inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = paperwork_issue(
            actor=staff["ab_office_clerk"],
            kind="motivated_refusal",
            application=refused_application,
        )
    # Signed by the head (the application gives an e-mail: the result goes out electronically).
    assert document.signed_by == staff["ab_head"]
    who = get_backend().verify(data=bytes(document.pdf), signature=bytes(document.signature))
    assert who.common_name == staff["ab_head"].display_name
    assert document.signer_name == who.common_name

    (message,) = inbox.messages
    assert message["To"] == "petrenko@example.kz"
    assert subject_of(message).startswith("Мотивированный отказ № " + document.number)
    files = attachments(message)
    assert files[f"{document.number}.pdf"] == bytes(document.pdf)
    assert files[f"{document.number}.pdf.p7s"] == bytes(document.signature)
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode("utf-8")
    assert "Уважаемый(ая) Петренко Сергей Иванович" in text
    assert f"/verify/{document.code}/" in text

    delivery = OutboxMessage.objects.get(document=document)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.message_id
    actions = set(
        AuditRecord.objects.filter(object_id=str(document.pk)).values_list("action", flat=True)
    )
    assert {"document.issued", "document.email_queued", "document.emailed"} <= actions


def test_kazakh_subject_for_a_kazakh_application(
    portal_application, staff, inbox, django_capture_on_commit_callbacks
) -> None:
    context = notice_context(
        application=portal_application, positions=[("socially_vulnerable", 42)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = paperwork_issue(
            actor=staff["ab_head"],
            kind="registration_notice",
            application=portal_application,
            subject=context,
        )
    (message,) = inbox.messages
    assert (
        subject_of(message) == f"Есепке қою туралы хабарлама № {document.number} — тұрғын үй кезегі"
    )
    assert document.language == "kk"
    assert paperwork_verify(code=document.code).signature_valid is True


def test_failed_send_is_kept_shown_and_retried(
    refused_application, staff, smtp_port, client, django_capture_on_commit_callbacks
) -> None:
    # Nothing listens on the port: the first attempt fails.
    with django_capture_on_commit_callbacks(execute=True):
        document = paperwork_issue(
            actor=staff["ab_office_clerk"],
            kind="motivated_refusal",
            application=refused_application,
        )
    delivery = OutboxMessage.objects.get(document=document)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()
    assert delivery.next_attempt_at > timezone.now()
    assert AuditRecord.objects.filter(
        action="document.email_failed", object_id=str(document.pk)
    ).exists()

    # Staff of the AB see it; PSC staff do not (not found).
    client.force_login(staff["ab_office_clerk"])
    page = client.get("/documents/outbox/", **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status="failed"' in html
    assert "petrenko@example.kz" in html
    assert delivery.last_error[:30] in html
    client.force_login(staff["psc_inspector"])
    assert client.get("/documents/outbox/", **EN).status_code == 404

    # Not due yet: the retry run leaves it alone.
    assert outbox_deliver_due()["due"] == 0

    # The server comes up; the retry run (as cron would) sends it.
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        later = timezone.now() + dt.timedelta(hours=1)
        counts = outbox_deliver_due(now=later)
    finally:
        controller.stop()
    assert counts == {"due": 1, "sent": 1, "failed": 0, "refused": 0}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert len(handler.messages) == 1


def test_retry_backs_off_and_never_gives_up(refused_application, staff, smtp_port) -> None:
    document = paperwork_issue(
        actor=staff["ab_office_clerk"],
        kind="motivated_refusal",
        application=refused_application,
    )
    delivery = OutboxMessage.objects.get(document=document)  # on_commit not run: still pending
    assert delivery.status == DeliveryStatus.PENDING
    now = timezone.now()
    delays = []
    for _ in range(12):
        result = outbox_message_send(message_id=delivery.pk, now=now)
        assert result is not None
        assert result.status == DeliveryStatus.FAILED
        delays.append((result.next_attempt_at - now).total_seconds())
        now = result.next_attempt_at
    assert delays[:3] == [60, 120, 240]
    assert delays[-1] == 6 * 3600  # capped, still scheduled
    delivery.refresh_from_db()
    assert delivery.attempts == 12


def test_staff_can_ask_for_an_immediate_retry(
    refused_application, staff, smtp_port, client, django_capture_on_commit_callbacks
) -> None:
    document = paperwork_issue(
        actor=staff["ab_office_clerk"], kind="motivated_refusal", application=refused_application
    )
    delivery = OutboxMessage.objects.get(document=document)
    outbox_message_send(message_id=delivery.pk)  # fails: no server
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        client.force_login(staff["auditor"])
        with django_capture_on_commit_callbacks(execute=True):
            forbidden = client.post(f"/documents/outbox/{delivery.pk}/retry/", **EN)
        assert forbidden.status_code == 422  # the auditor reads, changes nothing
        client.force_login(staff["ab_office_clerk"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/documents/outbox/{delivery.pk}/retry/", **EN)
    finally:
        controller.stop()
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(handler.messages) == 1


def test_deliver_command_sends_what_is_due(refused_application, staff, inbox, capsys) -> None:
    paperwork_issue(
        actor=staff["ab_office_clerk"], kind="motivated_refusal", application=refused_application
    )
    call_command("paperwork", "deliver")
    assert "due 1, sent 1, failed 0" in capsys.readouterr().out
    assert len(inbox.messages) == 1


def test_no_head_no_signature_no_document(refused_application, staff) -> None:
    staff["ab_head"].is_active = False
    staff["ab_head"].save()
    with pytest.raises(KezekError) as caught:
        paperwork_issue(
            actor=staff["ab_office_clerk"],
            kind="motivated_refusal",
            application=refused_application,
        )
    assert caught.value.field == "signer"


def test_signing_service_down_is_a_clear_error(refused_application, staff, settings) -> None:
    settings.KEZEK_SIGNING_BACKEND = "ncanode"
    settings.KEZEK_NCANODE_URL = f"http://127.0.0.1:{free_port()}"
    settings.KEZEK_NCANODE_KEYS = {
        f"official:{staff['ab_head'].username}": {"key": "AA==", "password": "x"}
    }
    with pytest.raises(KezekError) as caught:
        paperwork_issue(
            actor=staff["ab_office_clerk"],
            kind="motivated_refusal",
            application=refused_application,
        )
    assert caught.value.field == "signature"
    assert not OutboxMessage.objects.exists()


def test_tampered_signature_shows_on_the_page(portal_application, staff, client) -> None:
    document = paperwork_issue(
        actor=staff["ab_head"],
        kind="registration_notice",
        application=portal_application,
        subject=notice_context(
            application=portal_application, positions=[("socially_vulnerable", 3)]
        ),
        email=False,
    )
    assert (
        'data-signature="valid"' in client.get(f"/verify/{document.code}/", **EN).content.decode()
    )
    signature = bytearray(bytes(document.signature))
    signature[-4] ^= 0x10
    type(document).objects.filter(pk=document.pk).update(signature=bytes(signature))
    assert (
        'data-signature="invalid"' in client.get(f"/verify/{document.code}/", **EN).content.decode()
    )
    assert paperwork_verify(code=document.code).genuine is False
