"""The subsistence minimum (ең төменгі күнкөріс деңгейі / прожиточный минимум), as data.

The values live in ``data/subsistence_minimum.json`` (loaded by a Django data
migration and by the pure tests), never in code. A row takes effect on its
`effective_from` date; the row in force on a day is the latest row that took
effect on or before it **in the same calendar year**: the value is set by the
republican budget law "for the relevant financial year" (`reg:6.2`), and
subsistence-minimum.md requires that "a year with no row" is an explicit
error, never a silent fallback to last year's value.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from kezek.rules.errors import NoSubsistenceMinimum

DATA_PACKAGE = "kezek.rules"
DATA_FILE = "data/subsistence_minimum.json"


@dataclass(frozen=True)
class SubsistenceMinimumRow:
    effective_from: dt.date
    amount: int  # tenge per month
    confidence: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError(
                f"subsistence minimum amount must be a positive int, got {self.amount!r}"
            )

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SubsistenceMinimumRow:
        return cls(
            effective_from=dt.date.fromisoformat(str(raw["effective_from"])),
            amount=raw["amount"],
            confidence=str(raw.get("confidence", "")),
            source=str(raw.get("source", "")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "effective_from": self.effective_from.isoformat(),
            "amount": self.amount,
            "confidence": self.confidence,
            "source": self.source,
        }


class SubsistenceMinimumLookup(Protocol):
    """What the engine needs: the row in force on a day, or NoSubsistenceMinimum."""

    def value_on(self, day: dt.date) -> SubsistenceMinimumRow: ...


def row_in_force(rows: Sequence[SubsistenceMinimumRow], day: dt.date) -> SubsistenceMinimumRow:
    """The row in force on `day` among `rows` sorted by effective_from (see module doc)."""
    keys = [row.effective_from for row in rows]
    index = bisect.bisect_right(keys, day) - 1
    if index < 0 or rows[index].effective_from.year != day.year:
        raise NoSubsistenceMinimum(day)
    return rows[index]


class SubsistenceMinimumTable:
    """In-memory SubsistenceMinimumLookup (the Django layer builds one from its rows)."""

    def __init__(self, rows: Iterable[SubsistenceMinimumRow]) -> None:
        ordered = sorted(rows, key=lambda row: row.effective_from)
        for before, after in itertools.pairwise(ordered):
            if before.effective_from == after.effective_from:
                raise ValueError(
                    f"two subsistence minimum rows take effect on {after.effective_from.isoformat()}"
                )
        self.rows: tuple[SubsistenceMinimumRow, ...] = tuple(ordered)

    def value_on(self, day: dt.date) -> SubsistenceMinimumRow:
        return row_in_force(self.rows, day)


def load_default_subsistence_rows() -> tuple[SubsistenceMinimumRow, ...]:
    """The shipped table (data/subsistence_minimum.json), sorted by date of effect."""
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    raw = json.loads(text)
    if not isinstance(raw, list):
        raise ValueError(f"{DATA_FILE}: expected a list of rows")
    return tuple(
        sorted((SubsistenceMinimumRow.from_json(r) for r in raw), key=lambda r: r.effective_from)
    )
