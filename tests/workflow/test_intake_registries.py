"""The window's form filled from the state registers (issue 13; reg:15.1, last paragraph), through
the simulator over HTTP: the person, the address, the facts and the family come from the
registers with a note per field; the documents that are state resources are fetched, not asked
for on paper; an invalid IIN asks nobody; registers that are down leave a form to fill by hand."""

from __future__ import annotations

import re

import pytest

from kezek.accounts.models import Role
from kezek.applications.choices import DocumentSource
from kezek.applications.models import Application
from kezek.audit.models import AuditRecord
from kezek.registries.facts import CivilStatusFacts, PersonFacts, Register, RegistrationFacts
from kezek.registries.models import GatewayCall, Purpose, RegisterQuery
from tests.servers import free_port

pytestmark = pytest.mark.django_db

STATE_DOCUMENTS = (
    "id_documents",
    "civil_status_certificates",
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
    "income_statement",
)


@pytest.fixture
def inspector(client, staff):
    client.force_login(staff[Role.PSC_INSPECTOR])
    return staff[Role.PSC_INSPECTOR]


def _ask(client, iin: str, language: str = "ru"):
    return client.post(
        "/office/intake/", {"iin": iin, "do": "registers"}, HTTP_ACCEPT_LANGUAGE=language
    )


def _value(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    return found.group(1) if found else ""


def _accept_data(html: str, iin: str, documents: list[str], family: list[dict]) -> dict:
    data = {
        "a-iin": iin,
        "a-last_name": _value(html, "a-last_name"),
        "a-first_name": _value(html, "a-first_name"),
        "a-patronymic": _value(html, "a-patronymic"),
        "a-address": _value(html, "a-address"),
        "a-phone": "+7 701 000 00 00",
        "a-notify_by_sms": "on",
        "a-language": "ru",
        "a-claimed_groups": ["large_family"],
        "a-fund": "communal",
        "a-documents": documents,
        "a-citizen_of_kz": "on",
        "a-permanent_resident_in_locality": "on",
        "a-income_12_months": _value(html, "a-income_12_months") or "100000",
        "a-registers_asked": _value(html, "a-registers_asked"),
        "do": "accept",
        "family-TOTAL_FORMS": str(max(len(family), 1)),
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "12",
    }
    for i, member in enumerate(family):
        for key, value in member.items():
            data[f"family-{i}-{key}"] = value
    return data


def test_without_registers_configured_the_window_does_not_offer_them(client, inspector) -> None:
    html = client.get("/office/intake/").content.decode()
    assert 'value="registers"' not in html
    assert '<form method="get" class="lookup-form">' in html


def test_the_clean_case_is_filled_from_the_registers_with_a_note_per_field(
    client, inspector, gateway, population
) -> None:
    household = population.household_of("clean")
    person = population.answer(Register.PERSONS, household.applicant, {})
    registration = population.answer(Register.ADDRESSES, household.applicant, {})
    assert isinstance(person, PersonFacts)
    assert isinstance(registration, RegistrationFacts)

    page = client.get("/office/intake/").content.decode()
    assert 'value="registers"' in page  # the button is there when a gateway is configured

    response = _ask(client, household.applicant)
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert _value(html, "a-last_name") == person.last_name
    assert _value(html, "a-first_name") == person.first_name
    assert registration.settlement in _value(html, "a-address")
    assert 'id="id_a-citizen_of_kz" checked' in html or re.search(
        r'name="a-citizen_of_kz"[^>]*checked', html
    )
    # A note per filled field: the register and the time of its answer.
    assert re.search(r'id="id_a-last_name_source">из Государственной базы данных', html) or (
        "из государственной базы данных физических лиц" in html.lower()
    )
    assert html.count('class="source-note"') >= 5
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", html)
    # The documents that are state resources are fetched and not asked for on paper.
    for code in ("id_documents", "residence_proof", "civil_status_certificates"):
        assert f'id="fetched-{code}"' in html, code
    assert "reg:" not in html
    assert 'value="True"' in html  # the form remembers that the registers were asked

    calls = GatewayCall.objects.filter(subject_iin=household.applicant)
    assert calls.count() == len(Register)
    assert set(calls.values_list("purpose", flat=True)) == {Purpose.LOOKUP}
    assert set(calls.values_list("requested_by", flat=True)) == {inspector.pk}
    record = AuditRecord.objects.filter(action="registries.consulted").latest("pk")
    assert record.actor_id == inspector.pk
    assert household.applicant in record.after["persons"]
    assert Application.objects.count() == 0  # nothing saved until the file is accepted


def test_a_family_case_fills_the_spouse_and_children_and_the_file_takes_fetched_documents(
    client, inspector, gateway, population
) -> None:
    household = population.household_of("disabled_child")
    applicant = household.applicant
    civil = population.answer(Register.CIVIL_STATUS, applicant, {})
    assert isinstance(civil, CivilStatusFacts)
    assert civil.births
    response = _ask(client, applicant)
    html = response.content.decode()
    assert response.status_code == 200
    children = [b.child_iin for b in civil.births]
    filled = {_value(html, f"family-{i}-iin") for i in range(len(children) + 2)}
    assert set(children) <= filled  # the spouse (if married) and every child
    child = population.answer(Register.PERSONS, children[0], {})
    assert isinstance(child, PersonFacts)
    assert child.last_name in html
    assert child.birth_date.isoformat() in html
    assert "из записей актов гражданского состояния" in html.lower()
    # disability from the disability register: some child of this case is ticked disabled
    assert re.search(r'name="family-\d+-disabled"[^>]*checked', html)
    # Members asked about too, with the inspector and the purpose.
    assert GatewayCall.objects.filter(
        subject_iin=children[0], purpose=Purpose.LOOKUP, requested_by=inspector
    ).exists()

    family = []
    for i in range(len(children) + 2):
        iin = _value(html, f"family-{i}-iin")
        if not iin:
            continue
        family.append(
            {
                "relation": _value(html, f"family-{i}-relation")
                or re.search(
                    rf'name="family-{i}-relation".*?<option value="(\w+)" selected', html, re.S
                ).group(1),
                "full_name": _value(html, f"family-{i}-full_name") or "Бала",
                "birth_date": _value(html, f"family-{i}-birth_date"),
                "iin": iin,
            }
        )
    response = client.post(
        "/office/intake/",
        _accept_data(html, applicant, ["application_form", "group_proof"], family),
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 302, response.content.decode()[:4000]
    application = Application.objects.get()
    sources = {d.doc_type: d for d in application.documents.all()}
    for code in ("id_documents", "civil_status_certificates", "residence_proof"):
        assert sources[code].source == DocumentSource.FETCHED
        assert sources[code].fetched_at is not None
    assert sources["application_form"].source == DocumentSource.HANDED_IN
    # The file's own facts are the window's answers: the registers are not asked twice.
    queries = RegisterQuery.objects.filter(application=application)
    applicant_queries = queries.filter(subject_iin=applicant)
    assert applicant_queries.count() == len(Register)
    assert set(applicant_queries.values_list("status", flat=True)) <= {"answered", "not_found"}
    assert all(q.last_call.purpose == Purpose.LOOKUP for q in applicant_queries)
    assert all(q.attempts == 0 for q in applicant_queries)


def test_an_invalid_iin_asks_nobody_and_is_the_field_error(client, inspector, gateway) -> None:
    response = _ask(client, "580302400012", language="kk")
    html = response.content.decode()
    assert response.status_code == 422
    assert 'aria-invalid="true"' in html
    assert "ЖСН" in html  # the lookup's own error, in the page's language (Kazakh)
    assert GatewayCall.objects.count() == 0


def test_registers_down_leave_the_form_to_fill_by_hand_and_the_file_is_accepted(
    client, inspector, settings, population
) -> None:
    settings.KEZEK_REGISTRIES_URL = f"http://127.0.0.1:{free_port()}/gateway/sync"
    settings.KEZEK_REGISTRIES_RETRIES = 0
    household = population.household_of("clean")
    response = _ask(client, household.applicant)
    html = response.content.decode()
    assert response.status_code == 200
    assert "не ответил: введите вручную" in html.lower()
    assert 'id="fetched-' not in html
    assert _value(html, "a-iin") == household.applicant
    calls = GatewayCall.objects.filter(subject_iin=household.applicant)
    assert calls.count() == len(Register)
    assert set(calls.values_list("outcome", flat=True)) == {"unavailable"}

    data = _accept_data(
        html,
        household.applicant,
        [
            "application_form",
            "id_documents",
            "property_certificate",
            "communal_housing_certificate",
            "residence_proof",
            "group_proof",
            "income_statement",
        ],
        [],
    )
    data.update({"a-last_name": "Сапаров", "a-first_name": "Ерлан"})
    response = client.post("/office/intake/", data, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302, response.content.decode()[:4000]
    application = Application.objects.get()
    assert {d.source for d in application.documents.all()} == {DocumentSource.HANDED_IN}


def test_a_slow_register_is_did_not_answer_within_the_budget(
    client, inspector, gateway, population, settings
) -> None:
    import time

    import httpx

    settings.KEZEK_REGISTRIES_WINDOW_SECONDS = 1.5
    settings.KEZEK_REGISTRIES_TIMEOUT = 5.0
    httpx.post(
        gateway.base_url + "/control",
        json={"mode": "slow", "delay": 4, "registers": [Register.REAL_ESTATE.value]},
    )
    household = population.household_of("clean")
    started = time.monotonic()
    response = _ask(client, household.applicant)
    elapsed = time.monotonic() - started
    html = response.content.decode()
    assert response.status_code == 200
    assert elapsed < 3.5
    assert _value(html, "a-last_name")  # the others answered
    assert 'id="fetched-property_certificate"' not in html
    assert "не ответил: введите вручную" in html.lower()
    late = GatewayCall.objects.get(subject_iin=household.applicant, register="REAL_ESTATE_RIGHTS")
    assert late.outcome == "unavailable"
