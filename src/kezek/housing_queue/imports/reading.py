"""Reading the cells of a queue spreadsheet (XLSX or CSV) and the values typed into them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


def _cells_csv(data: bytes) -> Iterator[list[Any]]:
    text = data.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _cells_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # heavy: only when an XLSX file comes

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


def cell_text(value: Any) -> str:
    """A cell as text, stripped; a whole number typed into a spreadsheet cell loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
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
            for fmt in DATE_FORMATS:
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
        return parse_moment(cell_text(value), zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.replace(microsecond=0) if moment.microsecond else moment
