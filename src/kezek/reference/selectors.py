from __future__ import annotations

from kezek.rules import SubsistenceMinimumRow, SubsistenceMinimumTable

from .models import SubsistenceMinimum


def subsistence_minimum_table() -> SubsistenceMinimumTable:
    """The table as configured now by the administrator (never a value from code)."""
    rows = [
        SubsistenceMinimumRow(effective_from=r.effective_from, amount=r.amount, source=r.source)
        for r in SubsistenceMinimum.objects.order_by("effective_from")
    ]
    return SubsistenceMinimumTable(rows)
