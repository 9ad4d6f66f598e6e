"""SMS, the outbox's second channel: through the SMPP client (smpplib) to the test SMSC on
127.0.0.1, within the segment budget, refused numbers marked for good, failures retried."""

from __future__ import annotations

import pytest
from django.utils import translation

from kezek.audit.models import AuditRecord
from kezek.housing_queue.services.notifications import QUEUE_SMS_TEXTS
from kezek.paperwork.choices import DeliveryStatus, MessageChannel
from kezek.paperwork.models import OutboxMessage
from kezek.paperwork.services.notify import cabinet_link
from kezek.paperwork.services.outbox import (
    Outgoing,
    outbox_deliver_due,
    outbox_message_send,
    outbox_messages_queue,
)
from kezek.paperwork.sms import SEGMENT_BUDGET, phone_normalise, segments
from kezek.workflow.services import notifications
from tests.servers import free_port

pytestmark = pytest.mark.django_db

PHONE = "+77011112233"


def _sms(district, text: str = "Kezek: AKT-2026-00023 өтінішіңіз қабылданды.") -> OutboxMessage:
    (message,) = outbox_messages_queue(
        messages=[
            Outgoing(
                channel=MessageChannel.SMS,
                recipient="8 (701) 111-22-33",
                language="kk",
                template="citizen.accepted",
                subject="",
                body=text,
            )
        ],
        district_id=district.pk,
    )
    return message


def test_segments_are_counted_as_the_operator_bills_them() -> None:
    assert segments("a" * 160) == 1  # GSM 7-bit
    assert segments("a" * 161) == 2
    assert segments("ә" * 70) == 1  # Kazakh letters need UCS-2: 70 a segment ...
    assert segments("ә" * 71) == 2  # ... 67 each when there are several
    assert segments("ә" * 134) == 2
    assert segments("ә" * 135) == 3


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("+7 701 111 22 33", PHONE),
        ("8 (701) 111-22-33", PHONE),
        ("7011112233", PHONE),
        ("87011112233", PHONE),
        ("+7 727 111 22 33", None),  # a landline in Almaty: no SMS
        ("12345", None),
        ("", None),
        ("phone", None),
    ],
)
def test_phone_numbers_as_people_write_them(written: str, normal: str | None) -> None:
    assert phone_normalise(written) == normal


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_citizen_sms_fits_its_budget_and_names_nothing_personal(
    settings, language: str
) -> None:
    """Every SMS the workflow and the queue send, with a long district code and number and a production-length
    address: at most 2 segments."""
    settings.KEZEK_PUBLIC_URL = "https://kezek.aktogay.abai.gov.kz"
    values = {
        "number": "AKTG-2026-00123",
        "date": "31.12.2026",
        "before": 12345,  # places in a large city's list
        "after": 12339,
        "link": cabinet_link(),
    }
    texts = {**notifications.SMS_TEXTS, **QUEUE_SMS_TEXTS}
    with translation.override(language):
        for name, msgid in texts.items():
            text = translation.gettext(msgid) % values
            assert text != msgid % values, f"{name}: not translated to {language}"
            assert segments(text) <= SEGMENT_BUDGET, (name, len(text), text)
            assert values["number"] in text


def test_sms_goes_to_the_smsc_in_ucs2_from_the_sender_id(smsc, settings, district) -> None:
    settings.KEZEK_SMS_SENDER = "KezekAKT"
    message = _sms(district)
    assert message.recipient == PHONE  # normalised when queued
    sent = outbox_message_send(message_id=message.pk)
    assert sent.status == DeliveryStatus.SENT
    assert sent.message_id == "m1"  # the SMSC's id: the receipt of its acceptance
    assert smsc.binds == [("kezek-test", "secret")]
    (received,) = smsc.received
    assert received.source == "KezekAKT"
    assert received.destination == "77011112233"
    assert received.data_coding == 0x08  # UCS-2
    assert smsc.texts_to("77011112233") == ["Kezek: AKT-2026-00023 өтінішіңіз қабылданды."]
    assert AuditRecord.objects.filter(action="message.sent").count() == 1


def test_a_two_segment_sms_arrives_whole(smsc, district) -> None:
    text = "Kezek: " + "ә" * 100
    outbox_message_send(message_id=_sms(district, text).pk)
    assert len(smsc.received) == 2
    assert smsc.texts_to("77011112233") == [text]


def test_a_number_the_smsc_refuses_is_marked_and_not_retried(smsc, district) -> None:
    smsc.mode = "refuse"
    message = outbox_message_send(message_id=_sms(district).pk)
    assert message.status == DeliveryStatus.REFUSED
    assert "refused" in message.last_error
    assert message.next_attempt_at is None
    assert outbox_deliver_due()["due"] == 0
    assert AuditRecord.objects.filter(action="message.refused").count() == 1


def test_a_number_that_is_no_mobile_is_refused_when_queued(district) -> None:
    (message,) = outbox_messages_queue(
        messages=[Outgoing("sms", "+7 727 111 22 33", "ru", "citizen.accepted", "", "Kezek")],
        district_id=district.pk,
    )
    assert message.status == DeliveryStatus.REFUSED
    assert message.last_error == "not a Kazakh mobile number"


@pytest.mark.parametrize("mode", ["fail", "hang", "down"])
def test_an_smsc_that_fails_hangs_or_is_down_leaves_the_sms_for_a_retry(
    smsc, settings, district, mode: str
) -> None:
    if mode == "down":
        settings.KEZEK_SMPP_PORT = free_port()
    else:
        smsc.mode = mode
    message = outbox_message_send(message_id=_sms(district).pk)
    assert message.status == DeliveryStatus.FAILED
    assert message.last_error
    assert message.next_attempt_at is not None
    smsc.mode = "accept"
    settings.KEZEK_SMPP_PORT = smsc.port
    assert outbox_deliver_due(now=message.next_attempt_at)["sent"] == 1
    assert len(smsc.received) == 1
