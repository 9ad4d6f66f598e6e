"""Each adapter reads back what it rendered, for everybody in the population: the simulator's
answers are the format the client parses, and parsing loses nothing."""

from __future__ import annotations

import pytest
from lxml import etree

from kezek.registries.adapters import ADAPTERS, facts_parse
from kezek.registries.facts import Register
from kezek.registries.protocol import ProtocolError
from kezek.registries.simulator.population import Population


@pytest.mark.parametrize("register", list(Register))
def test_render_then_parse_gives_the_same_facts(population: Population, register: Register) -> None:
    adapter = ADAPTERS[register]
    seen = 0
    for iin in population.iins():
        facts = population.answer(register, iin)
        assert facts is not None
        wire = etree.tostring(adapter.render(facts), encoding="UTF-8")
        assert facts_parse(register, etree.fromstring(wire), iin=iin) == facts
        seen += 1
    assert seen == len(population)


def test_an_answer_about_someone_else_is_refused(population: Population) -> None:
    clean, other = population.cases["clean"], population.cases["deceased"]
    node = ADAPTERS[Register.PERSONS].render(population.answer(Register.PERSONS, clean))
    with pytest.raises(ProtocolError, match="asked about"):
        facts_parse(Register.PERSONS, node, iin=other)


def test_a_dwelling_off_the_classifier_or_a_month_off_the_calendar_is_refused() -> None:
    import datetime as dt
    from decimal import Decimal

    import pytest
    from lxml import etree

    from kezek.registries.adapters import ADAPTERS
    from kezek.registries.facts import (
        Dwelling,
        IncomeFacts,
        MonthIncome,
        RealEstateFacts,
        Register,
    )
    from kezek.registries.protocol import ProtocolError

    iin = "850304300117"
    estate = ADAPTERS[Register.REAL_ESTATE].render(
        RealEstateFacts(iin, (Dwelling("09:1", "35403", "x", dt.date(2019, 1, 1), "purchase"),))
    )
    with pytest.raises(ProtocolError, match="dwelling/kato"):
        ADAPTERS[Register.REAL_ESTATE].parse(estate)
    income = ADAPTERS[Register.INCOME].render(
        IncomeFacts(iin, "2025-11", "2026-10", (MonthIncome("2026-13", Decimal("1")),))
    )
    with pytest.raises(ProtocolError, match="month/period"):
        ADAPTERS[Register.INCOME].parse(income)
    assert etree.QName(income).localname == "income"
