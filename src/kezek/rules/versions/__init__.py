"""Rule versions, selected by the application date.

A version is in force on a day when ``effective_from <= day`` and
(``effective_to`` is None or ``day < effective_to``). An open end means "until
a later version takes effect": when several versions contain the day, the
one that took effect last is in force. No version in force: NoRuleVersion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kezek.rules.errors import NoRuleVersion
from kezek.rules.versions import aktogay_2013
from kezek.rules.versions.base import RuleVersion


class RuleVersions(tuple[RuleVersion, ...]):
    """The known rule versions (a tuple), with `version_on(day)`."""

    def version_on(self, day: dt.date) -> RuleVersion:
        return select_version(self, day)


DEFAULT_VERSIONS = RuleVersions((aktogay_2013.VERSION,))


def select_version(versions: Sequence[RuleVersion], day: dt.date) -> RuleVersion:
    candidates = [version for version in versions if version.in_force_on(day)]
    if not candidates:
        raise NoRuleVersion(day)
    latest = max(candidate.effective_from for candidate in candidates)
    chosen = [candidate for candidate in candidates if candidate.effective_from == latest]
    if len(chosen) > 1:
        ids = ", ".join(sorted(version.id for version in chosen))
        raise ValueError(f"rule versions {ids} all take effect on {latest.isoformat()}")
    return chosen[0]


__all__ = ["DEFAULT_VERSIONS", "RuleVersion", "RuleVersions", "select_version"]
