"""Reading and checking a district's queue spreadsheet (XLSX or CSV) before it is imported.

Every bad cell is reported with its line, its column and the reason; nothing is written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.core.iin import IINError, parse_iin

from .keys import GENERAL_PRIORITY_RANK, sort_key
from .models import QueueList

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
_DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


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


def _cells_csv(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cells_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def read_cells(data: bytes, filename: str) -> Iterator[list[Any]]:
    """The rows of the first sheet (XLSX) or of the file (CSV, comma or semicolon)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _cells_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _cells_csv(data)
    raise ValueError("format")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a spreadsheet cell
    return str(value).strip()


def parse_moment(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """A date or date-time cell, read in Kazakhstan's local time; None when unreadable."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _DATE_FORMATS:
                try:
                    moment = dt.datetime.strptime(text, fmt)  # local time, made aware below
                    break
                except ValueError:
                    continue
            else:
                return None
    elif isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time.min)
    elif value is None:
        return None
    else:
        return parse_moment(_text(value), zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.replace(microsecond=0) if moment.microsecond else moment


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


def check_rows(
    cells: Iterator[list[Any]],
    *,
    priority_ranks: Mapping[str, Mapping[str, int]],
    existing_numbers: Mapping[str, set[str]],
    existing_iins: Mapping[str, set[str]],
    report: ImportReport,
) -> list[ImportRow]:
    """Check every row; collect every problem in `report`; return the good rows.

    Written for a million rows: one pass, no per-row allocations beyond the row itself.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    header = next(cells, None)
    if header is None:
        report.problems.append(ImportProblem(1, "", str(_("The file is empty."))))
        return []
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _ALIASES.get(_text(cell).lower())
        if name and name not in index:
            index[name] = i
    missing = [c for c in REQUIRED if c not in index]
    for column in missing:
        report.problems.append(ImportProblem(1, column, str(_("The header has no such column."))))
    if missing:
        return []
    msg = {key: str(text) for key, text in _MESSAGES.items()}
    iin_messages = {code: str(text) for code, text in IIN_ERROR_MESSAGES.items()}
    i_list, i_number, i_iin = index["list"], index["request_number"], index["iin"]
    i_last, i_first = index["last_name"], index["first_name"]
    i_patronymic = index.get("patronymic")
    i_accepted, i_registered = index["accepted_at"], index.get("registered_at")
    i_class = index.get("priority_class")
    width = max(index.values()) + 1
    seen_number: dict[tuple[str, str], int] = {}
    seen_iin: dict[tuple[str, str], int] = {}
    good: list[ImportRow] = []
    problems = report.problems
    line = 1
    for raw in cells:
        line += 1
        if len(raw) < width:
            raw = list(raw) + [None] * (width - len(raw))
        text = [c.strip() if type(c) is str else _text(c) for c in raw]
        if not any(text):
            continue  # blank lines between blocks of a spreadsheet
        report.rows += 1
        before = len(problems)

        list_code = text[i_list]
        known_list = list_code in _LIST_CODES
        if not known_list:
            problems.append(
                ImportProblem(line, "list", msg["required" if not list_code else "list"])
            )
        number = text[i_number]
        if not number:
            problems.append(ImportProblem(line, "request_number", msg["required"]))
        elif len(number) > 40:
            problems.append(ImportProblem(line, "request_number", msg["long"]))
        elif not number.isprintable():
            problems.append(ImportProblem(line, "request_number", msg["control"]))
        iin = text[i_iin]
        try:
            parse_iin(iin)
        except IINError as exc:
            problems.append(ImportProblem(line, "iin", iin_messages[exc.code]))
        last, first = text[i_last], text[i_first]
        patronymic = text[i_patronymic] if i_patronymic is not None else ""
        if not last or not first or len(last) > 150 or len(first) > 150 or len(patronymic) > 150:
            for column, value in (("last_name", last), ("first_name", first)):
                if not value:
                    problems.append(ImportProblem(line, column, msg["required"]))
            for column, value in (
                ("last_name", last),
                ("first_name", first),
                ("patronymic", patronymic),
            ):
                if len(value) > 150:
                    problems.append(ImportProblem(line, column, msg["long"]))
        cell = raw[i_accepted]
        accepted = parse_moment(cell if type(cell) is not str else text[i_accepted], zone)
        if accepted is None:
            reason = "required" if not text[i_accepted] else "date"
            problems.append(ImportProblem(line, "accepted_at", msg[reason]))
        elif accepted > now:
            problems.append(ImportProblem(line, "accepted_at", msg["future"]))
        registered = accepted
        if i_registered is not None and text[i_registered]:
            registered = parse_moment(raw[i_registered], zone)
            if registered is None:
                problems.append(ImportProblem(line, "registered_at", msg["date"]))
            elif registered > now:
                problems.append(ImportProblem(line, "registered_at", msg["future"]))
            elif accepted is not None and registered.date() < accepted.date():
                problems.append(ImportProblem(line, "registered_at", msg["before"]))
        class_code = text[i_class] if i_class is not None else ""
        rank = GENERAL_PRIORITY_RANK
        if class_code and known_list:
            found = priority_ranks.get(list_code, {}).get(class_code)
            if found is None:
                problems.append(ImportProblem(line, "priority_class", msg["class"]))
            else:
                rank = found
        if known_list and number:
            first_line = seen_number.setdefault((list_code, number), line)
            if first_line != line:
                problems.append(
                    ImportProblem(
                        line, "request_number", msg["number_twice"] % {"line": first_line}
                    )
                )
            elif number in existing_numbers.get(list_code, ()):
                problems.append(ImportProblem(line, "request_number", msg["number_db"]))
        if known_list and iin:
            first_line = seen_iin.setdefault((list_code, iin), line)
            if first_line != line:
                problems.append(ImportProblem(line, "iin", msg["iin_twice"] % {"line": first_line}))
            elif iin in existing_iins.get(list_code, ()):
                problems.append(ImportProblem(line, "iin", msg["iin_db"]))
        if len(problems) != before or accepted is None or registered is None:
            continue
        good.append(
            ImportRow(
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
        )
    return good
