"""kezek decide CASE.json: print the decision as JSON; exit 2 with one line on bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection

from kezek.decisions.services import decision_preview
from kezek.reference.models import SubsistenceMinimum
from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum


class Command(BaseCommand):
    help = "Decide one application case (decision-case.md) and print the decision JSON. Writes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="path to the case JSON, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["case"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            self._fail(f"case: cannot read {source}: {exc.strerror}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self._fail(f"case: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        try:
            result = decision_preview(case=data)
        except CaseError as exc:
            self._fail(str(exc))
        except (NoSubsistenceMinimum, NoRuleVersion) as exc:
            self._fail(f"application_date: {exc}")
        except DatabaseError as exc:
            self._fail(_database_problem(exc))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> Any:
        self.stderr.write(message.replace("\n", " "))
        sys.exit(2)


def _database_problem(exc: DatabaseError) -> str:
    """One line for a database the engine cannot read its reference data from (reg:6.2 needs
    the subsistence minimum): most often a fresh database that was never migrated."""
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError:
        return f"database: cannot be read ({exc}); check DATABASE_URL"
    if SubsistenceMinimum._meta.db_table not in tables:
        return "database: not migrated (no reference data); run `kezek migrate` first"
    return f"database: {exc}"
