"""kezek deadlines --accepted ISO-TIME --channel portal|ab_desk|psc: the dates of reg:9.1 as JSON.

`result_due`: the date the term ends; `handover_due` (PSC only): the date the AB must hand
the result to the PSC. Uses the working calendar with the administrator's extra days.
Bad arguments: exit status 2 and one line naming the option.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from kezek.core.calendar import ALMATY, CalendarError, WorkingCalendar, service_deadlines
from kezek.reference.selectors import working_calendar

CHANNELS = ("portal", "ab_desk", "psc")


class Command(BaseCommand):
    help = "Print the statutory dates (reg:9.1) of an application accepted at --accepted."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        command = self

        def error(message: str) -> NoReturn:
            command._fail(message)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--accepted",
            help="when the complete documents were accepted, ISO 8601 (2024-04-07T15:00:00+05:00); "
            "without an offset, Asia/Almaty time",
        )
        parser.add_argument("--channel", help="portal, ab_desk or psc")

    def handle(self, *args: Any, **options: Any) -> None:
        accepted_text = options.get("accepted")
        channel = options.get("channel")
        if not accepted_text:
            self._fail("--accepted: required (e.g. 2024-04-07T15:00:00+05:00)")
        if not channel:
            self._fail("--channel: required (portal, ab_desk or psc)")
        try:
            accepted = dt.datetime.fromisoformat(accepted_text)
        except ValueError:
            self._fail(f"--accepted: not an ISO 8601 date and time: {accepted_text!r}")
        if accepted.tzinfo is None:
            accepted = accepted.replace(tzinfo=ALMATY)
        if channel not in CHANNELS:
            self._fail(f"--channel: unknown channel {channel!r} (portal, ab_desk or psc)")
        try:
            deadlines = service_deadlines(accepted, channel, _calendar())
        except (CalendarError, OverflowError, ValueError) as exc:
            self._fail(f"--accepted: {exc}")
        self.stdout.write(json.dumps(deadlines.to_json(), ensure_ascii=False))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message.replace("\n", " "))
        sys.exit(2)


def _calendar() -> WorkingCalendar:

    try:
        return working_calendar()
    except DatabaseError:
        # An unmigrated database has no administrator's days yet: the package calendar alone.
        return WorkingCalendar()
