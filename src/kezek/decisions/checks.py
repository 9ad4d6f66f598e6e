"""`kezek check`: reference data must cover today, or decisions made today would fail."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.utils import timezone

from kezek.reference.selectors import subsistence_minimum_table
from kezek.rules import NoRuleVersion, NoSubsistenceMinimum
from kezek.rules.versions import DEFAULT_VERSIONS


@register(Tags.database)
def subsistence_minimum_covers_today(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not kwargs.get("databases"):
        return []  # a data check: `kezek check --database default`, not every command's start

    today = timezone.localdate()
    errors: list[Error] = []
    try:
        subsistence_minimum_table().value_on(today)
    except NoSubsistenceMinimum as exc:
        errors.append(
            Error(str(exc), hint="Add the row in the admin (reference data).", id="kezek.E001")
        )
    except DatabaseError:
        # An unmigrated database (a fresh clone, makemigrations) has nothing to check yet;
        # Django itself reports the unapplied migrations.
        pass
    try:
        DEFAULT_VERSIONS.version_on(today)
    except NoRuleVersion as exc:
        errors.append(Error(str(exc), id="kezek.E003"))
    return errors
