"""Checking a district's queue spreadsheet before it is imported.

Every bad cell is reported with its line, its column and the reason; nothing is written here.
One pass over the rows, written for a million of them: a row is checked by named steps (list,
request number, IIN, names, dates, priority class, repeats), each adding its own problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.core.iin import IINError, parse_iin

from ..keys import GENERAL_PRIORITY_RANK, sort_key
from ..models import QueueList
from .reading import cell_text, parse_moment

# Header names a district's spreadsheet may use (compared case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "list": ("list", "тізім", "список"),
    "request_number": ("request_number", "өтініш нөмірі", "номер заявления"),
    "iin": ("iin", "жсн", "иин"),
    "last_name": ("last_name", "тегі", "фамилия"),
    "first_name": ("first_name", "аты", "имя"),
    "patronymic": ("patronymic", "әкесінің аты", "отчество"),
    "accepted_at": ("accepted_at", "құжаттар қабылданды", "документы приняты"),
    "registered_at": ("registered_at", "есепке қойылды", "поставлен на учет"),
    "priority_class": ("priority_class", "кезектен тыс санат", "внеочередная категория"),
}
REQUIRED = ("list", "request_number", "iin", "last_name", "first_name", "accepted_at")
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_LIST_CODES = frozenset(QueueList.Code.values)
NAME_LENGTH = 150
NUMBER_LENGTH = 40


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    reason: str


class ImportRow(NamedTuple):
    """A checked row (a tuple: a million of them are built in one import)."""

    line: int
    list_code: str
    request_number: str
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    accepted_at: dt.datetime
    registered_at: dt.datetime
    priority_class: str
    priority_rank: int
    sort_key: bytes


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    dry_run: bool = True
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


_MESSAGES = {
    "required": _("This field is required."),
    "list": _("Unknown queue list."),
    "long": _("The value is too long."),
    "control": _("The request number has characters that cannot be printed."),
    "date": _("Not a date: write YYYY-MM-DD HH:MM:SS or DD.MM.YYYY."),
    "future": _("The date is in the future."),
    "before": _("Registration cannot precede the acceptance of the documents."),
    "class": _("This list has no such priority class."),
    "number_db": _("This request number is already on this list."),
    "iin_db": _("This IIN is already in the queue on this list."),
    "number_twice": _("The same request number is on line %(line)s for this list."),
    "iin_twice": _("The same IIN is on line %(line)s for this list."),
}


def header_columns(header: list[Any] | None, problems: list[ImportProblem]) -> dict[str, int]:
    """Step 1: the column of each known header name; every missing required column is a problem."""
    if header is None:
        problems.append(ImportProblem(1, "", str(_("The file is empty."))))
        return {}
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _ALIASES.get(cell_text(cell).lower())
        if name and name not in index:
            index[name] = i
    missing = [c for c in REQUIRED if c not in index]
    for column in missing:
        problems.append(ImportProblem(1, column, str(_("The header has no such column."))))
    return {} if missing else index


class RowChecker:
    """Step 2, once a row: each method checks one thing and adds its problems for the line."""

    def __init__(
        self,
        index: Mapping[str, int],
        *,
        priority_ranks: Mapping[str, Mapping[str, int]],
        existing_numbers: Mapping[str, set[str]],
        existing_iins: Mapping[str, set[str]],
        problems: list[ImportProblem],
    ) -> None:
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        # The messages once in the import's language, not once a row.
        self.msg = {key: str(text) for key, text in _MESSAGES.items()}
        self.iin_messages = {code: str(text) for code, text in IIN_ERROR_MESSAGES.items()}
        self.i_list, self.i_number, self.i_iin = (
            index["list"],
            index["request_number"],
            index["iin"],
        )
        self.i_last, self.i_first = index["last_name"], index["first_name"]
        self.i_patronymic = index.get("patronymic")
        self.i_accepted, self.i_registered = index["accepted_at"], index.get("registered_at")
        self.i_class = index.get("priority_class")
        self.width = max(index.values()) + 1
        self.priority_ranks = priority_ranks
        self.existing_numbers = existing_numbers
        self.existing_iins = existing_iins
        self.seen_number: dict[tuple[str, str], int] = {}
        self.seen_iin: dict[tuple[str, str], int] = {}
        self.problems = problems

    def problem(self, line: int, column: str, key: str) -> None:
        self.problems.append(ImportProblem(line, column, self.msg[key]))

    def list_code(self, line: int, code: str) -> bool:
        known = code in _LIST_CODES
        if not known:
            self.problem(line, "list", "required" if not code else "list")
        return known

    def request_number(self, line: int, number: str) -> None:
        if not number:
            self.problem(line, "request_number", "required")
        elif len(number) > NUMBER_LENGTH:
            self.problem(line, "request_number", "long")
        elif not number.isprintable():
            self.problem(line, "request_number", "control")

    def iin(self, line: int, iin: str) -> None:
        try:
            parse_iin(iin)
        except IINError as exc:
            self.problems.append(ImportProblem(line, "iin", self.iin_messages[exc.code]))

    def names(self, line: int, last: str, first: str, patronymic: str) -> None:
        if last and first and max(len(last), len(first), len(patronymic)) <= NAME_LENGTH:
            return  # the usual row: one comparison
        for column, value in (("last_name", last), ("first_name", first)):
            if not value:
                self.problem(line, column, "required")
        for column, value in (
            ("last_name", last),
            ("first_name", first),
            ("patronymic", patronymic),
        ):
            if len(value) > NAME_LENGTH:
                self.problem(line, column, "long")

    def dates(
        self, line: int, raw: list[Any], text: list[str]
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The acceptance of the documents and the registration (the acceptance if not given)."""
        cell = raw[self.i_accepted]
        accepted = parse_moment(cell if type(cell) is not str else text[self.i_accepted], self.zone)
        if accepted is None:
            self.problem(line, "accepted_at", "required" if not text[self.i_accepted] else "date")
        elif accepted > self.now:
            self.problem(line, "accepted_at", "future")
        registered = accepted
        if self.i_registered is not None and text[self.i_registered]:
            registered = parse_moment(raw[self.i_registered], self.zone)
            if registered is None:
                self.problem(line, "registered_at", "date")
            elif registered > self.now:
                self.problem(line, "registered_at", "future")
            elif accepted is not None and registered.date() < accepted.date():
                self.problem(line, "registered_at", "before")
        return accepted, registered

    def priority_rank(self, line: int, list_code: str, class_code: str, known_list: bool) -> int:
        if not class_code or not known_list:
            return GENERAL_PRIORITY_RANK
        found = self.priority_ranks.get(list_code, {}).get(class_code)
        if found is None:
            self.problem(line, "priority_class", "class")
            return GENERAL_PRIORITY_RANK
        return found

    def repeats(self, line: int, list_code: str, number: str, iin: str) -> None:
        """A request number or an IIN met before on this list: in the file or in the database."""
        if number:
            first_line = self.seen_number.setdefault((list_code, number), line)
            if first_line != line:
                reason = self.msg["number_twice"] % {"line": first_line}
                self.problems.append(ImportProblem(line, "request_number", reason))
            elif number in self.existing_numbers.get(list_code, ()):
                self.problem(line, "request_number", "number_db")
        if iin:
            first_line = self.seen_iin.setdefault((list_code, iin), line)
            if first_line != line:
                reason = self.msg["iin_twice"] % {"line": first_line}
                self.problems.append(ImportProblem(line, "iin", reason))
            elif iin in self.existing_iins.get(list_code, ()):
                self.problem(line, "iin", "iin_db")

    def row(self, line: int, raw: list[Any], text: list[str]) -> ImportRow | None:
        """The checked row, or None when it has a problem (each one is in the report)."""
        before = len(self.problems)
        list_code, number, iin = text[self.i_list], text[self.i_number], text[self.i_iin]
        last, first = text[self.i_last], text[self.i_first]
        patronymic = text[self.i_patronymic] if self.i_patronymic is not None else ""
        class_code = text[self.i_class] if self.i_class is not None else ""
        known_list = self.list_code(line, list_code)
        self.request_number(line, number)
        self.iin(line, iin)
        self.names(line, last, first, patronymic)
        accepted, registered = self.dates(line, raw, text)
        rank = self.priority_rank(line, list_code, class_code, known_list)
        if known_list:
            self.repeats(line, list_code, number, iin)
        if len(self.problems) != before or accepted is None or registered is None:
            return None
        return ImportRow(
            line=line,
            list_code=list_code,
            request_number=number,
            iin=iin,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            accepted_at=accepted,
            registered_at=registered,
            priority_class=class_code,
            priority_rank=rank,
            sort_key=sort_key(priority_rank=rank, accepted_at=accepted, request_number=number),
        )


def check_rows(
    cells: Iterator[list[Any]],
    *,
    priority_ranks: Mapping[str, Mapping[str, int]],
    existing_numbers: Mapping[str, set[str]],
    existing_iins: Mapping[str, set[str]],
    report: ImportReport,
) -> list[ImportRow]:
    """Check every row; collect every problem in `report`; return the good rows."""
    index = header_columns(next(cells, None), report.problems)
    if not index:
        return []
    checker = RowChecker(
        index,
        priority_ranks=priority_ranks,
        existing_numbers=existing_numbers,
        existing_iins=existing_iins,
        problems=report.problems,
    )
    width, check = checker.width, checker.row
    good: list[ImportRow] = []
    line = 1
    for raw in cells:
        line += 1
        if len(raw) < width:
            raw = list(raw) + [None] * (width - len(raw))
        text = [c.strip() if type(c) is str else cell_text(c) for c in raw]
        if not any(text):
            continue  # blank lines between blocks of a spreadsheet
        report.rows += 1
        row = check(line, raw, text)
        if row is not None:
            good.append(row)
    return good
