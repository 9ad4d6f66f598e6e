"""Every file in tests/data/decision_cases/ through decide_json, checked as examples/README.md says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kezek.rules import CaseError, NoRuleVersion, NoSubsistenceMinimum
from tests.rules.rules_support import (
    REPO_ROOT,
    TODAY,
    assert_consistent,
    assert_meets_expectation,
    run,
)

CASES_DIR = REPO_ROOT / "tests" / "data" / "decision_cases"
CASE_FILES = sorted(CASES_DIR.glob("*.json"))


def test_the_five_spec_examples_are_here() -> None:
    names = {path.name for path in CASE_FILES}
    assert {
        "e1_pensioner_registered.json",
        "e2_sold_flat_refused.json",
        "e3_emergency_dwelling.json",
        "e4_income_too_high.json",
        "e5_invalid_iin.json",
    } <= names


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_decision_case_file(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"input", "expect"}
    expect: dict[str, Any] = data["expect"]
    if expect.get("error"):
        with pytest.raises((CaseError, NoRuleVersion, NoSubsistenceMinimum)) as info:
            run(data["input"], today=TODAY)
        message = str(info.value)
        assert "\n" not in message
        if isinstance(info.value, CaseError):
            assert message.startswith(f"{info.value.field}: ")
        return
    out = run(data["input"], today=TODAY)
    assert_consistent(out)
    assert_meets_expectation(out, expect)
