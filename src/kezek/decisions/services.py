"""The Django face of the pure rules engine: the same decision for the CLI, the API and the screens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from kezek.reference.selectors import subsistence_minimum_table
from kezek.rules import decide_json


def decision_preview(*, case: Mapping[str, Any]) -> dict[str, Any]:
    """Decide one case (kezek decide, POST /api/v1/decisions/preview, the self-check). Stores nothing.

    Raises kezek.rules.CaseError on bad input, NoSubsistenceMinimum / NoRuleVersion when the
    reference data do not cover the application date.
    """
    return decide_json(
        case, subsistence_minimum=subsistence_minimum_table(), today=timezone.localdate()
    )
