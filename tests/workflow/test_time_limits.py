"""Time limits (reg:9, Annex 3): `kezek deadlines`, the dates stored on each file, the step limits,
and the workqueues flagging a file that passes a limit (the clock moved with time-machine)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.core.calendar import ALMATY
from kezek.reference.models import CalendarDay
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import Timeline
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import result_sign

from .helpers import ok, pensioner_payload

pytestmark = pytest.mark.django_db


def _deadlines(*args: str) -> tuple[int, str, str]:
    """Run `kezek deadlines` as the console script does (exit status, stdout, stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "kezek.cli", "deadlines", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "kezek.settings.test", "PATH": "/usr/bin:/bin"},
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("accepted", "channel", "expected"),
    [
        # The issue's example: 7 May is a holiday, 8 May a moved day off, 9 May Victory Day.
        (
            "2024-04-07T15:00:00+05:00",
            "portal",
            {
                "accepted": "2024-04-07T15:00:00+05:00",
                "channel": "portal",
                "result_due": "2024-05-10",
            },
        ),
        (
            "2024-04-07T15:00:00+05:00",
            "psc",
            {
                "accepted": "2024-04-07T15:00:00+05:00",
                "channel": "psc",
                "result_due": "2024-05-10",
                "handover_due": "2024-05-06",
            },
        ),
        # A weekend: 30 days later is a Sunday (30 Nov 2024 + 30 = 30 Dec, Monday; the handover
        # is on the Friday before).
        (
            "2024-11-30T10:00:00+05:00",
            "psc",
            {
                "accepted": "2024-11-30T10:00:00+05:00",
                "channel": "psc",
                "result_due": "2024-12-30",
                "handover_due": "2024-12-27",
            },
        ),
        # The year end: 1 and 2 January are holidays, 3 January 2025 a day off moved to
        # Sunday 5 January, which is a working day: the term ends on that Sunday.
        (
            "2024-12-02T11:00:00+05:00",
            "ab_desk",
            {
                "accepted": "2024-12-02T11:00:00+05:00",
                "channel": "ab_desk",
                "result_due": "2025-01-05",
            },
        ),
        # Before 1 March 2024 the Almaty offset was +06:00: late evening stays the same day.
        (
            "2024-02-29T23:30:00+06:00",
            "portal",
            {
                "accepted": "2024-02-29T23:30:00+06:00",
                "channel": "portal",
                "result_due": "2024-04-01",
            },
        ),
        # Nauryz (21–23 March 2025, Friday to Sunday) and the observed days 24–25 March.
        (
            "2025-02-21T10:00:00+05:00",
            "portal",
            {
                "accepted": "2025-02-21T10:00:00+05:00",
                "channel": "portal",
                "result_due": "2025-03-26",
            },
        ),
    ],
)
def test_deadlines_command_prints_json(accepted, channel, expected, capsys) -> None:
    call_command("deadlines", "--accepted", accepted, "--channel", channel)
    assert json.loads(capsys.readouterr().out) == expected


def test_deadlines_command_counts_the_administrators_days_off(capsys) -> None:
    CalendarDay.objects.create(date=dt.date(2025, 1, 5), kind=CalendarDay.Kind.DAY_OFF, note="test")
    call_command("deadlines", "--accepted", "2024-12-02T11:00:00+05:00", "--channel", "portal")
    assert json.loads(capsys.readouterr().out)["result_due"] == "2025-01-06"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--accepted", "2024-04-07T15:00:00+05:00", "--channel", "mail"], "--channel"),
        (["--accepted", "7 April", "--channel", "psc"], "--accepted"),
        (["--channel", "psc"], "--accepted"),
        (["--accepted", "2024-04-07T15:00:00+05:00"], "--channel"),
    ],
)
def test_deadlines_command_bad_arguments_exit_2_with_one_line(args, option) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("deadlines", *args, stderr=err)
    assert info.value.code == 2
    assert len(err.getvalue().strip().splitlines()) == 1
    assert err.getvalue().startswith(option)


@pytest.mark.slow
def test_deadlines_console_script_unknown_option_is_one_line_too() -> None:
    status, out, err = _deadlines("--accepted", "2024-04-07", "--channel", "psc", "--when", "x")
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "--when" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_deadlines_console_script_runs_the_issue_example() -> None:
    status, out, _err = _deadlines("--accepted", "2024-04-07T15:00:00+05:00", "--channel", "portal")
    assert status == 0
    assert json.loads(out)["result_due"] == "2024-05-10"


def _accept(staff, *, channel: str = "psc", serial: int = 1) -> Application:
    actor = staff[Role.PSC_INSPECTOR] if channel == "psc" else staff[Role.AB_OFFICE_CLERK]
    data = application_input_from_json(pensioner_payload(serial=serial))
    return application_intake(actor=actor, channel=channel, data=data)


@pytest.mark.parametrize(
    ("now", "calendar_days", "result_due", "handover_due"),
    [
        ("2024-04-07T15:00:00+05:00", [], dt.date(2024, 5, 10), dt.date(2024, 5, 6)),
        ("2024-11-30T10:00:00+05:00", [], dt.date(2024, 12, 30), dt.date(2024, 12, 27)),
        ("2024-12-02T11:00:00+05:00", [], dt.date(2025, 1, 5), dt.date(2024, 12, 31)),
        # The administrator closes that working Sunday: the term moves to Monday.
        (
            "2024-12-02T11:00:00+05:00",
            [(dt.date(2025, 1, 5), "day_off")],
            dt.date(2025, 1, 6),
            dt.date(2024, 12, 31),
        ),
        # A day the administrator makes a working day (a later year's move the package lacks).
        (
            "2025-11-29T10:00:00+05:00",
            [(dt.date(2025, 12, 28), "working_day")],
            dt.date(2025, 12, 29),
            dt.date(2025, 12, 28),
        ),
    ],
)
def test_each_file_stores_its_statutory_dates(
    staff, time_machine, now, calendar_days, result_due, handover_due
) -> None:
    for day, kind in calendar_days:
        CalendarDay.objects.create(date=day, kind=kind)
    time_machine.move_to(dt.datetime.fromisoformat(now), tick=False)
    application = _accept(staff)
    timeline = Timeline.objects.get(application=application)
    assert (timeline.result_due, timeline.handover_due) == (result_due, handover_due)
    assert application.receipt.result_date == result_due


def test_step_limits_follow_annex_3(staff, time_machine) -> None:
    """Collection at the next of the 3 daily times; dispatch at the next of the 2; the AB's
    acceptance within 1 hour of AB open time; the head's signature by the end of the next
    working day; over a weekend and a holiday."""
    # Friday 3 May 2024, 19:30 at the PSC: next collection time is Saturday 4 May (a working
    # Saturday moved from 8 May) at 10:00.
    time_machine.move_to(dt.datetime(2024, 5, 3, 19, 30, tzinfo=ALMATY), tick=False)
    application = _accept(staff)
    due = Timeline.objects.get(application=application).step_due_at
    assert due == dt.datetime(2024, 5, 4, 10, 0, tzinfo=ALMATY)

    time_machine.move_to(dt.datetime(2024, 5, 4, 17, 30, tzinfo=ALMATY), tick=False)
    application_collect(actor=staff[Role.PSC_BACK_OFFICE], application=application)
    # Dispatch: the next of 12:00 / 17:00 on a working day: Monday 6 May 12:00.
    assert Timeline.objects.get(application=application).step_due_at == dt.datetime(
        2024, 5, 6, 12, 0, tzinfo=ALMATY
    )
    time_machine.move_to(dt.datetime(2024, 5, 6, 17, 40, tzinfo=ALMATY), tick=False)
    registry = dispatch_registry_send(actor=staff[Role.PSC_BACK_OFFICE], applications=[application])
    # 20 minutes left of Monday; 7, 8 and 9 May are off; 40 minutes on Friday 10 May.
    assert Timeline.objects.get(application=application).step_due_at == dt.datetime(
        2024, 5, 10, 9, 40, tzinfo=ALMATY
    )
    time_machine.move_to(dt.datetime(2024, 5, 10, 9, 15, tzinfo=ALMATY), tick=False)
    dispatch_registry_receive(actor=staff[Role.AB_EXECUTOR], registry=registry)
    timeline = Timeline.objects.get(application=application)
    # The check: 25 calendar days from the AB's acceptance, at the AB's closing time.
    assert timeline.step_due_at == dt.datetime(2024, 6, 4, 18, 0, tzinfo=ALMATY)
    time_machine.move_to(dt.datetime(2024, 5, 10, 16, 0, tzinfo=ALMATY), tick=False)
    result_draft(actor=staff[Role.AB_EXECUTOR], application=application)
    # Signature: the end of the next working day (Monday 13 May, 18:00).
    assert Timeline.objects.get(application=application).step_due_at == dt.datetime(
        2024, 5, 13, 18, 0, tzinfo=ALMATY
    )


def test_workqueues_flag_a_file_that_passes_its_limit(client, staff, time_machine) -> None:
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    application = _accept(staff, channel="ab_desk", serial=3)
    application_take(actor=staff[Role.AB_EXECUTOR], application=application)
    result_draft(actor=staff[Role.AB_EXECUTOR], application=application)
    head = staff[Role.AB_HEAD]
    client.force_login(head)
    queue = ok(client.get("/api/v1/workflow/workqueue"))
    assert [f["deadlines"]["overdue"] for f in queue] == [False]
    assert ok(client.get("/api/v1/workflow/overdue")) == []
    page = client.get("/office/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert application.request_number in page
    assert "is-overdue" not in page

    # The head does not sign by the end of Tuesday 11 February: overdue on Wednesday morning.
    time_machine.move_to(dt.datetime(2025, 2, 12, 9, 0, tzinfo=ALMATY), tick=False)
    queue = ok(client.get("/api/v1/workflow/workqueue"))
    assert queue[0]["deadlines"]["step_overdue"] is True
    assert queue[0]["deadlines"]["time_left_seconds"] < 0
    assert [f["request_number"] for f in ok(client.get("/api/v1/workflow/overdue"))] == [
        application.request_number
    ]
    assert [f["id"] for f in ok(client.get("/api/v1/workflow/applications?overdue=1"))] == [
        application.pk
    ]
    page = client.get("/office/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is-overdue" in page
    assert "overdue" in client.get("/office/overdue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # Signed: the step is done; the next step's limit is in the future again.
    result_sign(actor=head, application=application)
    assert ok(client.get("/api/v1/workflow/overdue")) == []

    # The whole term passes without the result being handed out: overdue again (reg:9.1).
    time_machine.move_to(dt.datetime(2025, 3, 13, 9, 0, tzinfo=ALMATY), tick=False)
    client.force_login(head)  # the session of a month ago has expired
    overdue = ok(client.get("/api/v1/workflow/overdue"))
    assert overdue[0]["deadlines"]["term_overdue"] is True


def test_psc_handover_date_is_flagged(client, staff, time_machine) -> None:
    time_machine.move_to(dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY), tick=False)
    application = _accept(staff, channel="psc", serial=4)
    time_machine.move_to(dt.datetime(2025, 3, 12, 9, 0, tzinfo=ALMATY), tick=False)
    client.force_login(staff[Role.AUDITOR])  # after the time move: sessions expire
    row = ok(client.get(f"/api/v1/workflow/applications/{application.pk}"))
    assert row["deadlines"]["handover_due"] == "2025-03-11"
    assert row["deadlines"]["handover_overdue"] is True
    assert row["deadlines"]["term_overdue"] is False
