"""The window's form filled from the state registers in a real browser (issue 13): the live
server asks the simulator (started by the `gateway` fixture, KEZEK_REGISTRIES_URL pointed at
it); in Kazakh and Russian, at 360 and 1280 pixels; screenshots in var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from kezek.accounts.models import Role
from kezek.registries.facts import PersonFacts, Register
from kezek.registries.models import GatewayCall, Purpose
from tests.e2e.test_backoffice_flows import (  # noqa: F401 (fixtures)
    _backoffice_locale,
    _backoffice_settings,
    screen,
    staff_member,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = {
    "kk": "жеке тұлғалардың мемлекеттік деректер қорынан",
    "ru": "из Государственной базы данных",
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_window_fills_from_the_registers(
    screen,  # noqa: F811 (the fixture imported above)
    offices,
    gateway,
    population,
    language,
    width,
) -> None:
    inspector = staff_member(Role.PSC_INSPECTOR, offices["akt-psc-1"], "Терезе")
    household = population.household_of("disabled_child")
    person = population.answer(Register.PERSONS, household.applicant, {})
    assert isinstance(person, PersonFacts)
    s: Any = screen(language=language, width=width, user=inspector)
    s.go("/office/intake/", "registers-empty")
    assert s.focused("#lookup-iin")
    s.page.keyboard.type(household.applicant)
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")  # Enter asks the registers: the first button
    s.check("registers-filled")
    assert s.page.input_value("#id_a-last_name") == person.last_name
    assert NOTE[language] in s.page.inner_text("#intake-form")
    assert s.page.locator(".checklist-item.is-fetched").count() >= 3
    assert s.page.locator("#family-details[open]").count() == 1
    assert s.page.input_value("#id_family-0-iin")
    assert s.focused("input[name='a-claimed_groups']"), "the groups are what is left to enter"
    assert "reg:" not in s.page.inner_text("body")
    assert GatewayCall.objects.filter(
        subject_iin=household.applicant, purpose=Purpose.LOOKUP, requested_by=inspector
    ).count() == len(Register)
