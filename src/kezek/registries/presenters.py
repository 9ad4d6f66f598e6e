"""The words of the registers' facts on the executor's screen: declared against fetched, each
difference flagged, and what the file still waits for (no queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .establish import AWAITING, CORRECTABLE, CORRECTED, DECLARED, FETCHED, Comparison, Established
from .models import RegisterChoice, RegisterQuery

FACT_LABELS: dict[str, Promise] = {
    "applicant.birth_date": _("Birth date"),
    "applicant.citizen_of_kz": _("Citizen of Kazakhstan"),
    "applicant.death_date": _("Date of death in the register"),
    "applicant.permanent_resident_in_locality": _(
        "Permanently registered in a settlement of the district"
    ),
    "family": _("Family: spouse and children"),
    "income_12_months": _("Income of the family over the 12 months, tenge"),
    "housing.owns_dwelling_in_kz": _("Owns a dwelling in Kazakhstan"),
    "housing.owns_dwelling_in_locality": _("Owns a dwelling in the settlement"),
    "housing.communal_dwelling_in_use_in_locality": _("Uses a communal dwelling in the settlement"),
    "housing.only_dwelling_declared_emergency": _(
        "The only dwelling is declared in emergency condition"
    ),
    "history": _("Dwellings alienated or exchanged"),
}
SOURCE_LABELS: dict[str, Promise] = {
    FETCHED: _("from the register"),
    DECLARED: _("declared: the register has no record"),
    AWAITING: _("declared: awaiting the register"),
    CORRECTED: _("corrected by the executor"),
}
RELATION_LABELS: dict[str, Promise] = {
    "applicant": _("the applicant"),
    "spouse": _("spouse"),
    "child": _("child"),
    "parent": _("parent"),
    "other": _("other member"),
}


# The words inside the registers' evidence (establish writes `{purchase} 02.04.2019`).
EVIDENCE_WORDS: dict[str, Promise] = {
    "purchase": _("purchase"),
    "privatization": _("privatization"),
    "inheritance": _("inheritance"),
    "gift": _("gift"),
    "exchange": _("exchange"),
    "construction": _("construction"),
    "sale": _("sale"),
    "lender_buyout": _("buyout by the lender"),
    "demolition": _("demolition"),
    "since": _("since"),
    "marriage": _("marriage certificate"),
    "birth": _("birth certificate"),
    "group": _("disability group"),
    "decision": _("decision of the local executive body"),
}


class _Words(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return key


def evidence_words(item: str) -> str:
    return item.format_map(_Words({k: str(v) for k, v in EVIDENCE_WORDS.items()}))


@dataclass(frozen=True)
class FactRow:
    key: str
    label: str
    clause: str
    declared: str
    fetched: str
    source: str
    differs: bool
    evidence: tuple[str, ...]
    corrected: str = ""
    correction_note: str = ""


@dataclass(frozen=True)
class QueryRow:
    register: str
    who: str
    iin: str
    status: str
    status_code: str
    attempts: int
    answered_at: dt.datetime | None
    sha256: str


def _words(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
        whole = amount == amount.to_integral_value()
        return (f"{amount:,.0f}" if whole else f"{amount:,.2f}").replace(",", "\u00a0")
    if isinstance(value, list | tuple):
        return "; ".join(_item_words(str(v)) for v in value) if value else str(_("none"))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


def _item_words(item: str) -> str:
    """`spouse:880101300123` → "spouse, IIN 880101300123"; `alienated_dwelling:2023-05-01` → the
    event and its date."""
    head, _sep, tail = item.partition(":")
    if head in RELATION_LABELS:
        return f"{RELATION_LABELS[head]}, {_('IIN')} {tail}"
    if head in ("alienated_dwelling", "exchanged_dwelling"):
        label = _("alienated") if head == "alienated_dwelling" else _("exchanged")
        return f"{label} {_words(tail)}"
    return item


def _label(c: Comparison) -> str:
    if c.key.startswith("family.") and c.key.endswith(".disabled"):
        iin = c.key.split(".")[1]
        return str(_("Disability of the member with IIN %(iin)s") % {"iin": iin})
    return str(FACT_LABELS.get(c.key, c.key))


def fact_rows(established: Established) -> list[FactRow]:
    return [
        FactRow(
            key=c.key,
            label=_label(c),
            clause=c.clause,
            declared=_words(c.declared),
            fetched=_words(c.fetched) if c.fetched is not None else "—",
            source=str(SOURCE_LABELS[c.source]),
            differs=c.differs,
            evidence=tuple(evidence_words(item) for item in c.evidence),
            corrected=_words(c.corrected) if c.source == CORRECTED else "",
            correction_note=c.correction_note,
        )
        for c in established.comparisons
    ]


def query_rows(queries: Sequence[RegisterQuery]) -> list[QueryRow]:
    labels = dict(RegisterChoice.choices)
    return [
        QueryRow(
            register=str(labels.get(q.register, q.register)),
            who=str(RELATION_LABELS.get(q.subject_role, q.subject_role)),
            iin=q.subject_iin,
            status=str(q.get_status_display()),
            status_code=q.status,
            attempts=q.attempts,
            answered_at=q.last_call.answered_at if q.last_call is not None else None,
            sha256=q.last_call.response_sha256 if q.last_call is not None else "",
        )
        for q in queries
    ]


def correctable_facts() -> list[tuple[str, str, str]]:
    """The facts the executor may correct: (key, label, kind "bool" or "amount")."""
    return [
        (key, str(FACT_LABELS[key]), "bool" if kind is bool else "amount")
        for key, kind in CORRECTABLE.items()
    ]
