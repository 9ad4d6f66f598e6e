"""`kezek remind`: the person responsible for a step is reminded before its limit, the head too
when it has passed (reg:22); each reminder goes out once, after commit, in their language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from kezek.accounts.models import Role
from kezek.core.calendar import ALMATY
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import Reminder
from kezek.workflow.reminders import reminders_send
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import result_sign

from .helpers import pensioner_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_emails(staff):
    for role, user in staff.items():
        user.email = f"{role}@akt.example.kz"
        user.preferred_language = "ru" if role == Role.AB_HEAD else "kk"
        user.save()
    return staff


def _awaiting_signature(staff):
    data = application_input_from_json(pensioner_payload(serial=31))
    application = application_intake(
        actor=staff[Role.AB_OFFICE_CLERK], channel="ab_desk", data=data
    )
    application_take(actor=staff[Role.AB_EXECUTOR], application=application)
    result_draft(actor=staff[Role.AB_EXECUTOR], application=application)
    return application


def test_reminders_before_and_after_the_limit_each_once(
    with_emails, time_machine, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    staff = with_emails
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    application = _awaiting_signature(staff)  # signature due Tuesday 11 Feb 18:00

    # Monday 10:00: more than 24 hours before the limit: nothing yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send().sent == 0
    assert mailoutbox == []

    # Tuesday 09:00: within 24 hours: the head (the one who signs) is reminded, once.
    time_machine.move_to(dt.datetime(2025, 2, 11, 9, 0, tzinfo=ALMATY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = reminders_send()
    assert (report.nearing, report.overdue) == (1, 0)
    assert [m.to for m in mailoutbox] == [["ab_head@akt.example.kz"]]
    assert application.request_number in mailoutbox[0].subject
    assert "11.02.2025 18:00" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send().sent == 0
    assert len(mailoutbox) == 1

    # Wednesday: overdue: the head again (overdue this time, reg:22), then never again.
    time_machine.move_to(dt.datetime(2025, 2, 12, 9, 0, tzinfo=ALMATY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = reminders_send()
    assert (report.nearing, report.overdue) == (0, 1)
    assert mailoutbox[-1].to == ["ab_head@akt.example.kz"]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send().sent == 0
    assert list(Reminder.objects.values_list("kind", flat=True).order_by("id")) == [
        "nearing",
        "overdue",
    ]

    # Signed late: the next step (registration) belongs to the executor and the clerk.
    result_sign(actor=staff[Role.AB_HEAD], application=application)
    time_machine.move_to(dt.datetime(2025, 2, 14, 9, 0, tzinfo=ALMATY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = reminders_send()
    recipients = sorted(m.to[0] for m in mailoutbox[2:])
    assert recipients == [
        "ab_executor@akt.example.kz",
        "ab_head@akt.example.kz",
        "ab_office_clerk@akt.example.kz",
    ]
    assert report.overdue == 3


def test_nothing_is_sent_when_the_transaction_fails(with_emails, time_machine, mailoutbox) -> None:
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    _awaiting_signature(with_emails)
    time_machine.move_to(dt.datetime(2025, 2, 12, 9, 0, tzinfo=ALMATY), tick=False)
    # Inside the test's transaction no commit happens: the e-mail waits for it.
    reminders_send()
    assert mailoutbox == []
    assert Reminder.objects.count() == 1


def test_remind_command_prints_a_summary(with_emails, time_machine) -> None:
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    _awaiting_signature(with_emails)
    with_emails[Role.AB_HEAD].email = ""
    with_emails[Role.AB_HEAD].save()
    time_machine.move_to(dt.datetime(2025, 2, 12, 9, 0, tzinfo=ALMATY), tick=False)
    out = io.StringIO()
    call_command("remind", stdout=out)
    assert "reminders sent: 0" in out.getvalue()
    assert with_emails[Role.AB_HEAD].username in out.getvalue()


def test_overdue_files_are_listed_to_staff_once_a_day_while_overdue(
    with_emails, time_machine, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """The daily digest: one e-mail a person with every file past its limit, in their language;
    the head's list repeats the next day while the file stays overdue (unlike the reminder)."""
    from kezek.paperwork.models import OutboxMessage
    from kezek.workflow.reminders import overdue_digest_send

    staff = with_emails
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    application = _awaiting_signature(staff)  # signature due Tuesday 11 Feb 18:00
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_digest_send().told == 0  # nothing overdue yet
    time_machine.move_to(dt.datetime(2025, 2, 12, 8, 30, tzinfo=ALMATY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        report = overdue_digest_send()
        again = overdue_digest_send()
    assert (report.files, report.told) == (1, 1)
    assert (again.told, again.already_told) == (0, 1)
    (mail,) = mailoutbox
    assert mail.to == ["ab_head@akt.example.kz"]
    assert mail.subject == "Просроченные дела: 1"  # the head reads Russian
    assert application.request_number in mail.body
    assert f"/office/files/{application.pk}/" in mail.body
    assert "reg:" not in mail.body
    assert "22-тармағы" not in mail.body  # Russian words for the head
    assert "пункт 22 Регламента" in mail.body
    time_machine.move_to(dt.datetime(2025, 2, 13, 8, 30, tzinfo=ALMATY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_digest_send().told == 1
    assert OutboxMessage.objects.filter(template="staff.overdue_digest").count() == 2
