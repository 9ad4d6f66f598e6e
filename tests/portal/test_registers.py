"""The registers' facts on the portal (reg:15.1 last paragraph, reg:15.2; ADR 0013): asked when
the citizen starts an application, through the simulator over HTTP; shown in plain words,
pre-filling the steps; a register down or slow is said kindly and never stops the application;
every call recorded with the portal's purpose; nobody else's facts are shown."""

from __future__ import annotations

import re
import time

import pytest

from kezek.audit.models import AuditRecord
from kezek.portal.models import Draft
from kezek.registries.facts import CivilStatusFacts, PersonFacts, RealEstateFacts, Register
from kezek.registries.models import GatewayCall, Purpose
from tests.servers import free_port

from .support import fill_answers, sign_in, start

pytestmark = pytest.mark.django_db


def _person(population, iin: str) -> PersonFacts:
    facts = population.answer(Register.PERSONS, iin, {})
    assert isinstance(facts, PersonFacts)
    return facts


def _family(population, iin: str) -> set[str]:
    """The spouse and the children the citizen's own civil status records name."""
    civil = population.answer(Register.CIVIL_STATUS, iin, {})
    assert isinstance(civil, CivilStatusFacts)
    spouses = {
        m.spouse_iin for m in civil.marriages if m.dissolved_on is None and m.spouse_died_on is None
    }
    return spouses | {b.child_iin for b in civil.births}


def _start(client, iin: str, language: str = "ru", took: list[float] | None = None) -> str:
    client.cookies["kezek_language"] = language
    sign_in(client, iin=iin)
    began = time.monotonic()
    response = start(client)
    if took is not None:
        took.append(time.monotonic() - began)
    assert response.status_code == 302
    assert response["Location"] == "/portal/apply/applicant/"
    page = client.get("/portal/apply/applicant/")
    assert page.status_code == 200
    return page.content.decode()


def _panel(html: str) -> str:
    match = re.search(r'<section class="registers".*?</section>', html, re.S)
    assert match, "no registers' panel on the page"
    return match[0]


def test_the_clean_case_shows_the_registers_facts_and_prefills_step_1(
    gateway, population, client
) -> None:
    iin = population.household_of("clean").applicant
    person = _person(population, iin)
    html = _start(client, iin)
    panel = _panel(html)
    assert "Государственные реестры сообщают" in panel
    assert f"{person.last_name} {person.first_name}" in panel
    assert person.birth_date.strftime("%d.%m.%Y") in panel
    registration = population.answer(Register.ADDRESSES, iin, {})
    assert registration.address in panel
    assert registration.settlement in panel
    assert "Доход за 12 месяцев" in panel
    assert "reg:" not in panel
    # Step 1 pre-filled from the registers, and marked so.
    assert f'value="{person.last_name}"' in html
    assert f'value="{registration.address}"' in html
    assert "из реестров" in html
    # Every call recorded with the portal's purpose; one audit record names the citizen.
    calls = GatewayCall.objects.filter(purpose=Purpose.PORTAL)
    assert {c.register for c in calls.filter(subject_iin=iin)} == {r.value for r in Register}
    assert set(calls.values_list("subject_iin", flat=True)) <= {iin} | _family(population, iin)
    assert all(c.outcome in ("answered", "not_found") for c in calls)
    record = AuditRecord.objects.get(action="registries.consulted")
    assert iin in record.actor_label
    assert record.after["purpose"] == Purpose.PORTAL
    # The draft keeps the calls, not a copy of the facts.
    snapshot = Draft.objects.get(iin=iin).data["registers"]
    assert set(snapshot["calls"][iin]) == {r.value for r in Register}


def test_a_flat_elsewhere_is_shown_with_its_address_and_date(gateway, population, client) -> None:
    iin = population.household_of("owns_flat_elsewhere").applicant
    estate = population.answer(Register.REAL_ESTATE, iin, {})
    assert isinstance(estate, RealEstateFacts)
    flat = estate.dwellings[0]
    panel = _panel(_start(client, iin, language="kk"))
    assert "Мемлекеттік тізілімдер" in panel
    assert flat.address in panel
    assert flat.acquired_on.strftime("%d.%m.%Y") in panel


@pytest.mark.parametrize("case", ["family_of_fallen", "disabled_child"])
def test_the_family_is_shown_and_prefills_step_2(gateway, population, client, case) -> None:
    household = population.household_of(case)
    iin = household.applicant
    family = _family(population, iin)
    assert family
    panel = _panel(_start(client, iin))
    for member in family:
        assert member in panel
        assert _person(population, member).first_name in panel
    if case == "family_of_fallen":  # the spouse who died is in no list of the family
        civil = population.answer(Register.CIVIL_STATUS, iin, {})
        dead = {m.spouse_iin for m in civil.marriages if m.spouse_died_on}
        assert dead
        assert not dead & set(re.findall(r"\d{12}", panel))
    else:
        assert "ребёнок-инвалид" in panel
    # Step 1 saved as pre-filled: the family step offers the members the records name.
    page = client.get("/portal/apply/applicant/").content.decode()
    phone = {"phone": "+7 701 123 45 67", "language": "ru", "action": "next"}
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    data = {
        k: fields[k] for k in ("last_name", "first_name", "patronymic", "address") if k in fields
    }
    data.update(phone, district="akt", citizen_of_kz="on", permanent_resident_in_locality="on")
    response = client.post("/portal/apply/applicant/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    step2 = client.get("/portal/apply/family/").content.decode()
    for member in family:
        assert f'value="{member}"' in step2
        assert _person(population, member).birth_date.strftime("%d.%m.%Y") in step2
    assert "из реестров" in step2
    assert f'name="family-INITIAL_FORMS" value="{len(family)}"' in step2


def test_nobody_elses_facts_are_shown(gateway, population, client) -> None:
    """The signed-in IIN only, and the family as their civil status records name them: an
    ex-spouse, another household, the certificate's name are not the registers' facts."""
    household = population.household_of("divorced_single_parent")
    iin = household.applicant
    allowed = {iin} | _family(population, iin)
    civil = population.answer(Register.CIVIL_STATUS, iin, {})
    former = {m.spouse_iin for m in civil.marriages if m.dissolved_on}
    assert former
    html = _start(client, iin)
    shown = set(re.findall(r"\b\d{12}\b", _panel(html)))
    assert shown <= allowed
    assert not shown & former
    assert _person(population, next(iter(former))).first_name not in _panel(html)
    # Another citizen, in another session, sees their own facts and none of these.
    other = population.household_of("clean").applicant
    client.post("/portal/sign-out/")
    panel = _panel(_start(client, other))
    assert iin not in panel
    assert _person(population, iin).first_name not in panel or (
        _person(population, iin).first_name == _person(population, other).first_name
    )
    assert set(re.findall(r"\b\d{12}\b", panel)) <= {other} | _family(population, other)


def test_registers_down_are_said_kindly_and_the_application_goes_on(
    population, client, settings
) -> None:
    settings.KEZEK_REGISTRIES_URL = f"http://127.0.0.1:{free_port()}/gateway/sync"
    settings.KEZEK_REGISTRIES_TIMEOUT = 0.5
    settings.KEZEK_REGISTRIES_RATE = 0
    iin = population.household_of("clean").applicant
    html = _start(client, iin)
    panel = _panel(html)
    assert "Государственные реестры сейчас не ответили" in panel
    assert "справки сейчас приносить не нужно" in panel
    assert "Запросить реестры ещё раз" in panel
    calls = GatewayCall.objects.filter(purpose=Purpose.PORTAL, subject_iin=iin)
    assert calls.count() == len(Register)
    assert {c.outcome for c in calls} == {"unavailable"}
    # The application works as before: the steps are answered by hand.
    fill_answers(client)
    assert Draft.objects.get(iin=iin).step == 6


def test_a_slow_register_is_named_and_the_others_answer(gateway, population, client) -> None:
    gateway.set_mode("slow", delay=3, registers=[Register.REAL_ESTATE.value])
    iin = population.household_of("owns_flat_elsewhere").applicant
    took: list[float] = []
    html = _start(client, iin, language="kk", took=took)
    assert took[0] < 3  # the register waits 3 s; the call gives up after 1 s
    panel = _panel(html)
    assert "жылжымайтын мүлік тізілімі" in panel
    assert "анықтамаларын қазір әкелудің қажеті жоқ" in panel
    estate = population.answer(Register.REAL_ESTATE, iin, {})
    assert estate.dwellings[0].address not in panel
    assert _person(population, iin).last_name in panel
    # Asked again when the register is back: the flat is shown.
    gateway.set_mode("normal")
    response = client.post("/portal/apply/registers/", {"step": "applicant"})
    assert response["Location"] == "/portal/apply/applicant/"
    panel = _panel(client.get("/portal/apply/applicant/").content.decode())
    assert estate.dwellings[0].address in panel


def test_the_time_budget_bounds_the_wait(gateway, population, client, monkeypatch, settings):
    settings.KEZEK_REGISTRIES_TIMEOUT = 10
    settings.KEZEK_REGISTRIES_WINDOW_SECONDS = 0.5
    gateway.set_mode("slow", delay=2)
    iin = population.household_of("clean").applicant
    took: list[float] = []
    html = _start(client, iin, took=took)
    assert took[0] < 1.8  # a budget of 0.5 s against registers that answer after 2 s
    assert "Государственные реестры сейчас не ответили" in _panel(html)
    calls = GatewayCall.objects.filter(purpose=Purpose.PORTAL, subject_iin=iin)
    assert calls.count() == len(Register)
    assert all("time budget" in c.error for c in calls)


def test_without_registers_configured_nothing_appears(client, settings) -> None:
    from .support import citizen_iin

    assert not settings.KEZEK_REGISTRIES_URL
    html = _start(client, citizen_iin())
    assert 'class="registers"' not in html
    assert "реестр" not in html.lower()
    assert not GatewayCall.objects.exists()
