"""The citizen is told at every step, by e-mail and SMS in their language, through the outbox
and the real servers (aiosmtpd, the test SMSC); staff see on the file what was sent."""

from __future__ import annotations

import datetime as dt
import email.header
import json

import pytest

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.paperwork.choices import DeliveryStatus
from kezek.paperwork.models import OutboxMessage

from .helpers import MONDAY_10AM, pensioner_payload
from .test_flows import Desk

pytestmark = pytest.mark.django_db

MOBILE = "77011112233"  # the pensioner's "+7 701 111 22 33"
ADDRESS = "gulzhan@example.kz"


@pytest.fixture
def desk(client, staff):
    return Desk(client, staff)


def _subject(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def _body(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8")


def _psc_file_to_the_result_at_the_psc(desk, capture, time_machine, language: str) -> int:
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = {
        **pensioner_payload(serial=3),
        "channel": "psc",
        "language": language,
        "contact_email": ADDRESS,
    }
    with capture(execute=True):
        pk = desk.as_(Role.PSC_INSPECTOR).post("/applications", payload, status=201)["id"]
    with capture(execute=True):
        desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")
        registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
        desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
        desk.post(f"/applications/{pk}/draft")
        desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")
    time_machine.shift(dt.timedelta(hours=2))
    with capture(execute=True):
        desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/register_result")
    with capture(execute=True):
        desk.as_(Role.PSC_INSPECTOR).post(f"/applications/{pk}/receive_result")
    return pk


def test_a_kazakh_psc_applicant_is_told_of_acceptance_result_and_collection(
    desk, staff, inbox, smsc, time_machine, django_capture_on_commit_callbacks
) -> None:
    pk = _psc_file_to_the_result_at_the_psc(
        desk, django_capture_on_commit_callbacks, time_machine, "kk"
    )
    texts = smsc.texts_to(MOBILE)
    assert len(texts) == 3
    accepted, result, at_psc = texts
    assert accepted.startswith("Kezek: AKT-2025-")
    assert "өтінішіңіз қабылданды. Нәтиже 12.03.2025 дейін." in accepted
    assert "нәтиже дайын" in result
    assert "ХҚКО-да дайын" in at_psc
    for text in texts:  # nothing personal beyond the request number
        assert "Серікова" not in text
        assert "reg:" not in text

    to_citizen = [m for m in inbox.messages if m["To"] == ADDRESS]
    subjects = [_subject(m) for m in to_citizen]
    assert any("қабылданды" in s for s in subjects)
    told = next(
        m for m in to_citizen if "Кезектегі нөміріңіз: 1." in _body(m)
    )  # registered, with the queue number, and where to collect it
    assert "Құжатты мына жерден алыңыз:" in _body(told)
    assert any(m.get_filename() for m in inbox.messages for m in m.walk())  # the notice's PDF

    statuses = set(OutboxMessage.objects.filter(application_id=pk).values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT}

    # The file page shows the executor what was sent, and when.
    desk.client.force_login(staff[Role.AB_OFFICE_CLERK])
    page = desk.client.get(f"/office/files/{pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-channel="sms"') == 3
    assert "+77011112233" in html


def test_a_russian_applicant_asked_for_documents_is_told_what_and_how(
    desk, staff, inbox, smsc, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = {
        **pensioner_payload(serial=4),
        "channel": "psc",
        "language": "ru",
        "contact_email": ADDRESS,
    }
    pk = desk.as_(Role.PSC_INSPECTOR).post("/applications", payload, status=201)["id"]
    desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")
    registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
    desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(f"/applications/{pk}/request_documents", {"comment": "Нет второй страницы"})
    (text,) = smsc.texts_to(MOBILE)
    assert text.startswith("Kezek: по заявлению AKT-2025-")
    assert "запрошены документы" in text
    assert "Нет второй страницы" not in text  # the comment is in the e-mail, not the SMS
    (mail,) = [m for m in inbox.messages if m["To"] == ADDRESS]
    assert _subject(mail).endswith("запрошены документы")
    body = _body(mail)
    assert "жилищный отдел просит: Нет второй страницы" in body
    assert "Принесите их в центр обслуживания населения, где вы подали заявление" in body


def test_an_unreachable_smsc_loses_nothing_and_the_file_shows_it(
    desk, staff, inbox, settings, time_machine, django_capture_on_commit_callbacks
) -> None:
    from tests.servers import free_port

    settings.KEZEK_SMS_BACKEND = "smpp"
    settings.KEZEK_SMPP_PORT = free_port()  # nothing listens
    settings.KEZEK_SMPP_TIMEOUT = 1
    time_machine.move_to(MONDAY_10AM, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = desk.as_(Role.PSC_INSPECTOR).post(
            "/applications", {**pensioner_payload(serial=6), "channel": "psc"}, status=201
        )
    assert created["status"] == "accepted"  # the step stands
    sms = OutboxMessage.objects.get(application_id=created["id"], channel="sms")
    assert sms.status == DeliveryStatus.FAILED
    assert sms.next_attempt_at is not None
    desk.client.force_login(staff[Role.AB_OFFICE_CLERK])
    html = desk.client.get(f"/office/files/{created['id']}/", HTTP_ACCEPT_LANGUAGE="ru").content
    assert b'data-status="failed"' in html


def test_the_citizen_is_told_only_by_the_channels_chosen(
    desk, staff, inbox, smsc, time_machine, django_capture_on_commit_callbacks
) -> None:
    """E-mail only: the phone is on the file for the staff, but no SMS goes to it."""
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = {
        **pensioner_payload(serial=7),
        "channel": "psc",
        "contact_email": ADDRESS,
        "notify_by_sms": False,
        "notify_by_email": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        pk = desk.as_(Role.PSC_INSPECTOR).post("/applications", payload, status=201)["id"]
    assert smsc.texts_to(MOBILE) == []
    assert [m["To"] for m in inbox.messages] == [ADDRESS]
    assert set(
        OutboxMessage.objects.filter(application_id=pk).values_list("channel", flat=True)
    ) == {"email"}
    desk.client.force_login(staff[Role.AB_OFFICE_CLERK])
    html = desk.client.get(f"/office/files/{pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "+7 701 111 22 33" in html  # the phone stays for the staff
    assert "<dd>электронная почта</dd>" in html


@pytest.mark.parametrize(
    ("phone", "choice", "loc"),
    [
        ("", {"notify_by_sms": True}, ["applicant", "phone"]),
        ("+7 701 111 22 33", {"notify_by_email": True}, ["contact_email"]),
        ("+7 701 111 22 33", {"notify_by_email": "yes"}, ["notify_by_email"]),
    ],
)
def test_a_channel_without_its_contact_is_refused_naming_the_field(
    desk, staff, time_machine, phone, choice, loc
) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = {**pensioner_payload(serial=8), "channel": "psc", **choice}
    payload["applicant"] = {**payload["applicant"], "phone": phone, "email": ""}
    response = desk.as_(Role.PSC_INSPECTOR).client.post(
        "/api/v1/workflow/applications", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", *loc]
    assert not Application.objects.exists()
    assert not OutboxMessage.objects.exists()
