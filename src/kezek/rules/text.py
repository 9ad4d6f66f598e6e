"""Rendering the motivation sentences (kk, ru) from the templates of a rule version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kezek.rules.clause_ids import split_clause
from kezek.rules.versions.base import RuleVersion

CENT = Decimal("0.01")


def cite(version: RuleVersion, lang: str, clause: str) -> str:
    """«Регламенттің 12-тармағының 2) тармақшасы (reg:12.2)» / «подпункт 2) пункта 12 Регламента (reg:12.2)»."""
    parts = split_clause(clause)
    if len(parts) == 1:
        return version.text(lang, "cite.point").format(point=parts[0], clause=clause)
    return version.text(lang, "cite.subpoint").format(point=parts[0], sub=parts[1], clause=clause)


def join(version: RuleVersion, lang: str, items: Sequence[str]) -> str:
    """'a', 'a және b', 'a, b және c'."""
    if len(items) <= 1:
        return "".join(items)
    conjunction = version.text(lang, "and")
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def money(amount: Decimal, places: int = 2) -> str:
    """1234567.8 -> '1 234 567,80'; 12345 with places=0 -> '12 345'."""
    quantum = Decimal(1).scaleb(-places)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{grouped},{fraction}" if fraction else grouped


def number(amount: Decimal) -> str:
    """3.1 -> '3,1' (as written in the regulation)."""
    return f"{amount.normalize():f}".replace(".", ",")


def day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def ages(version: RuleVersion, lang: str, years: int) -> str:
    """'29 лет', '21 год', '22 года' (kk: '29 жас')."""
    if years % 10 == 1 and years % 100 != 11:
        form = "one"
    elif years % 10 in (2, 3, 4) and years % 100 not in (12, 13, 14):
        form = "few"
    else:
        form = "many"
    return version.text(lang, f"age.{form}").format(n=years)


def render(version: RuleVersion, lang: str, key: str, clause: str, **params: Any) -> str:
    return version.text(lang, key).format(cite=cite(version, lang, clause), **params)
