"""The facts the engine decides on: fetched where a register answered, declared (and marked
so) where it cannot or has not yet (reg:15.1, last paragraph). Pure: no Django, no queries.

`establish` takes the case as declared at intake (decision-case.md input) and the registers'
answers, and returns the established case with one `Comparison` per fact, so the executor sees
declared against fetched and every difference (reg:8.1: declared "owns nothing", the register
says "a flat in Balkhash since 2019").
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kezek.rules.fact_sources import FACT_CLAUSES

from .facts import (
    CivilStatusFacts,
    DisabilityFacts,
    DistrictFacts,
    Dwelling,
    Facts,
    IncomeFacts,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)

Answers = Mapping[tuple[str, str], Facts | None]  # (service id, IIN) → facts; None: no record

FETCHED, DECLARED, AWAITING, CORRECTED = "fetched", "declared", "awaiting", "corrected"

# The facts the executor may correct (workflow.services.corrections), with their kind.
CORRECTABLE: dict[str, type] = {
    "applicant.citizen_of_kz": bool,
    "applicant.permanent_resident_in_locality": bool,
    "income_12_months": Decimal,
    "housing.owns_dwelling_in_kz": bool,
    "housing.owns_dwelling_in_locality": bool,
    "housing.communal_dwelling_in_use_in_locality": bool,
    "housing.only_dwelling_declared_emergency": bool,
}


@dataclass(frozen=True)
class Comparison:
    """One fact: what was declared, what the register says, which the engine takes."""

    key: str  # the case field: applicant.birth_date, housing.owns_dwelling_in_kz, …
    clause: str  # where the fact enters the rules
    declared: Any
    fetched: Any  # None when no register answered
    source: str  # FETCHED, DECLARED or AWAITING
    registers: tuple[str, ...] = ()  # the service ids the fetched value comes from
    evidence: tuple[str, ...] = ()  # what the register said, in its words (address, dates)
    corrected: Any = None  # the executor's value (source CORRECTED), with `correction_note`
    correction_note: str = ""

    @property
    def differs(self) -> bool:
        """The register contradicts what was declared (a fact not declared at all is not a
        difference: the register supplies it)."""
        return (
            self.source == FETCHED and self.declared is not None and self.fetched != self.declared
        )


@dataclass(frozen=True)
class Member:
    """A member of the family as declared at intake (with an IIN where one was given)."""

    relation: str
    full_name: str
    iin: str
    birth_date: dt.date
    disabled: bool


@dataclass
class Established:
    case: dict[str, Any]
    comparisons: list[Comparison] = field(default_factory=list)
    # The members the registers name who were not declared (spouse, children): (relation, iin)
    added_members: list[tuple[str, str]] = field(default_factory=list)

    def comparison(self, key: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.key == key), None)


def _get(answers: Answers, register: Register, iin: str) -> tuple[bool, Facts | None]:
    key = (register.value, iin)
    return key in answers, answers.get(key)


def _day(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _text(value: str) -> str:
    """Register text inside an evidence template (`{purchase}` is a word the screen translates)."""
    return value.replace("{", "{{").replace("}", "}}")


def _dwelling_words(d: Dwelling) -> str:
    """`Address, cadastral no.: {purchase} 02.04.2019; {sale} 01.11.2023`: the braces name the
    kind of transaction, which the screen puts in its language (registries.presenters)."""
    words = (
        f"{_text(d.address or d.kato)}, {_text(d.cadastral_number)}: "
        f"{{{d.acquired_by}}} {_day(d.acquired_on)}"
    )
    if d.alienated_on:
        words += f"; {{{d.alienated_by}}} {_day(d.alienated_on)}"
    return words


def establish(
    *,
    declared: Mapping[str, Any],
    members: Sequence[Member],
    applicant_iin: str,
    answers: Answers,
    locality_katos: Collection[str],
    corrections: Mapping[str, tuple[Any, str]] | None = None,
) -> Established:
    """`corrections`: the executor's latest value of a fact with its note (evidence), taken
    over what was declared and fetched."""
    case: dict[str, Any] = copy.deepcopy(dict(declared))
    day = dt.date.fromisoformat(case["application_date"])
    out = Established(case=case)
    applicant = case["applicant"]
    comparisons = out.comparisons

    # Identity and citizenship (reg:4; ГБД ФЛ).
    asked, person = _get(answers, Register.PERSONS, applicant_iin)
    if isinstance(person, PersonFacts):
        comparisons.append(
            Comparison(
                "applicant.birth_date",
                FACT_CLAUSES["applicant.birth_date"],
                applicant.get("birth_date"),
                person.birth_date.isoformat(),
                FETCHED,
                (Register.PERSONS.value,),
            )
        )
        applicant["birth_date"] = person.birth_date.isoformat()
        citizen = person.citizenship == "KZ"
        comparisons.append(
            Comparison(
                "applicant.citizen_of_kz",
                FACT_CLAUSES["applicant.citizen_of_kz"],
                applicant.get("citizen_of_kz", True),
                citizen,
                FETCHED,
                (Register.PERSONS.value,),
                (_text(person.citizenship),) if person.citizenship != "KZ" else (),
            )
        )
        applicant["citizen_of_kz"] = citizen
        if person.death_date is not None:
            comparisons.append(
                Comparison(
                    "applicant.death_date",
                    FACT_CLAUSES["applicant.birth_date"],
                    None,
                    person.death_date.isoformat(),
                    FETCHED,
                    (Register.PERSONS.value,),
                )
            )
    else:
        for key in ("applicant.birth_date", "applicant.citizen_of_kz"):
            comparisons.append(
                Comparison(
                    key, FACT_CLAUSES[key], applicant.get(key.split(".")[1]), None, _pending(asked)
                )
            )

    # Permanent residence in the settlement (reg:6; the address register, by КАТО).
    asked, reg = _get(answers, Register.ADDRESSES, applicant_iin)
    locality = ""
    declared_resident = applicant.get("permanent_resident_in_locality", True)
    if isinstance(reg, RegistrationFacts) or (asked and reg is None):
        resident = (
            isinstance(reg, RegistrationFacts) and reg.permanent and reg.kato in locality_katos
        )
        locality = reg.kato if isinstance(reg, RegistrationFacts) and resident else ""
        evidence = (
            (
                ", ".join(
                    _text(part) for part in dict.fromkeys((reg.settlement, reg.address)) if part
                )
                + f" ({{since}} {_day(reg.since)})",
            )
            if isinstance(reg, RegistrationFacts) and reg.permanent
            else ()
        )
        comparisons.append(
            Comparison(
                "applicant.permanent_resident_in_locality",
                FACT_CLAUSES["applicant.permanent_resident_in_locality"],
                declared_resident,
                resident,
                FETCHED,
                (Register.ADDRESSES.value,),
                evidence,
            )
        )
        applicant["permanent_resident_in_locality"] = resident
    else:
        comparisons.append(
            Comparison(
                "applicant.permanent_resident_in_locality",
                FACT_CLAUSES["applicant.permanent_resident_in_locality"],
                declared_resident,
                None,
                _pending(asked),
            )
        )

    # The family (reg:1, reg:15.1.c; civil status records), each member's birth date and
    # disability (the register of persons with disabilities, reg:7.4).
    family = _establish_family(out, members, applicant_iin, answers, day)
    everyone = [applicant_iin, *[iin for iin, _relation in family]]

    # Income of every member over the 12 months (reg:6.2; pension contributions' base).
    incomes: list[Decimal] = []
    for iin in everyone:
        _asked, income = _get(answers, Register.INCOME, iin)
        if isinstance(income, IncomeFacts):
            incomes.append(income.total)
        elif _asked and income is None:
            incomes.append(Decimal("0"))  # no contributions: no income on record
    declared_income = case.get("income_12_months")
    if len(incomes) == len(everyone):
        exact = sum(incomes, Decimal("0"))
        # Whole tenge, as declared and as the thresholds are (reg:6.2); the exact sum is shown.
        total = exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        comparisons.append(
            Comparison(
                "income_12_months",
                FACT_CLAUSES["income_12_months"],
                declared_income,
                total,
                FETCHED,
                (Register.INCOME.value,),
                (f"{exact:.2f}",) if exact != total else (),
            )
        )
        case["income_12_months"] = total
    else:
        comparisons.append(
            Comparison(
                "income_12_months",
                FACT_CLAUSES["income_12_months"],
                declared_income,
                None,
                AWAITING,
            )
        )

    _establish_housing(out, everyone, answers, day, locality or None, locality_katos)
    for key, (value, note) in (corrections or {}).items():
        correct(out, key, value, note)
    return out


def correct(out: Established, key: str, value: Any, note: str) -> None:
    """Take the executor's value of `key` into the case and mark its comparison corrected."""
    head, _sep, tail = key.partition(".")
    if tail:
        out.case.setdefault(head, {})[tail] = value
    else:
        out.case[key] = Decimal(str(value)) if key == "income_12_months" else value
    for index, c in enumerate(out.comparisons):
        if c.key == key:
            out.comparisons[index] = dataclasses.replace(
                c, source=CORRECTED, corrected=value, correction_note=note
            )
            return
    out.comparisons.append(
        Comparison(
            key,
            FACT_CLAUSES.get(key, ""),
            None,
            None,
            CORRECTED,
            corrected=value,
            correction_note=note,
        )
    )


def _pending(asked: bool) -> str:
    return DECLARED if asked else AWAITING


def _establish_family(
    out: Established,
    members: Sequence[Member],
    applicant_iin: str,
    answers: Answers,
    day: dt.date,
) -> list[tuple[str, str]]:
    case = out.case
    asked, civil = _get(answers, Register.CIVIL_STATUS, applicant_iin)
    by_iin = {m.iin: (i, m) for i, m in enumerate(members) if m.iin}
    family = case["family"]
    result: list[tuple[str, str]] = [(m.iin, m.relation) for m in members if m.iin]
    if isinstance(civil, CivilStatusFacts):
        recorded: list[tuple[str, str]] = []
        for iin, relation in civil.family():
            _seen, person = _get(answers, Register.PERSONS, iin)
            if relation == "child" and isinstance(person, PersonFacts) and person.death_date:
                continue  # a child who has died is no member of the family
            recorded.append((iin, relation))
        # The civil status records know the spouse and the children, not parents or others.
        declared_set = sorted(
            (m.iin, m.relation) for m in members if m.iin and m.relation in ("spouse", "child")
        )
        for iin, relation in recorded:
            if iin not in by_iin:
                _seen, person = _get(answers, Register.PERSONS, iin)
                born = (
                    person.birth_date
                    if isinstance(person, PersonFacts)
                    else civil.birth_date_of(iin)
                )
                # Spouse and children are the family by law (reg:1): a member the records
                # name is counted even when it was not declared; the executor sees it.
                family.append(
                    {
                        "relation": relation,
                        "birth_date": born.isoformat() if born else None,
                        "disabled": False,
                    }
                )
                by_iin[iin] = (len(family) - 1, Member(relation, "", iin, born or day, False))
                out.added_members.append((relation, iin))
                result.append((iin, relation))
        out.comparisons.append(
            Comparison(
                "family",
                FACT_CLAUSES["family"],
                [f"{r}:{i}" for i, r in declared_set],
                sorted(f"{r}:{i}" for i, r in recorded),
                FETCHED,
                (Register.CIVIL_STATUS.value,),
                tuple(
                    f"{{marriage}} {_text(m.certificate)}, {_day(m.registered_on)}"
                    for m in civil.marriages
                )
                + tuple(
                    f"{{birth}} {_text(b.certificate)}, {_day(b.child_birth_date)}"
                    for b in civil.births
                ),
            )
        )
    else:
        out.comparisons.append(
            Comparison(
                "family",
                FACT_CLAUSES["family"],
                [f"{m.relation}:{m.iin}" for m in members],
                None,
                _pending(asked),
            )
        )
    for iin, (index, member) in by_iin.items():
        if index >= len(family) or family[index].get("birth_date") is None:
            continue
        _seen, person = _get(answers, Register.PERSONS, iin)
        if isinstance(person, PersonFacts):
            family[index]["birth_date"] = person.birth_date.isoformat()
        asked_dis, disability = _get(answers, Register.DISABILITY, iin)
        if isinstance(disability, DisabilityFacts) or (asked_dis and disability is None):
            disabled = isinstance(disability, DisabilityFacts) and disability.disabled_on(day)
            out.comparisons.append(
                Comparison(
                    f"family.{iin}.disabled",
                    FACT_CLAUSES["family[].disabled"],
                    bool(member.disabled),
                    disabled,
                    FETCHED,
                    (Register.DISABILITY.value,),
                    (f"{{group}} {disability.group}",)
                    if isinstance(disability, DisabilityFacts) and disability.group
                    else (),
                )
            )
            family[index]["disabled"] = disabled
    # A member with no birth date known anywhere cannot be decided on: keep the declared one.
    case["family"] = [m for m in family if m.get("birth_date")]
    return result


_ALIENATION_EVENTS = {
    "sale": "alienated_dwelling",
    "gift": "alienated_dwelling",
    "lender_buyout": "alienated_dwelling",
    "exchange": "exchanged_dwelling",
}


def _establish_housing(
    out: Established,
    everyone: Sequence[str],
    answers: Answers,
    day: dt.date,
    locality: str | None,
    locality_katos: Collection[str],
) -> None:
    case = out.case
    housing: dict[str, Any] = case.setdefault("housing", {})
    dwellings: list[Dwelling] = []
    answered = 0
    for iin in everyone:
        asked, estate = _get(answers, Register.REAL_ESTATE, iin)
        if isinstance(estate, RealEstateFacts):
            dwellings.extend(estate.dwellings)
            answered += 1
        elif asked and estate is None:
            answered += 1
    all_answered = answered == len(everyone)
    owned = [d for d in dwellings if d.owned_on(day)]
    here = {locality} if locality else set(locality_katos)
    source = FETCHED if all_answered else AWAITING
    reg = (Register.REAL_ESTATE.value,)
    for key, clause, value, shown in (
        (
            "owns_dwelling_in_kz",
            FACT_CLAUSES["housing.owns_dwelling_in_kz"],
            bool(owned),
            owned,
        ),
        (
            "owns_dwelling_in_locality",
            FACT_CLAUSES["housing.owns_dwelling_in_locality"],
            any(d.kato in here for d in owned),
            [d for d in owned if d.kato in here],
        ),
    ):
        declared = bool(housing.get(key, False))
        out.comparisons.append(
            Comparison(
                f"housing.{key}",
                clause,
                declared,
                value if all_answered else None,
                source,
                reg if all_answered else (),
                tuple(_dwelling_words(d) for d in shown),
            )
        )
        if all_answered:
            housing[key] = value

    # The five years before the application (reg:12.1-12.2): alienations and exchanges.
    if all_answered:
        fetched_events = [
            {
                "date": d.alienated_on.isoformat(),
                "event": _ALIENATION_EVENTS[d.alienated_by],
                **({"lender_buyout": True} if d.alienated_by == "lender_buyout" else {}),
            }
            for d in dwellings
            if d.alienated_on is not None and d.alienated_by in _ALIENATION_EVENTS
        ]
        covered = set(_ALIENATION_EVENTS.values())
        declared_events = [e for e in case.get("history", []) if e.get("event") in covered]
        kept = [e for e in case.get("history", []) if e.get("event") not in covered]
        out.comparisons.append(
            Comparison(
                "history",
                FACT_CLAUSES["history"],
                sorted(f"{e['event']}:{e['date']}" for e in declared_events),
                sorted(f"{e['event']}:{e['date']}" for e in fetched_events),
                FETCHED,
                reg,
                tuple(_dwelling_words(d) for d in dwellings if d.alienated_on),
            )
        )
        case["history"] = sorted(kept + fetched_events, key=lambda e: e["date"])
    else:
        out.comparisons.append(Comparison("history", FACT_CLAUSES["history"], None, None, AWAITING))

    # The district's own records: communal dwellings in use (reg:8.3), the local executive
    # body's decision declaring the only dwelling in emergency condition (reg:6.4, reg:8.4).
    district_answers: list[DistrictFacts] = []
    district_asked = 0
    for iin in everyone:
        asked, facts = _get(answers, Register.DISTRICT, iin)
        if isinstance(facts, DistrictFacts):
            district_answers.append(facts)
        district_asked += int(asked)
    district_done = district_asked == len(everyone)
    communal = [c for f in district_answers for c in f.communal_dwellings if c.kato in here]
    declared_communal = bool(housing.get("communal_dwelling_in_use_in_locality", False))
    out.comparisons.append(
        Comparison(
            "housing.communal_dwelling_in_use_in_locality",
            FACT_CLAUSES["housing.communal_dwelling_in_use_in_locality"],
            declared_communal,
            bool(communal) if district_done else None,
            FETCHED if district_done else AWAITING,
            (Register.DISTRICT.value,) if district_done else (),
            tuple(f"{_text(c.address)} ({{since}} {_day(c.since)})" for c in communal),
        )
    )
    if district_done:
        housing["communal_dwelling_in_use_in_locality"] = bool(communal)
    decisions = [e for f in district_answers for e in f.emergency_decisions]
    declared_emergency = bool(housing.get("only_dwelling_declared_emergency", False))
    if district_done and all_answered:
        only = owned[0].cadastral_number if len(owned) == 1 else None
        emergency = only is not None and any(e.cadastral_number == only for e in decisions)
        out.comparisons.append(
            Comparison(
                "housing.only_dwelling_declared_emergency",
                FACT_CLAUSES["housing.only_dwelling_declared_emergency"],
                declared_emergency,
                emergency,
                FETCHED,
                (Register.DISTRICT.value, Register.REAL_ESTATE.value),
                tuple(
                    f"{{decision}} № {_text(e.number)}, {_day(e.decided_on)}: {_text(e.address)}"
                    for e in decisions
                ),
            )
        )
        housing["only_dwelling_declared_emergency"] = emergency
    else:
        out.comparisons.append(
            Comparison(
                "housing.only_dwelling_declared_emergency",
                FACT_CLAUSES["housing.only_dwelling_declared_emergency"],
                declared_emergency,
                None,
                AWAITING,
            )
        )
