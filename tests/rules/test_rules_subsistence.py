"""The subsistence minimum table: data, not code; the row in force on a day."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from kezek.rules import (
    NoSubsistenceMinimum,
    SubsistenceMinimumRow,
    SubsistenceMinimumTable,
    load_default_subsistence_rows,
)
from tests.rules.rules_support import REPO_ROOT

DATA_FILE = REPO_ROOT / "src" / "kezek" / "rules" / "data" / "subsistence_minimum.json"
ROWS = load_default_subsistence_rows()
TABLE = SubsistenceMinimumTable(ROWS)


def test_all_fifteen_rows_as_found() -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert len(raw) == len(ROWS) == 15
    for row in raw:
        assert set(row) == {"effective_from", "amount", "confidence", "source"}
        assert isinstance(row["amount"], int)
        assert row["confidence"]
        assert row["source"]
    amounts = {row.effective_from.isoformat(): row.amount for row in ROWS}
    assert amounts["2013-01-01"] == 16815
    assert amounts["2020-01-01"] == 31183
    assert amounts["2020-04-01"] == 32668
    assert amounts["2026-01-01"] == 50851
    assert ROWS[0].confidence.startswith("unconfirmed")


def test_no_value_of_the_table_is_written_in_python_code() -> None:
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO_ROOT / "src" / "kezek" / "rules").rglob("*.py")
    )
    for row in ROWS:
        spelled = [
            str(row.amount),
            f"{row.amount:,}",
            f"{row.amount:_}",
            f"{row.amount:,}".replace(",", " "),
        ]
        for text in spelled:
            assert not re.search(rf"(?<![\d.]){re.escape(text)}(?![\d])", sources), text


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        ("2013-01-01", 16815),
        ("2013-12-31", 16815),
        ("2019-06-30", 29698),
        ("2020-03-31", 31183),
        ("2020-04-01", 32668),
        ("2020-12-31", 32668),
        ("2021-01-01", 34302),
        ("2026-12-31", 50851),
    ],
)
def test_row_in_force(day: str, amount: int) -> None:
    assert TABLE.value_on(dt.date.fromisoformat(day)).amount == amount


@pytest.mark.parametrize("day", ["2012-05-01", "2012-12-31", "2027-01-01"])
def test_no_row_in_force(day: str) -> None:
    with pytest.raises(NoSubsistenceMinimum) as info:
        TABLE.value_on(dt.date.fromisoformat(day))
    assert str(info.value) == f"no subsistence minimum configured for {day}"


def test_rows_are_sorted_whatever_the_input_order() -> None:
    table = SubsistenceMinimumTable(reversed(ROWS))
    assert table.value_on(dt.date(2020, 5, 1)).amount == 32668


def test_two_rows_on_one_day_rejected() -> None:
    with pytest.raises(ValueError, match="2020-01-01"):
        SubsistenceMinimumTable([*ROWS, SubsistenceMinimumRow(dt.date(2020, 1, 1), 1)])


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amount_must_be_a_positive_int(amount: object) -> None:
    with pytest.raises(ValueError, match="positive int"):
        SubsistenceMinimumRow(dt.date(2020, 1, 1), amount)  # type: ignore[arg-type]


def test_round_trip_json() -> None:
    for row in ROWS:
        assert SubsistenceMinimumRow.from_json(row.to_json()) == row
