"""kezek remind: e-mail the people whose steps are due soon or overdue (run it from cron).

Each reminder is recorded and never sent twice for the same step. `--within-hours` sets how
early a reminder goes out before a limit (default 24).
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kezek.workflow.reminders import reminders_send


class Command(BaseCommand):
    help = "Send reminders about steps nearing or past their time limit (Annex 3, reg:22)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within-hours", type=float, default=24.0)

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["within_hours"]
        if hours < 0:
            self.stderr.write("--within-hours: must not be negative")
            sys.exit(2)
        report = reminders_send(horizon=dt.timedelta(hours=hours))
        line = (
            f"reminders sent: {report.sent} (nearing: {report.nearing}, overdue: {report.overdue}) "
            f"for {len(report.files)} files"
        )
        if report.without_email:
            line += f"; no e-mail address: {', '.join(sorted(report.without_email))}"
        self.stdout.write(line)
