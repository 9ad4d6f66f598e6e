"""One adapter per register: the request it sends, and the facts it reads from the answer.

`render` writes facts as the register would (the simulator answers with it); `parse` reads them
back and refuses anything off the format with a ProtocolError naming the element, so that a
malformed answer is never taken as a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from kezek.core.iin import is_valid_iin

from .facts import (
    Birth,
    CivilStatusFacts,
    CommunalDwelling,
    DisabilityFacts,
    DistrictFacts,
    Dwelling,
    EmergencyDecision,
    Facts,
    IncomeFacts,
    Marriage,
    MonthIncome,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)
from .protocol import ProtocolError, q


def _el(parent: etree._Element, name: str, value: object = None) -> etree._Element:
    node = etree.SubElement(parent, q(name))
    if value is not None and value != "":
        node.text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return node


def _get(node: etree._Element, name: str, path: str, *, required: bool = True) -> str:
    found = node.find(q(name))
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise ProtocolError("missing or empty", path=f"{path}/{name}")
    return value


def _date(node: etree._Element, name: str, path: str, *, required: bool = True) -> dt.date | None:
    value = _get(node, name, path, required=required)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProtocolError(f"not a date: {value!r}", path=f"{path}/{name}") from None


def _req_date(node: etree._Element, name: str, path: str) -> dt.date:
    day = _date(node, name, path)
    assert day is not None  # required=True
    return day


def _iin(node: etree._Element, name: str, path: str) -> str:
    value = _get(node, name, path)
    if not is_valid_iin(value):
        raise ProtocolError(f"not a valid IIN: {value!r}", path=f"{path}/{name}")
    return value


def _kato(node: etree._Element, name: str, path: str) -> str:
    value = _get(node, name, path)
    if not (value.isdigit() and len(value) == 9):
        raise ProtocolError(f"not a KATO code: {value!r}", path=f"{path}/{name}")
    return value


def _period(node: etree._Element, name: str, path: str) -> str:
    value = _get(node, name, path)
    year, _sep, month = value.partition("-")
    if not (len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()) or not (
        1 <= int(month) <= 12
    ):
        raise ProtocolError(f"not a month (YYYY-MM): {value!r}", path=f"{path}/{name}")
    return value


def _expect(node: etree._Element, name: str) -> None:
    if node.tag != q(name):
        raise ProtocolError(f"expected {name}, got {etree.QName(node).localname}", path=name)


# --- requests -------------------------------------------------------------------------------


def request_element(register: Register, iin: str, params: Mapping[str, str]) -> etree._Element:
    """The register's request: the person's IIN, and for income the 12 months (reg:6.2). One
    shape for every register here; the service id in `requestInfo` says which register it is
    (a real register's own request schema is mapped here when its contract is signed)."""
    node = etree.Element(q("Request"))
    _el(node, "iin", iin)
    for key in sorted(params):
        _el(node, key, params[key])
    return node


def parse_request_element(node: etree._Element) -> tuple[str, dict[str, str]]:
    _expect(node, "Request")
    iin = _iin(node, "iin", "Request")
    params = {
        etree.QName(c).localname: (c.text or "").strip()
        for c in node
        if etree.QName(c).localname != "iin"
    }
    return iin, params


# --- the registers' answers ---------------------------------------------------------------


def _render_person(f: PersonFacts) -> etree._Element:
    node = etree.Element(q("person"))
    for name, value in (
        ("iin", f.iin),
        ("lastName", f.last_name),
        ("firstName", f.first_name),
        ("middleName", f.patronymic),
        ("birthDate", f.birth_date),
        ("sex", f.sex),
        ("citizenship", f.citizenship),
        ("deathDate", f.death_date),
    ):
        _el(node, name, value)
    return node


def _parse_person(node: etree._Element) -> PersonFacts:
    _expect(node, "person")
    sex = _get(node, "sex", "person")
    if sex not in ("male", "female"):
        raise ProtocolError(f"not a sex: {sex!r}", path="person/sex")
    citizenship = _get(node, "citizenship", "person")
    if len(citizenship) != 2 or not citizenship.isalpha():
        raise ProtocolError(f"not a country code: {citizenship!r}", path="person/citizenship")
    return PersonFacts(
        iin=_iin(node, "iin", "person"),
        last_name=_get(node, "lastName", "person"),
        first_name=_get(node, "firstName", "person"),
        patronymic=_get(node, "middleName", "person", required=False),
        birth_date=_req_date(node, "birthDate", "person"),
        sex=sex,
        citizenship=citizenship.upper(),
        death_date=_date(node, "deathDate", "person", required=False),
    )


def _render_registration(f: RegistrationFacts) -> etree._Element:
    node = etree.Element(q("registration"))
    _el(node, "iin", f.iin)
    _el(node, "kind", "permanent" if f.permanent else "none")
    _el(node, "kato", f.kato)
    _el(node, "settlement", f.settlement)
    _el(node, "address", f.address)
    _el(node, "since", f.since)
    return node


def _parse_registration(node: etree._Element) -> RegistrationFacts:
    _expect(node, "registration")
    kind = _get(node, "kind", "registration")
    if kind not in ("permanent", "none"):
        raise ProtocolError(f"unknown kind {kind!r}", path="registration/kind")
    permanent = kind == "permanent"
    kato = _get(node, "kato", "registration", required=permanent)
    if kato and not (kato.isdigit() and len(kato) == 9):
        raise ProtocolError(f"not a KATO code: {kato!r}", path="registration/kato")
    return RegistrationFacts(
        iin=_iin(node, "iin", "registration"),
        permanent=permanent,
        kato=kato,
        settlement=_get(node, "settlement", "registration", required=False),
        address=_get(node, "address", "registration", required=False),
        since=_date(node, "since", "registration", required=permanent),
    )


def _render_civil(f: CivilStatusFacts) -> etree._Element:
    node = etree.Element(q("civilStatus"))
    _el(node, "iin", f.iin)
    for m in f.marriages:
        item = _el(node, "marriage")
        _el(item, "spouseIin", m.spouse_iin)
        _el(item, "registeredOn", m.registered_on)
        _el(item, "certificate", m.certificate)
        _el(item, "dissolvedOn", m.dissolved_on)
        _el(item, "spouseDiedOn", m.spouse_died_on)
    for b in f.births:
        item = _el(node, "birth")
        _el(item, "childIin", b.child_iin)
        _el(item, "childBirthDate", b.child_birth_date)
        _el(item, "certificate", b.certificate)
    _el(node, "deathCertificate", f.death_certificate)
    return node


def _parse_civil(node: etree._Element) -> CivilStatusFacts:
    _expect(node, "civilStatus")
    marriages = tuple(
        Marriage(
            spouse_iin=_iin(m, "spouseIin", "marriage"),
            registered_on=_req_date(m, "registeredOn", "marriage"),
            certificate=_get(m, "certificate", "marriage"),
            dissolved_on=_date(m, "dissolvedOn", "marriage", required=False),
            spouse_died_on=_date(m, "spouseDiedOn", "marriage", required=False),
        )
        for m in node.findall(q("marriage"))
    )
    births = tuple(
        Birth(
            child_iin=_iin(b, "childIin", "birth"),
            child_birth_date=_req_date(b, "childBirthDate", "birth"),
            certificate=_get(b, "certificate", "birth"),
        )
        for b in node.findall(q("birth"))
    )
    return CivilStatusFacts(
        iin=_iin(node, "iin", "civilStatus"),
        marriages=marriages,
        births=births,
        death_certificate=_get(node, "deathCertificate", "civilStatus", required=False),
    )


ACQUISITIONS = ("purchase", "privatization", "inheritance", "gift", "exchange", "construction")
ALIENATIONS = ("sale", "gift", "exchange", "lender_buyout", "demolition")


def _render_real_estate(f: RealEstateFacts) -> etree._Element:
    node = etree.Element(q("realEstate"))
    _el(node, "iin", f.iin)
    for d in f.dwellings:
        item = _el(node, "dwelling")
        _el(item, "cadastralNumber", d.cadastral_number)
        _el(item, "kato", d.kato)
        _el(item, "address", d.address)
        _el(item, "share", d.share)
        _el(item, "acquiredOn", d.acquired_on)
        _el(item, "acquiredBy", d.acquired_by)
        _el(item, "alienatedOn", d.alienated_on)
        _el(item, "alienatedBy", d.alienated_by)
    return node


def _parse_real_estate(node: etree._Element) -> RealEstateFacts:
    _expect(node, "realEstate")
    dwellings = []
    for d in node.findall(q("dwelling")):
        acquired_by = _get(d, "acquiredBy", "dwelling")
        if acquired_by not in ACQUISITIONS:
            raise ProtocolError(f"unknown acquisition {acquired_by!r}", path="dwelling/acquiredBy")
        alienated_on = _date(d, "alienatedOn", "dwelling", required=False)
        alienated_by = _get(d, "alienatedBy", "dwelling", required=alienated_on is not None)
        if alienated_by and alienated_by not in ALIENATIONS:
            raise ProtocolError(f"unknown alienation {alienated_by!r}", path="dwelling/alienatedBy")
        dwellings.append(
            Dwelling(
                cadastral_number=_get(d, "cadastralNumber", "dwelling"),
                kato=_kato(d, "kato", "dwelling"),
                address=_get(d, "address", "dwelling", required=False),
                share=_get(d, "share", "dwelling", required=False) or "1",
                acquired_on=_req_date(d, "acquiredOn", "dwelling"),
                acquired_by=acquired_by,
                alienated_on=alienated_on,
                alienated_by=alienated_by,
            )
        )
    return RealEstateFacts(iin=_iin(node, "iin", "realEstate"), dwellings=tuple(dwellings))


def _render_disability(f: DisabilityFacts) -> etree._Element:
    node = etree.Element(q("disability"))
    _el(node, "iin", f.iin)
    _el(node, "group", f.group)
    _el(node, "child", "true" if f.child else "false")
    _el(node, "since", f.since)
    _el(node, "until", f.until)
    return node


def _parse_disability(node: etree._Element) -> DisabilityFacts:
    _expect(node, "disability")
    raw_group = _get(node, "group", "disability", required=False)
    if raw_group and raw_group not in ("1", "2", "3"):
        raise ProtocolError(f"not a disability group: {raw_group!r}", path="disability/group")
    raw_child = _get(node, "child", "disability", required=False) or "false"
    if raw_child not in ("true", "false"):
        raise ProtocolError(f"not a boolean: {raw_child!r}", path="disability/child")
    return DisabilityFacts(
        iin=_iin(node, "iin", "disability"),
        group=int(raw_group) if raw_group else None,
        child=raw_child == "true",
        since=_date(node, "since", "disability", required=False),
        until=_date(node, "until", "disability", required=False),
    )


def _render_income(f: IncomeFacts) -> etree._Element:
    node = etree.Element(q("income"))
    _el(node, "iin", f.iin)
    _el(node, "periodFrom", f.period_from)
    _el(node, "periodTo", f.period_to)
    for m in f.months:
        item = _el(node, "month")
        _el(item, "period", m.period)
        _el(item, "amount", f"{m.amount:.2f}")
    return node


def _money(value: str, path: str) -> Decimal:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ProtocolError(f"not an amount: {value!r}", path=path) from None
    if not amount.is_finite() or amount < 0:
        raise ProtocolError(f"not an amount: {value!r}", path=path)
    return amount


def _parse_income(node: etree._Element) -> IncomeFacts:
    _expect(node, "income")
    months = tuple(
        MonthIncome(
            period=_period(m, "period", "month"),
            amount=_money(_get(m, "amount", "month"), "month/amount"),
        )
        for m in node.findall(q("month"))
    )
    return IncomeFacts(
        iin=_iin(node, "iin", "income"),
        period_from=_period(node, "periodFrom", "income"),
        period_to=_period(node, "periodTo", "income"),
        months=months,
    )


def _render_district(f: DistrictFacts) -> etree._Element:
    node = etree.Element(q("districtRecords"))
    _el(node, "iin", f.iin)
    for c in f.communal_dwellings:
        item = _el(node, "communalDwelling")
        _el(item, "address", c.address)
        _el(item, "kato", c.kato)
        _el(item, "since", c.since)
    for e in f.emergency_decisions:
        item = _el(node, "emergencyDecision")
        _el(item, "number", e.number)
        _el(item, "decidedOn", e.decided_on)
        _el(item, "cadastralNumber", e.cadastral_number)
        _el(item, "address", e.address)
    return node


def _parse_district(node: etree._Element) -> DistrictFacts:
    _expect(node, "districtRecords")
    return DistrictFacts(
        iin=_iin(node, "iin", "districtRecords"),
        communal_dwellings=tuple(
            CommunalDwelling(
                address=_get(c, "address", "communalDwelling"),
                kato=_kato(c, "kato", "communalDwelling"),
                since=_req_date(c, "since", "communalDwelling"),
            )
            for c in node.findall(q("communalDwelling"))
        ),
        emergency_decisions=tuple(
            EmergencyDecision(
                number=_get(e, "number", "emergencyDecision"),
                decided_on=_req_date(e, "decidedOn", "emergencyDecision"),
                cadastral_number=_get(e, "cadastralNumber", "emergencyDecision"),
                address=_get(e, "address", "emergencyDecision", required=False),
            )
            for e in node.findall(q("emergencyDecision"))
        ),
    )


@dataclass(frozen=True)
class Adapter:
    register: Register
    render: Callable[[Any], etree._Element]
    parse: Callable[[etree._Element], Facts]


ADAPTERS: Mapping[Register, Adapter] = {
    a.register: a
    for a in (
        Adapter(Register.PERSONS, _render_person, _parse_person),
        Adapter(Register.ADDRESSES, _render_registration, _parse_registration),
        Adapter(Register.CIVIL_STATUS, _render_civil, _parse_civil),
        Adapter(Register.REAL_ESTATE, _render_real_estate, _parse_real_estate),
        Adapter(Register.DISABILITY, _render_disability, _parse_disability),
        Adapter(Register.INCOME, _render_income, _parse_income),
        Adapter(Register.DISTRICT, _render_district, _parse_district),
    )
}


def facts_parse(register: Register, node: etree._Element, *, iin: str) -> Facts:
    """The facts of one answer; a ProtocolError when the answer is off the format or names
    another person than the one asked about."""
    facts = ADAPTERS[register].parse(node)
    if facts.iin != iin:
        raise ProtocolError(f"answer about {facts.iin}, asked about {iin}", path="iin")
    return facts
