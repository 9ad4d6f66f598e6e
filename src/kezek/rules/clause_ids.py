"""Clause ids (`reg:12.2`, `reg:15.1.a`, `annex:3`): the pattern and their natural order."""

from __future__ import annotations

import re
from collections.abc import Iterable

CLAUSE_ID_RE = re.compile(r"\b(?:reg:\d+(?:\.\d+)*(?:\.[a-z])?|annex:\d+)(?![\w])")

_PREFIX_ORDER = {"reg": 0, "annex": 1}


def clause_key(clause: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key: reg:6 < reg:6.2 < reg:7.10 < reg:12 < reg:15.1.a < annex:3."""
    prefix, _, rest = clause.partition(":")
    parts: list[tuple[int, int, str]] = [(_PREFIX_ORDER.get(prefix, 9), 0, prefix)]
    for part in rest.split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)


def sort_clauses(clauses: Iterable[str]) -> list[str]:
    """Unique clause ids in clause order."""
    return sorted(set(clauses), key=clause_key)


def split_clause(clause: str) -> tuple[str, ...]:
    """'reg:12.2' -> ('12', '2')."""
    return tuple(clause.partition(":")[2].split("."))
