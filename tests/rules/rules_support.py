"""Shared helpers for the pure rules tests: a valid base case, patching, table rows.

Every table row names the clause (or reading) it exercises in `clause`;
test_rules_clausemap.py collects them to prove that each clause the engine
decides has at least one row.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kezek.core.iin import Sex, make_iin
from kezek.rules import (
    CaseError,
    SubsistenceMinimumTable,
    decide_json,
    load_default_subsistence_rows,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 1)
TABLE = SubsistenceMinimumTable(load_default_subsistence_rows())
APPLICATION_DATE = "2025-03-11"  # SM 46228, threshold 143306.8

ALL_DOCUMENTS = [
    "application_form",
    "id_documents",
    "civil_status_certificates",
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
    "court_decision_family",
    "group_proof",
    "income_statement",
    "employment_certificate",
    "cosmonaut_status_document",
    "emergency_certificate",
    "condition_certificate",
]
BASE_DOCUMENTS = [
    "application_form",
    "id_documents",
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
]

_serial = iter(range(1, 10_000))


def applicant(birth_date: str, *, sex: Sex = Sex.FEMALE, **extra: Any) -> dict[str, Any]:
    """A valid applicant born on `birth_date` (the IIN agrees with it)."""
    born = dt.date.fromisoformat(birth_date)
    return {
        "iin": make_iin(born, sex, next(_serial) * 7),
        "citizen_of_kz": True,
        "permanent_resident_in_locality": True,
        "birth_date": birth_date,
        **extra,
    }


def base_case() -> dict[str, Any]:
    """An age pensioner living alone, owning nothing, low income: registered."""
    return {
        "application_date": APPLICATION_DATE,
        "fund": "communal",
        "claimed_groups": ["age_pensioner"],
        "applicant": applicant("1960-09-09"),
        "family": [],
        "income_12_months": 1_200_000,
        "housing": {},
        "history": [],
    }


def patched(
    changes: Mapping[str, Any] | None = None, *, drop: Sequence[str] = ()
) -> dict[str, Any]:
    """The base case with `changes` merged in (dicts merge, everything else replaces).

    `drop` removes dotted paths (``income_12_months``, ``applicant.birth_date``).
    """
    data = base_case()
    _merge(data, copy.deepcopy(dict(changes or {})))
    for path in drop:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[key]
        target.pop(last, None)
    return data


def _merge(target: dict[str, Any], changes: Mapping[str, Any]) -> None:
    """Dicts merge into dicts; an applicant that brings its own IIN replaces the base one."""
    for key, value in changes.items():
        replaces = key == "applicant" and isinstance(value, Mapping) and "iin" in value
        if isinstance(value, Mapping) and isinstance(target.get(key), dict) and not replaces:
            _merge(target[key], value)
        else:
            target[key] = value


def run(data: Mapping[str, Any], *, today: dt.date = TODAY, **kwargs: Any) -> dict[str, Any]:
    return decide_json(data, subsistence_minimum=kwargs.pop("table", TABLE), today=today, **kwargs)


@dataclass(frozen=True)
class Row:
    """One decision row: the case (as changes to the base case) and what must come out.

    `grounds`, `basis`, `lists`, `missing_documents` are compared exactly when given.
    """

    id: str
    clause: str
    changes: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    decision: str | None = None
    grounds: Sequence[str] | None = None
    basis: Sequence[str] | None = None
    lists: Sequence[str] | None = None
    missing_documents: Sequence[str] | None = None
    not_qualified: Sequence[Mapping[str, Any]] | None = None
    income_passed: bool | None = None
    drop: Sequence[str] = ()

    def case(self) -> dict[str, Any]:
        return patched(self.changes, drop=self.drop)

    def check(self) -> dict[str, Any]:
        out = run(self.case())
        if self.decision is not None:
            assert out["decision"] == self.decision, out
        if self.grounds is not None:
            assert out["grounds"] == list(self.grounds), out
        if self.basis is not None:
            assert out["basis"] == list(self.basis), out
        if self.lists is not None:
            assert out["lists"] == list(self.lists), out
        if self.missing_documents is not None:
            assert out["missing_documents"] == list(self.missing_documents), out
        if self.not_qualified is not None:
            assert out["not_qualified"] == list(self.not_qualified), out
        if self.income_passed is not None:
            assert out["income_test"]["passed"] is self.income_passed, out
        assert_consistent(out)
        return out


@dataclass(frozen=True)
class ErrorRow:
    """One bad-input row: the case must be rejected naming `field` with `code`."""

    id: str
    clause: str  # the clause or reading whose input rule this is ("input" when none)
    field: str
    code: str
    changes: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    drop: Sequence[str] = ()
    raw: Any = None  # when given, used instead of the patched base case

    def check(self) -> CaseError:
        data = self.raw if self.raw is not None else patched(self.changes, drop=self.drop)
        with pytest.raises(CaseError) as info:
            run(data)
        error = info.value
        assert (error.field, error.code) == (self.field, self.code), str(error)
        assert str(error).startswith(f"{self.field}: "), str(error)
        assert "\n" not in str(error)
        return error


def ids(rows: Sequence[Row] | Sequence[ErrorRow]) -> list[str]:
    return [row.id for row in rows]


def assert_consistent(out: Mapping[str, Any]) -> None:
    """Invariants every decision must satisfy."""
    refused = out["decision"] == "refuse"
    assert out["decision"] in ("register", "refuse")
    assert refused == bool(out["grounds"])
    if refused:
        assert out["lists"] == []
        assert out["basis"] == []
    else:
        assert out["lists"]
        assert out["basis"]
    for lang in ("kk", "ru"):
        sentences = out["reasons"][lang]
        named = out["grounds"] if refused else out["basis"]
        assert len(sentences) == len(named)
        for sentence, clause in zip(sentences, named, strict=True):
            assert f"({clause})" in sentence, sentence
            assert "\n" not in sentence
    assert set(out["missing_documents"]) <= set(ALL_DOCUMENTS)
    assert ("reg:15" in out["grounds"]) == bool(out["missing_documents"])


def assert_meets_expectation(out: Mapping[str, Any], expect: Mapping[str, Any]) -> None:
    """The check of /work/shared/spec/examples/README.md: decision, lists, grounds, income."""
    if "decision" in expect:
        assert out["decision"] == expect["decision"]
    if "lists" in expect:
        assert set(out["lists"]) == set(expect["lists"])
    for clause in expect.get("grounds", []):
        assert clause in out["grounds"]
    if "income" in expect:
        assert out["income_test"]["passed"] == expect["income"]["passed"]
        assert abs(out["income_test"]["threshold"] - expect["income"]["threshold"]) <= 0.01
