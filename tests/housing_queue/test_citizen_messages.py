"""What the queue tells the citizen: removal (the ground in the e-mail, never in the SMS),
reinstatement with the place, the monthly digest of a changed place (once a month), and the
monthly publication of the lists into the archive (each file once, audited)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.audit.models import AuditRecord
from kezek.housing_queue.publication import archive_name, queue_lists_publish_month
from kezek.housing_queue.services.leaving import queue_entry_allocate, queue_entry_remove
from kezek.housing_queue.services.notifications import queue_digest_send
from kezek.housing_queue.services.registration import queue_entries_register
from kezek.housing_queue.services.reinstatement import queue_entry_reinstate
from kezek.paperwork.models import OutboxMessage

from .helpers import T0, accept, clerk_and_desk

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def queue(staff, offices, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clerk, desk = clerk_and_desk(staff, offices)
    entries = []
    for n in range(4):
        app = accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(hours=n))
        Application.objects.filter(pk=app.pk).update(
            contact_email=f"family{n}@mail.kz",
            contact_phone=f"+7 701 111 22 3{n}",
            notify_by_email=True,
            notify_by_sms=True,
            language="ru" if n == 3 else "kk",
        )
        app.refresh_from_db()
        entries += queue_entries_register(
            actor=staff[Role.AB_HEAD], application=app, lists=["socially_vulnerable"]
        )
    OutboxMessage.objects.all().delete()
    return entries


def _messages(template: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(template=template).order_by("channel", "recipient"))


def test_removal_and_reinstatement_are_told_without_the_ground_in_the_sms(queue, staff) -> None:
    entry = queue[3]  # the Russian-speaking family, fourth
    queue_entry_remove(
        actor=staff[Role.AB_HEAD],
        entry=entry,
        reason="moved_away",
        decision_number="5-р",
        decision_date=TODAY,
    )
    email, sms = _messages("citizen.removed")
    assert (email.channel, email.recipient, sms.channel) == ("email", "family3@mail.kz", "sms")
    number = entry.request_number
    assert number in email.subject
    assert number in sms.body
    assert "Основание: " in email.body
    assert "5-р" in email.body
    assert "73" in email.body
    ground = email.body.split("Основание: ")[1].split(" (")[0]
    assert ground
    assert ground not in sms.body  # no ground in an SMS
    assert "5-р" not in sms.body
    assert email.language == sms.language == "ru"

    queue_entry_reinstate(
        actor=staff[Role.ADMINISTRATOR], entry=entry, decision_number="6", decision_date=TODAY
    )
    email, sms = _messages("citizen.reinstated")
    assert "— 4" in email.body  # back at its place, the fourth
    assert number in sms.body


def test_nobody_is_written_to_after_a_death(queue, staff) -> None:
    queue_entry_remove(
        actor=staff[Role.AB_HEAD],
        entry=queue[0],
        reason="death",
        decision_number="9",
        decision_date=TODAY,
    )
    assert _messages("citizen.removed") == []


def test_the_monthly_digest_tells_families_whose_place_moved_once_a_month(queue, staff) -> None:
    queue_entry_allocate(
        actor=staff[Role.ADMINISTRATOR],
        entry=queue[0],
        decision_number="17-ж",
        decision_date=TODAY,
        address="Ақтоғай, Бөкейхан к-сі 4, 2-пәтер",
    )
    # The family that received it is told of the decision and the address, by both channels.
    email, sms = _messages("citizen.allocated")
    assert "17-ж" in email.body
    assert "Бөкейхан к-сі 4" in email.body
    assert queue[0].request_number in sms.body
    assert "Бөкейхан" not in sms.body  # no address in an SMS
    report = queue_digest_send(since=TODAY - dt.timedelta(days=30))
    # Three families stand behind the one that received housing: each moved up by one.
    assert (report.families, report.told) == (3, 3)
    emails = _messages("citizen.queue_digest")
    by_recipient = {m.recipient: m for m in emails}
    assert by_recipient["family3@mail.kz"].language == "ru"
    russian = by_recipient["family3@mail.kz"].body
    assert "ваше место изменилось с 4 на 3" in russian
    assert "получивших жилище, — 1" in russian
    sms_to_second = next(
        m for m in emails if m.channel == "sms" and queue[1].request_number in m.body
    )
    assert "орныңыз 2-ден 1-ге өзгерді" in sms_to_second.body
    assert len(emails) == 6  # e-mail and SMS to each of the three
    again = queue_digest_send(since=TODAY - dt.timedelta(days=30))
    assert (again.told, again.already_told) == (0, 3)
    assert len(_messages("citizen.queue_digest")) == 6


def test_the_monthly_publication_writes_each_file_once_and_audits_it(queue) -> None:
    first = queue_lists_publish_month(as_of=TODAY)
    assert first == {"written": 4, "kept": 0}  # one list with entries: kk/ru × PDF/XLSX
    queue_list = queue[0].queue_list
    pdf = archive_name(queue_list=queue_list, as_of=TODAY, lang="kk", fmt="pdf")
    with default_storage.open(pdf) as f:
        assert f.read(5) == b"%PDF-"
    assert queue_lists_publish_month(as_of=TODAY) == {"written": 0, "kept": 4}
    (record,) = AuditRecord.objects.filter(action="queue.published")
    assert record.after["as_of"] == TODAY.isoformat()
    assert pdf in record.after["files"]


def test_the_monthly_jobs_by_hand(queue, staff) -> None:
    out = io.StringIO()
    call_command("queue", "archive", "--date", TODAY.isoformat(), stdout=out)
    call_command("queue", "archive", "--date", TODAY.isoformat(), stdout=out)
    call_command("queue", "digest", stdout=out)
    written, kept, digest = out.getvalue().splitlines()
    assert written == f"{TODAY}: 4 files written, 0 kept"
    assert kept == f"{TODAY}: 0 files written, 4 kept"
    assert "4 families, 0 told" in digest  # nobody moved
