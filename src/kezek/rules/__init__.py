"""Kezek rules core: the regulation as pure, strictly typed Python (no Django).

Public API (the Django layer and the CLI call these)::

    decide_json(data, *, subsistence_minimum, today) -> dict   # decision-case.md
    parse_case(data, *, today) -> Case
    decide(case, *, subsistence_minimum, versions=DEFAULT_VERSIONS) -> Decision
    Decision.to_json() -> dict

Errors: CaseError (bad input; .field, .code, .params, one-line .message),
NoSubsistenceMinimum, NoRuleVersion; all subclasses of RulesError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from kezek.rules.engine import decide
from kezek.rules.errors import CaseError, NoRuleVersion, NoSubsistenceMinimum, RulesError
from kezek.rules.model import Case
from kezek.rules.outcomes import Decision, Ground, IncomeTest, NeedAssessment
from kezek.rules.parse import parse_case
from kezek.rules.subsistence import (
    SubsistenceMinimumLookup,
    SubsistenceMinimumRow,
    SubsistenceMinimumTable,
    load_default_subsistence_rows,
)
from kezek.rules.versions import DEFAULT_VERSIONS, select_version
from kezek.rules.versions.base import RuleVersion


def decide_json(
    data: Mapping[str, Any],
    *,
    subsistence_minimum: SubsistenceMinimumLookup,
    today: dt.date,
    versions: Sequence[RuleVersion] = DEFAULT_VERSIONS,
) -> dict[str, Any]:
    """Parse a decision case (decision-case.md input) and return the output as a JSON dict."""
    case = parse_case(data, today=today, versions=versions)
    return decide(case, subsistence_minimum=subsistence_minimum, versions=versions).to_json()


__all__ = [
    "DEFAULT_VERSIONS",
    "Case",
    "CaseError",
    "Decision",
    "Ground",
    "IncomeTest",
    "NeedAssessment",
    "NoRuleVersion",
    "NoSubsistenceMinimum",
    "RuleVersion",
    "RulesError",
    "SubsistenceMinimumLookup",
    "SubsistenceMinimumRow",
    "SubsistenceMinimumTable",
    "decide",
    "decide_json",
    "load_default_subsistence_rows",
    "parse_case",
    "select_version",
]
