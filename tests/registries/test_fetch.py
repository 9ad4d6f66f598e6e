"""Facts from the registers for a real file, through the simulator over HTTP: intake orders
them, the worker asks, every call is recorded with its evidence, the engine takes them; a
register that is down, slow or answering garbage never blocks intake, and the file catches up."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kezek.accounts.models import Role
from kezek.applications.services import FamilyMemberInput, PersonInput
from kezek.audit.models import AuditRecord
from kezek.registries.facts import PersonFacts, Register
from kezek.registries.models import GatewayCall, Purpose, RegisterQuery
from kezek.registries.services import register_queries_due, register_queries_run
from kezek.workflow.selectors.decisions import established_facts_for_application
from kezek.workflow.services.intake import application_intake
from tests.factories import ApplicationInputFactory, documents
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def _person(population, iin: str) -> PersonFacts:
    facts = population.answer(Register.PERSONS, iin, {})
    assert isinstance(facts, PersonFacts)
    return facts


def _intake(staff, population, case: str, *, declare_family: bool = True, facts=None):
    household = population.household_of(case)
    person = _person(population, household.applicant)
    family = []
    if declare_family:
        for iin in household.members:
            member = _person(population, iin)
            relation = (
                "spouse"
                if abs(member.birth_date.year - person.birth_date.year) < 15
                else ("child" if member.birth_date > person.birth_date else "parent")
            )
            family.append(
                FamilyMemberInput(
                    relation=relation,
                    full_name=f"{member.last_name} {member.first_name}",
                    iin=member.iin,
                    birth_date=member.birth_date,
                )
            )
    data = ApplicationInputFactory(
        applicant=PersonInput(
            iin=person.iin,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            birth_date=person.birth_date,
            phone="+7 701 000 00 00",
        ),
        claimed_groups=["large_family"],
        family=family,
        documents=documents(
            "application_form",
            "id_documents",
            "property_certificate",
            "communal_housing_certificate",
            "residence_proof",
            "civil_status_certificates",
            "group_proof",
            "income_statement",
        ),
        facts={
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            "income_12_months": 100_000,
            "housing": {},
            **(facts or {}),
        },
    )
    return application_intake(actor=staff[Role.PSC_INSPECTOR], channel="psc", data=data)


def test_intake_orders_the_facts_and_the_worker_fetches_them_with_evidence(
    gateway, population, staff, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = _intake(staff, population, "owns_flat_elsewhere")
    # The task ran after the commit (the immediate backend): every query settled.
    queries = list(RegisterQuery.objects.filter(application=application))
    applicant_registers = {q.register for q in queries if q.subject_role == "applicant"}
    assert applicant_registers == {r.value for r in Register}
    assert all(q.status in ("answered", "not_found") for q in queries)
    calls = GatewayCall.objects.filter(application=application)
    assert calls.count() == len(queries)
    for call in calls:
        assert call.purpose == Purpose.INTAKE
        assert call.response_sha256 == hashlib.sha256(call.response_payload.encode()).hexdigest()
    assert gateway.requests_of(Register.PERSONS) >= 1
    # The declared "owns nothing" against the real-estate register's flat in Balkhash (reg:8.1).
    file_facts = established_facts_for_application(application=application)
    owns = file_facts.established.comparison("housing.owns_dwelling_in_kz")
    assert owns.declared is False
    assert owns.fetched is True
    assert owns.differs
    assert file_facts.case["housing"]["owns_dwelling_in_kz"] is True
    assert AuditRecord.objects.filter(
        action="registries.fetched", object_id=str(application.pk)
    ).exists()


def test_the_executor_sees_declared_against_fetched_on_the_file_page(
    gateway, population, staff, client
) -> None:
    application = _intake(staff, population, "owns_flat_elsewhere")
    register_queries_run(application_id=application.pk)
    client.force_login(staff[Role.AB_HEAD])
    html = client.get(
        f"/office/files/{application.pk}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert 'id="registers"' in html
    assert "fact-differs" in html
    # The worker's record of the fetch is the software's, named in words (not "system").
    assert "Kezek, автоматически" in html
    assert ">system<" not in html
    assert "351610000" in html or "Балқаш" in html or "Балхаш" in html


def test_a_register_that_is_down_never_blocks_intake_and_the_file_catches_up(
    population, staff, settings
) -> None:
    from kezek.registries.simulator.server import SimulatorServer
    from kezek.signatures import get_backend

    port = free_port()  # nothing listens there yet: the gateway is down
    settings.KEZEK_REGISTRIES_URL = f"http://127.0.0.1:{port}/gateway/sync"
    settings.KEZEK_REGISTRIES_TIMEOUT = 0.5
    settings.KEZEK_REGISTRIES_RETRIES = 0
    settings.KEZEK_REGISTRIES_RATE = 0
    application = _intake(staff, population, "clean")
    assert application.pk  # accepted, receipt given
    counts = register_queries_run(application_id=application.pk)
    assert counts == {"unavailable": RegisterQuery.objects.filter(application=application).count()}
    waiting = RegisterQuery.objects.filter(application=application, status="waiting")
    assert waiting.count() == counts["unavailable"]
    assert all(q.attempts == 1 and q.next_attempt_at > timezone.now() for q in waiting)
    file_facts = established_facts_for_application(application=application)
    assert file_facts.established.comparison("applicant.birth_date").source == "awaiting"
    # The gateway comes back; the sweep, a minute later, catches up.
    backend = get_backend()
    server = SimulatorServer(
        population, port=port, verify=lambda d, s: backend.verify(data=d, signature=s)
    ).start()
    try:
        later = timezone.now() + dt.timedelta(minutes=2)
        totals = register_queries_due(now=later)
    finally:
        server.stop()
    assert totals.get("answered", 0) >= 1
    assert not RegisterQuery.objects.filter(application=application, status="waiting").exists()
    file_facts = established_facts_for_application(application=application)
    assert file_facts.established.comparison("applicant.birth_date").source == "fetched"


def test_garbage_is_never_taken_as_a_fact(gateway, population, staff) -> None:
    gateway.set_mode("garbage", registers=[Register.REAL_ESTATE.value])
    application = _intake(staff, population, "owns_flat_elsewhere", facts={"housing": {}})
    register_queries_run(application_id=application.pk)
    estate = RegisterQuery.objects.filter(
        application=application, register=Register.REAL_ESTATE.value
    )
    assert {q.status for q in estate} == {"waiting"}
    assert set(
        GatewayCall.objects.filter(
            application=application, register=Register.REAL_ESTATE.value
        ).values_list("outcome", flat=True)
    ) == {"malformed"}
    owns = established_facts_for_application(application=application).established.comparison(
        "housing.owns_dwelling_in_kz"
    )
    assert owns.source == "awaiting"
    gateway.set_mode("normal")
    register_queries_due(now=timezone.now() + dt.timedelta(minutes=5))
    owns = established_facts_for_application(application=application).established.comparison(
        "housing.owns_dwelling_in_kz"
    )
    assert (owns.source, owns.fetched) == ("fetched", True)


def test_a_slow_register_times_out_and_after_the_last_attempt_the_office_may_ask_for_paper(
    gateway, population, staff, settings
) -> None:
    settings.KEZEK_REGISTRIES_TIMEOUT = 0.3
    settings.KEZEK_REGISTRIES_RETRIES = 0
    settings.KEZEK_REGISTRIES_ATTEMPTS = 2
    gateway.set_mode("slow", delay=1.0, registers=[Register.DISABILITY.value])
    application = _intake(staff, population, "clean", declare_family=False)
    moment = timezone.now()
    register_queries_run(application_id=application.pk, now=moment)
    register_queries_run(application_id=application.pk, now=moment + dt.timedelta(hours=2))
    query = RegisterQuery.objects.get(
        application=application, register=Register.DISABILITY.value, subject_role="applicant"
    )
    assert query.status == "gave_up"
    assert query.attempts == 2
    records = AuditRecord.objects.filter(action="registries.gave_up", object_id=str(application.pk))
    assert records.exists()
    record = records.first()
    assert {r.after["register"] for r in records} == {Register.DISABILITY.value}
    assert "reg:15.1" in record.clauses


def test_kezek_registries_fetch_prints_every_register_with_sources(gateway, population) -> None:
    iin = population.household_of("family_of_fallen").applicant
    out = StringIO()
    call_command("registries", "fetch", iin, "--json", stdout=out)  # every call settled
    report = json.loads(out.getvalue())
    assert report["iin"] == iin
    answers = report["persons"][iin]
    assert set(answers) == {r.value for r in Register}
    for item in answers.values():
        assert item["source"]
        assert item["obtained_at"]
        assert item["outcome"] in ("answered", "not_found")
    assert GatewayCall.objects.filter(subject_iin=iin, purpose=Purpose.OPERATOR).count() == len(
        answers
    )
    assert AuditRecord.objects.filter(action="registries.consulted").exists()


def test_kezek_registries_fetch_refuses_a_bad_iin_naming_the_argument(gateway) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"^iin: "):
        call_command("registries", "fetch", "123")


def test_the_rate_limit_of_a_register_spaces_the_calls(gateway, population, settings) -> None:
    """KEZEK_REGISTRIES_RATES: at most 5 calls a second to the persons register, however many
    threads ask (the batch of the inventory), as the simulator's arrival times show."""
    from kezek.registries.batch import persons_check

    settings.KEZEK_REGISTRIES_RATES = {Register.PERSONS.value: 5}
    iins = list(population.iins())[:6]
    results = list(
        persons_check(
            iins=iins, registers=[Register.PERSONS], on=timezone.localdate(), concurrency=6
        )
    )
    assert {r.outcome for r in results} == {"answered"}
    arrivals = gateway.stats["arrivals"][Register.PERSONS.value]
    assert len(arrivals) == 6
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert min(gaps) > 0.15  # 1/5 s apart, less the scheduling jitter
