"""The demo's applicants are in the simulator's population, and the registers say what the demo
declares: the demo's files are built from the registers and decide as they did (ADR 0013)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kezek.demo.loader import _application_input
from kezek.demo.registers import applicant_iins, demo_households_add
from kezek.offices.annex1 import SETTLEMENTS
from kezek.registries.establish import Member, establish
from kezek.registries.facts import Register
from kezek.registries.services import APPLICANT_REGISTERS, MEMBER_REGISTERS, income_period
from kezek.registries.simulator.population import population_generate


def _declared(data: Any, today: dt.date) -> dict[str, Any]:
    facts = data.facts
    case: dict[str, Any] = {
        "application_date": today.isoformat(),
        "fund": data.fund,
        "claimed_groups": list(data.claimed_groups),
        "applicant": {
            "iin": data.applicant.iin,
            "birth_date": data.applicant.birth_date.isoformat(),
            "citizen_of_kz": facts["citizen_of_kz"],
            "permanent_resident_in_locality": facts["permanent_resident_in_locality"],
        },
        "family": [
            {"relation": m.relation, "birth_date": m.birth_date.isoformat(), "disabled": m.disabled}
            for m in data.family
        ],
        "housing": dict(facts.get("housing") or {}),
        "history": list(facts.get("history") or []),
    }
    if facts.get("income_12_months") is not None:
        case["income_12_months"] = facts["income_12_months"]
    return case


def test_the_registers_say_what_the_demo_declares() -> None:
    today = timezone.localdate()
    population = population_generate(seed=2013, households=14, today=today)
    demo_households_add(population)
    period = income_period(today)
    checked = 0
    for serial, person, iin in applicant_iins():
        data = _application_input(person, serial, iin)
        answers: dict[tuple[str, str], Any] = {}
        subjects = [(iin, APPLICANT_REGISTERS)] + [(m.iin, MEMBER_REGISTERS) for m in data.family]
        for subject, registers in subjects:
            for register in registers:
                params = period if register is Register.INCOME else {}
                answers[(register.value, subject)] = population.answer(register, subject, params)
        members = [
            Member(m.relation, m.full_name, m.iin, m.birth_date, m.disabled) for m in data.family
        ]
        out = establish(
            declared=_declared(data, today),
            members=members,
            applicant_iin=iin,
            answers=answers,
            locality_katos={row[0] for row in SETTLEMENTS},
        )
        differs = [(c.key, c.declared, c.fetched) for c in out.comparisons if c.differs]
        assert differs == [], person.last_name
        assert out.added_members == [], person.last_name
        checked += 1
    assert checked >= 20
