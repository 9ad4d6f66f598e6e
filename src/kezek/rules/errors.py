"""The errors of the rules core: every one is clear, one line, and never a silent default."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kezek.core.errors import ErrorCode


class RulesError(Exception):
    """Base class: the CLI prints the message and exits with status 2."""


class CaseError(RulesError, ValueError):
    """The decision case is not valid input.

    `field` is the path of the offending field (``applicant.iin``,
    ``family[1].recognized_by_court``); `code` is stable (the web layer
    translates it); `params` holds the values the translation needs;
    `message` is one English line that starts with the field path.
    """

    def __init__(
        self,
        field: str,
        code: ErrorCode | str,
        message: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        line = " ".join(message.split())
        full = line if line.startswith(f"{field}:") else f"{field}: {line}"
        super().__init__(full)
        self.field = field
        # One enumeration of codes for the engine and the site (kezek.core.errors).
        self.code = ErrorCode(code)
        self.message = full
        self.params: dict[str, Any] = dict(params or {})

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "params": self.params,
        }


class NoSubsistenceMinimum(RulesError, LookupError):
    """No subsistence minimum is configured for the day the income test needs it."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"no subsistence minimum configured for {day.isoformat()}")
        self.day = day

    def __str__(self) -> str:
        return str(self.args[0])


class NoRuleVersion(RulesError, LookupError):
    """No rule version is in force on the application date."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"no rule version in force on {day.isoformat()}")
        self.day = day

    def __str__(self) -> str:
        return str(self.args[0])
