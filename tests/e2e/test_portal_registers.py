"""The registers' facts on the portal in a browser (ADR 0013), at 360 and 1280 px in kk and ru:
the live server asks the simulator over HTTP when the citizen starts an application; the panel
"The state registers say", step 1 and the family step pre-filled and marked; the registers down
said kindly. Screenshots in var/screenshots/portal-registers-*."""

from __future__ import annotations

from typing import Any

import pytest

from kezek.registries.facts import CivilStatusFacts, PersonFacts, Register
from kezek.registries.models import GatewayCall, Purpose
from tests.registries.conftest import gateway, population, signer  # noqa: F401
from tests.servers import free_port

from .test_portal_application import (  # noqa: F401 (the portal's settings, autouse)
    Visit,
    _e2e_locale,
    _portal_settings,
    eds_sign,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = {
    "kk": {
        "panel": "Мемлекеттік тізілімдер",
        "mark": "тізілімдерден",
        "down": "Мемлекеттік тізілімдер қазір жауап бермеді",
    },
    "ru": {
        "panel": "Государственные реестры сообщают",
        "mark": "из реестров",
        "down": "Государственные реестры сейчас не ответили",
    },
}


def _start(page: Any, visit: Visit, iin: str, name: str) -> None:
    page.goto("/portal/")
    eds_sign(page, iin=iin)
    assert page.url.endswith("/portal/")
    visit.check(f"registers-{name}-cabinet")
    with page.expect_navigation():
        page.click("form[action='/portal/apply/'] button")
    assert page.url.endswith("/apply/applicant/")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_registers_facts_prefill_the_application(
    gateway,  # noqa: F811
    population,  # noqa: F811
    page_factory,
    language,
    width,
) -> None:
    text = TEXT[language]
    iin = population.household_of("family_of_fallen").applicant
    person = population.answer(Register.PERSONS, iin, {})
    civil = population.answer(Register.CIVIL_STATUS, iin, {})
    assert isinstance(person, PersonFacts)
    assert isinstance(civil, CivilStatusFacts)
    children = [b.child_iin for b in civil.births]
    page = page_factory(language=language, width=width)
    visit = Visit(page, language, width)
    _start(page, visit, iin, "family")

    panel = page.locator("section.registers")
    assert text["panel"] in panel.inner_text()
    assert person.last_name in panel.inner_text()
    for child in children:
        assert child in panel.inner_text()
    assert page.input_value("#id_last_name") == person.last_name
    assert page.locator("label[for=id_last_name] .from-registers").inner_text() == text["mark"]
    visit.check("registers-step-applicant")

    page.fill("#id_phone", "+7 701 123 45 67")
    visit.submit()
    assert page.url.endswith("/apply/family/")
    for i, child in enumerate(children):
        assert page.input_value(f"#id_family-{i}-iin") == child
        assert page.input_value(f"#id_family-{i}-relation") == "child"
    assert page.locator("legend .from-registers").count() == len(children)
    visit.check("registers-step-family")
    visit.submit()
    assert page.url.endswith("/apply/groups/")
    # The income is pre-filled (and marked) only when contributions were paid: none is no proof.
    income = page.input_value("#id_income_12_months")
    mark = page.locator("label[for=id_income_12_months] .from-registers").count()
    assert mark == (1 if income else 0)
    visit.check("registers-step-groups")
    assert GatewayCall.objects.filter(purpose=Purpose.PORTAL, subject_iin=iin).count() == len(
        Register
    )


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_registers_down_are_said_kindly(
    population,  # noqa: F811
    page_factory,
    settings,
    language,
    width,
) -> None:
    settings.KEZEK_REGISTRIES_URL = f"http://127.0.0.1:{free_port()}/gateway/sync"
    settings.KEZEK_REGISTRIES_TIMEOUT = 0.5
    settings.KEZEK_REGISTRIES_RATE = 0
    iin = population.household_of("clean").applicant
    page = page_factory(language=language, width=width)
    visit = Visit(page, language, width)
    _start(page, visit, iin, "down")
    assert TEXT[language]["down"] in page.locator("section.registers").inner_text()
    visit.check("registers-down-step-applicant")
    page.fill("#id_address", "Ақтоғай ауылы, Бөкейхан көшесі 12")
    page.fill("#id_phone", "+7 701 123 45 67")
    visit.submit()
    assert page.url.endswith("/apply/family/")
