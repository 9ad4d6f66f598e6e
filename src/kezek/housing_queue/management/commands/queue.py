"""kezek queue publish|import|verify: the housing queue from the console.

    kezek queue publish --district akt --list socially_vulnerable --date 2026-11-27 \\
        --format xlsx --lang kk --out FILE
    kezek queue import FILE --district akt [--dry-run]
    kezek queue verify --district akt
    kezek queue archive [--date 2026-11-30]      the monthly publication (the worker's job)
    kezek queue digest [--since 2026-11-01]      the monthly digest of changed places
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kezek.common.errors import KezekError
from kezek.housing_queue.models import QueueList
from kezek.housing_queue.publication import (
    FORMATS,
    LANGUAGES,
    previous_month,
    publish,
    queue_lists_publish_month,
)
from kezek.housing_queue.selectors import queue_blocks_verify, queue_list_public
from kezek.housing_queue.services.imports import queue_import
from kezek.housing_queue.services.notifications import queue_digest_send
from kezek.offices.models import District


class Command(BaseCommand):
    help = (
        "The housing queue: publish a list, import a district's spreadsheet, verify the counters."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        pub = sub.add_parser("publish", help="write the published (masked) list to a file")
        pub.add_argument("--district", required=True)
        pub.add_argument("--list", required=True, choices=QueueList.Code.values, dest="list_code")
        pub.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (today)"
        )
        pub.add_argument("--format", choices=sorted(FORMATS), default="xlsx", dest="fmt")
        pub.add_argument("--lang", choices=LANGUAGES, default="kk")
        pub.add_argument("--out", required=True, type=Path)
        imp = sub.add_parser("import", help="take over a queue from XLSX or CSV (all or nothing)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--district", required=True)
        imp.add_argument(
            "--dry-run", action="store_true", help="report every bad row, change nothing"
        )
        ver = sub.add_parser("verify", help="check the position counters of a district's lists")
        ver.add_argument("--district", required=True)
        arc = sub.add_parser(
            "archive", help="publish every list into the monthly archive (each file once)"
        )
        arc.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (last month's end)"
        )
        dig = sub.add_parser(
            "digest", help="tell families whose place moved (once a month, never twice)"
        )
        dig.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            default=None,
            help="YYYY-MM-DD (last month's 1st)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except KezekError as exc:
            raise CommandError(str(exc)) from exc

    def _district(self, code: str) -> District:
        district = District.objects.filter(code=code).first()
        if district is None:
            raise CommandError(f"district: no district with code {code!r}")
        return district

    def _publish(self, options: dict[str, Any]) -> None:
        queue_list = queue_list_public(
            district_code=options["district"], list_code=options["list_code"]
        )
        day = options["date"] or timezone.localdate()
        content = publish(
            queue_list=queue_list, as_of=day, fmt=options["fmt"], lang=options["lang"]
        )
        options["out"].write_bytes(content)
        self.stdout.write(f"{options['out']}: {len(content)} bytes")

    def _archive(self, options: dict[str, Any]) -> None:
        as_of = options["date"] or previous_month(timezone.localdate())[1]
        report = queue_lists_publish_month(as_of=as_of)
        self.stdout.write(f"{as_of}: {report['written']} files written, {report['kept']} kept")

    def _digest(self, options: dict[str, Any]) -> None:
        since = options["since"] or previous_month(timezone.localdate())[0]
        report = queue_digest_send(since=since)
        self.stdout.write(
            f"since {since}: {report.families} families, {report.told} told, "
            f"{report.already_told} told earlier this month"
        )

    def _import(self, options: dict[str, Any]) -> None:
        district = self._district(options["district"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"file: cannot read {path}: {exc.strerror}") from exc
        report = queue_import(
            actor=None, district=district, data=data, filename=path.name, dry_run=options["dry_run"]
        )
        for problem in report.problems:
            self.stdout.write(
                f"line {problem.line}, column {problem.column or '-'}: {problem.reason}"
            )
        verdict = (
            "applied"
            if report.applied
            else "dry run, nothing changed"
            if report.dry_run
            else "refused, nothing changed"
        )
        created = ", ".join(f"{code}: {n}" for code, n in report.created.items()) or "-"
        self.stdout.write(
            f"rows: {report.rows}, problems: {len(report.problems)}, created: {created} ({verdict})"
        )
        if report.problems:
            sys.exit(1)

    def _verify(self, options: dict[str, Any]) -> None:
        district = self._district(options["district"])
        problems = []
        for queue_list in QueueList.objects.filter(district=district):
            problems += queue_blocks_verify(queue_list=queue_list)
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write("ok" if not problems else f"{len(problems)} problems")
        if problems:
            sys.exit(1)
