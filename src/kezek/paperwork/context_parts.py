"""The record-neutral pieces of document contexts, from plain values and the offices.

The app that owns a document's record builds its context (ADR 0008); what every document
shares is made here: the office heading a document, its hours, the signatory, the service
name, the clauses with the engine's sentences, the names of the queue lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role, User
from kezek.common.errors import KezekError
from kezek.core.calendar import AB_HOURS, PSC_HOURS
from kezek.core.text import Bi
from kezek.offices.models import Office
from kezek.rules.versions import DEFAULT_VERSIONS

from .contexts import Clause, OfficeInfo, Signatory
from .wording import SERVICE_NAME, WORDING

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.offices.models import District

CLAUSE_AT_END = re.compile(r"\((reg:[0-9a-z.]+)\)\s*\.?\s*$")

#: How a result was handed over (reg:18), as the issue journal states it.
RECIPIENT_KINDS: dict[str, Bi] = {
    "applicant": Bi("өтініш берушінің өзіне", "лично заявителю"),
    "representative": Bi("сенімхат бойынша өкілге", "представителю по доверенности"),
    "personal_cabinet": Bi("жеке кабинетке", "в личный кабинет"),
}


def service_name() -> Bi:
    return Bi(*SERVICE_NAME)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def office_info(office: Office) -> OfficeInfo:
    district = office.district
    return OfficeInfo(
        code=office.code,
        name=Bi(office.name_kk, office.name_ru),
        address=Bi(office.address_kk, office.address_ru),
        district=Bi(district.name_kk, district.name_ru),
        region=Bi(district.region_kk, district.region_ru),
        phones=office.phones,
        emails=office.emails,
    )


def authorized_body(district: District) -> Office:
    office = (
        Office.objects.select_related("district")
        .filter(district=district, kind=Office.Kind.AUTHORIZED_BODY, is_active=True)
        .order_by("id")
        .first()
    )
    if office is None:
        raise KezekError(_("The district has no authorized body."), field="district")
    return office


def _hours(intervals: Sequence[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in intervals)


def office_hours(office: Office) -> Bi:
    """The hours of reg:11 at an office (when a result can be collected there)."""
    if office.is_psc:
        text = _hours(PSC_HOURS)
        return Bi(f"{text}, үзіліссіз", f"{text}, без перерыва")
    first, second = AB_HOURS
    day = f"{first[0]:%H:%M}–{second[1]:%H:%M}"
    lunch = f"{first[1]:%H:%M}–{second[0]:%H:%M}"
    return Bi(f"{day}, түскі үзіліс {lunch}", f"{day}, перерыв {lunch}")


def head_of(district: District) -> User | None:
    """The district's active head of the authorized body: who signs results (reg:18)."""

    return (
        User.objects.filter(role=Role.AB_HEAD, office__district=district, is_active=True)
        .order_by("id")
        .first()
    )


def signatory_for(user: User | None) -> Signatory:
    position = Bi(*WORDING["head_position"])
    if user is None:
        return Signatory(full_name="", position=position)
    return Signatory(full_name=user.display_name, position=position, username=user.username)


def list_names(day: dt.date) -> dict[str, Bi]:
    """The queue lists as the rule version in force on ``day`` names them."""
    version = DEFAULT_VERSIONS.version_on(day)
    return {spec.code: Bi(spec.names.kk, spec.names.ru) for spec in version.lists}


def clauses_from(codes: Iterable[str], reasons: Mapping[str, Sequence[str]]) -> tuple[Clause, ...]:
    """Pair each clause with the engine's sentences: every sentence names its clause at its end
    ("… (reg:12.2)."). Sentences are matched by that clause, in the engine's order."""
    by_clause: dict[str, list[list[str]]] = {}
    for lang_index, lang in enumerate(("kk", "ru")):
        for sentence in reasons.get(lang, ()):
            match = CLAUSE_AT_END.search(sentence)
            clause = match.group(1) if match else ""
            slots = by_clause.setdefault(clause, [])
            # The n-th sentence of a clause in Kazakh pairs with the n-th in Russian.
            count = sum(1 for s in slots if s[lang_index])
            if count < len(slots):
                slots[count][lang_index] = sentence
            else:
                pair = ["", ""]
                pair[lang_index] = sentence
                slots.append(pair)
    result: list[Clause] = []
    for code in codes:
        for kk, ru in by_clause.pop(code, [["", ""]]):
            result.append(Clause(clause=code, kk=kk, ru=ru))
    # Sentences whose clause is not in the list (never expected) are kept, not dropped.
    for code, pairs in by_clause.items():
        for kk, ru in pairs:
            result.append(Clause(clause=code, kk=kk, ru=ru))
    return tuple(result)
