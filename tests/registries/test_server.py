"""The simulator over real HTTP on 127.0.0.1: answers, refusals and the fault modes."""

from __future__ import annotations

import time

import httpx
import pytest

from kezek.core.iin import Sex, make_iin
from kezek.registries.adapters import ADAPTERS, facts_parse
from kezek.registries.facts import PersonFacts, Register
from kezek.registries.protocol import (
    STATUS_NOT_FOUND,
    STATUS_OK,
    ProtocolError,
    parse_request,
    parse_response,
)
from kezek.registries.simulator.population import Population
from kezek.registries.simulator.server import SimulatorServer
from kezek.signatures import LocalBackend

from .conftest import gateway_request, post

STRANGER = make_iin(__import__("datetime").date(1901, 1, 1), Sex.FEMALE, 1)


def ask(
    http: httpx.Client,
    server: SimulatorServer,
    signer: LocalBackend,
    register: Register,
    iin: str,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    return post(http, server, gateway_request(register, iin, params, signer=signer))


def test_every_register_answers_with_the_populations_facts(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    iin = population.cases["income_above"]
    for register in Register:
        body = gateway_request(register, iin, signer=signer)
        answer = post(http, simulator, body)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/xml")
        response = parse_response(answer.content)
        assert response.status_code == STATUS_OK
        assert response.message_id == parse_request(body).message_id
        assert response.response_date.tzinfo is not None
        assert response.data is not None
        assert facts_parse(register, response.data, iin=iin) == population.answer(register, iin)
    assert simulator.stats["requests"] == {r.value: 1 for r in Register}


def test_income_for_the_months_asked(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    iin = population.cases["income_above"]
    params = {"periodFrom": "2025-11", "periodTo": "2026-10"}
    response = parse_response(ask(http, simulator, signer, Register.INCOME, iin, params).content)
    assert response.data is not None
    facts = ADAPTERS[Register.INCOME].parse(response.data)
    assert facts == population.answer(Register.INCOME, iin, params)
    # A period the register cannot answer is a fault, not an empty answer.
    bad = ask(http, simulator, signer, Register.INCOME, iin, {"periodFrom": "2026-13"})
    assert bad.status_code == 500
    with pytest.raises(ProtocolError, match="Fault"):
        parse_response(bad.content)


def test_an_unknown_person_is_not_found_an_answer_not_a_failure(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client
) -> None:
    answer = ask(http, simulator, signer, Register.PERSONS, STRANGER)
    assert answer.status_code == 200
    response = parse_response(answer.content)
    assert (response.status_code, response.data) == (STATUS_NOT_FOUND, None)


def test_an_unknown_service_is_a_fault(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    body = gateway_request("NO_SUCH_REGISTER", population.cases["clean"], signer=signer)
    answer = post(http, simulator, body)
    assert answer.status_code == 500
    with pytest.raises(ProtocolError, match="unknown serviceId 'NO_SUCH_REGISTER'"):
        parse_response(answer.content)
    assert simulator.stats["unknown_service"] == 1
    assert simulator.stats["requests"] == {}


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b"<?xml version='1.0'?><a/>",
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        b"<soap:Body/></soap:Envelope>",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    ],
)
def test_a_malformed_request_is_a_fault(
    simulator: SimulatorServer, http: httpx.Client, body: bytes
) -> None:
    answer = post(http, simulator, body)
    assert answer.status_code == 500
    with pytest.raises(ProtocolError, match="SOAP fault soap:Client"):
        parse_response(answer.content)
    assert b"root:" not in answer.content
    assert simulator.stats["malformed"] == 1


def test_a_request_element_off_the_format_is_a_fault(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client
) -> None:
    answer = ask(http, simulator, signer, Register.PERSONS, "123456789012")
    assert answer.status_code == 500
    with pytest.raises(ProtocolError, match="not a valid IIN"):
        parse_response(answer.content)


def test_the_wrong_content_type_is_refused(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    body = gateway_request(Register.PERSONS, population.cases["clean"], signer=signer)
    answer = http.post(simulator.url, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 415


def test_a_bad_or_missing_signature_is_a_fault(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    iin = population.cases["clean"]
    forged = gateway_request(Register.PERSONS, iin, signer=signer, sign_over=b"other data")
    answer = post(http, simulator, forged)
    assert answer.status_code == 500
    with pytest.raises(ProtocolError, match="signature does not hold"):
        parse_response(answer.content)
    unsigned = post(http, simulator, gateway_request(Register.PERSONS, iin))
    with pytest.raises(ProtocolError, match="not signed"):
        parse_response(unsigned.content)


def test_without_a_verifier_unsigned_requests_are_answered(
    population: Population, http: httpx.Client
) -> None:
    with SimulatorServer(population, verify=None) as server:
        answer = post(http, server, gateway_request(Register.PERSONS, population.cases["clean"]))
    assert parse_response(answer.content).status_code == STATUS_OK


# --------------------------------------------------------------------------- fault modes


def test_slow_answers_after_the_delay(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    simulator.set_mode("slow", delay=0.3)
    started = time.monotonic()
    answer = ask(http, simulator, signer, Register.PERSONS, population.cases["clean"])
    assert time.monotonic() - started >= 0.3
    assert parse_response(answer.content).status_code == STATUS_OK
    with pytest.raises(httpx.ReadTimeout):
        http.post(
            simulator.url,
            content=gateway_request(Register.PERSONS, population.cases["clean"], signer=signer),
            headers={"Content-Type": "text/xml"},
            timeout=0.1,
        )


def test_fail_is_a_503_with_a_fault_for_the_next_count_requests(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    simulator.set_mode("fail", count=2)
    iin = population.cases["clean"]
    statuses = [ask(http, simulator, signer, Register.PERSONS, iin).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert simulator.requests_of(Register.PERSONS) == 3
    assert simulator.stats["faults"] == {"fail": 2}
    assert simulator.fault.mode == "normal"
    failed = parse_response  # a 503's body is a SOAP fault too
    simulator.set_mode("fail")
    with pytest.raises(ProtocolError, match="not available"):
        failed(ask(http, simulator, signer, Register.PERSONS, iin).content)


def test_a_mode_can_be_limited_to_some_registers(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    simulator.set_mode("fail", registers=[Register.REAL_ESTATE.value])
    iin = population.cases["clean"]
    assert ask(http, simulator, signer, Register.PERSONS, iin).status_code == 200
    assert ask(http, simulator, signer, Register.REAL_ESTATE, iin).status_code == 503
    assert ask(http, simulator, signer, Register.REAL_ESTATE, iin).status_code == 503
    assert simulator.stats["requests"] == {"GBDFL_PERSON": 1, "REAL_ESTATE_RIGHTS": 2}


def test_garbage_is_refused_by_the_adapter_or_the_protocol_alternately(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    simulator.set_mode("garbage")
    iin = population.cases["clean"]
    first = ask(http, simulator, signer, Register.PERSONS, iin)
    assert first.status_code == 200
    response = parse_response(first.content)  # a well-formed envelope…
    assert response.status_code == STATUS_OK
    assert response.data is not None
    with pytest.raises(ProtocolError, match="person/birthDate"):  # …whose person has no birth
        ADAPTERS[Register.PERSONS].parse(response.data)
    second = ask(http, simulator, signer, Register.PERSONS, iin)
    assert second.status_code == 200
    with pytest.raises(ProtocolError, match="not well-formed XML"):
        parse_response(second.content)
    for register in Register:
        if register is Register.PERSONS:
            continue
        answer = parse_response(ask(http, simulator, signer, register, iin).content)
        assert answer.data is not None
        with pytest.raises(ProtocolError, match="iin"):
            ADAPTERS[register].parse(answer.data)
        with pytest.raises(ProtocolError):
            parse_response(ask(http, simulator, signer, register, iin).content)


def test_down_for_drops_connections_then_answers_again(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    simulator.set_mode("down_for", delay=0.4)
    iin = population.cases["clean"]
    with pytest.raises(httpx.TransportError):
        ask(http, simulator, signer, Register.PERSONS, iin)
    time.sleep(0.45)
    assert ask(http, simulator, signer, Register.PERSONS, iin).status_code == 200
    assert simulator.requests_of(Register.PERSONS) == 2


def test_control_and_stats_over_http(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    control = simulator.base_url + "/control"
    done = http.post(control, json={"mode": "fail", "registers": ["GBDFL_PERSON"], "count": 1})
    assert done.status_code == 200
    assert done.json() == {
        "mode": "fail",
        "delay": 0.0,
        "registers": ["GBDFL_PERSON"],
        "count": 1,
    }
    iin = population.cases["clean"]
    assert ask(http, simulator, signer, Register.PERSONS, iin).status_code == 503
    assert ask(http, simulator, signer, Register.PERSONS, iin).status_code == 200
    assert http.post(control, json={"mode": "slow", "delay": 0.2}).status_code == 200
    started = time.monotonic()
    ask(http, simulator, signer, Register.DISTRICT, iin)
    assert time.monotonic() - started >= 0.2
    assert http.post(control, json={"mode": "normal"}).json()["mode"] == "normal"

    stats = http.get(simulator.base_url + "/stats").json()
    assert stats["requests"] == {"GBDFL_PERSON": 2, "DISTRICT_RECORDS": 1}
    assert stats["total"] == 3
    assert stats["faults"] == {"fail": 1, "slow": 1}
    arrivals = stats["arrivals"]["GBDFL_PERSON"]
    assert len(arrivals) == 2
    assert arrivals[0] <= arrivals[1]
    reset = http.post(simulator.base_url + "/stats/reset").json()
    assert reset["requests"] == {}
    assert reset["total"] == 0


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ({"mode": "sideways"}, "mode must be one of"),
        ({"mode": "slow"}, "needs a delay"),
        ({"mode": "slow", "delay": -1}, "delay must be"),
        ({"mode": "fail", "registers": ["NOPE"]}, "unknown service ids: NOPE"),
        ({"mode": "fail", "registers": "GBDFL_PERSON"}, "list of service ids"),
        ({"mode": "fail", "count": 0}, "count must be 1 or more"),
        ({"mode": "fail", "count": "2"}, "whole number"),
    ],
)
def test_control_refuses_a_wrong_order(
    simulator: SimulatorServer, http: httpx.Client, order: dict[str, object], message: str
) -> None:
    refused = http.post(simulator.base_url + "/control", json=order)
    assert refused.status_code == 400
    assert message in refused.json()["detail"]
    assert simulator.fault.mode == "normal"
    assert http.post(simulator.base_url + "/control", content=b"[1").status_code == 400


def test_it_listens_on_loopback_only(simulator: SimulatorServer) -> None:
    assert simulator.url.startswith("http://127.0.0.1:")
    assert simulator._httpd.server_address[0] == "127.0.0.1"


def test_a_person_answer_is_a_person(
    simulator: SimulatorServer, signer: LocalBackend, http: httpx.Client, population: Population
) -> None:
    iin = population.cases["not_citizen"]
    response = parse_response(ask(http, simulator, signer, Register.PERSONS, iin).content)
    assert response.data is not None
    facts = ADAPTERS[Register.PERSONS].parse(response.data)
    assert isinstance(facts, PersonFacts)
    assert facts.citizenship == "RU"
