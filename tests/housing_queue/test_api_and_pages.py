"""The citizen's lookup (API and page) and the staff endpoints: status codes, error shape,
permissions by role and district, and the body's shape against the documented schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kezek.accounts.models import Role
from kezek.housing_queue.api import PositionOut
from kezek.housing_queue.models import QueueEntry
from kezek.housing_queue.services.registration import queue_entries_register
from tests.factories import StaffFactory, iin_for

from .helpers import T0, accept, clerk_and_desk

pytestmark = pytest.mark.django_db
URL = "/api/v1/queue/position"


@pytest.fixture
def entries(staff, offices):
    clerk, desk = clerk_and_desk(staff, offices)
    made = []
    for n in range(3):
        app = accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(days=n))
        made += queue_entries_register(
            actor=staff[Role.AB_HEAD],
            application=app,
            lists=["socially_vulnerable", "emergency_dwelling"]
            if n == 2
            else ["socially_vulnerable"],
        )
    return made


def test_lookup_gives_positions_history_and_reasons(client, entries) -> None:
    last = entries[-1]
    response = client.get(URL, {"iin": last.iin, "request_number": last.request_number})
    assert response.status_code == 200
    body = PositionOut.model_validate(response.json())  # the documented shape
    assert [(e.list, e.position) for e in body.entries] == [
        ("socially_vulnerable", 3),
        ("emergency_dwelling", 1),
    ]
    first = body.entries[0]
    assert first.history[0].event == "registered"
    assert first.history[0].position_after == 3
    assert first.movement is not None
    assert first.movement.position_now == 3


def test_lookup_reads_encoded_query_values(client, entries) -> None:
    """Spaces as '+' or %20 around the IIN, and percent-encoded characters, decode as a browser
    sends them (the endpoint reads its query string itself)."""
    last = entries[-1]
    number = last.request_number.replace("-", "%2D")
    response = client.get(f"{URL}?iin=+{last.iin}%20&request_number={number}")
    assert response.status_code == 200, response.content
    assert response.json()["entries"][0]["request_number"] == last.request_number


def test_a_mistyped_iin_is_told_apart_from_a_wrong_pair(client, entries) -> None:
    """Twelve digits that cannot be an IIN get the IIN's own message, not "not found"."""
    last = entries[-1]
    wrong_digit = last.iin[:11] + str((int(last.iin[11]) + 1) % 10)
    response = client.get(URL, {"iin": wrong_digit, "request_number": last.request_number})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "iin"]
    assert response.json()["detail"][0]["type"] == "iin_checksum"


def test_lookup_after_a_removal_explains_the_move(client, entries, staff) -> None:
    target, last = entries[0], entries[2]
    client.force_login(staff[Role.ADMINISTRATOR])
    removed = client.post(
        f"/api/v1/queue/entries/{target.pk}/remove",
        {
            "reason": "own_request",
            "decision_number": "12",
            "decision_date": dt.date.today().isoformat(),
        },
        content_type="application/json",
    )
    assert removed.status_code == 200, removed.content
    assert removed.json()["entries"][0]["status"] == "removed"
    client.logout()
    body = client.get(URL, {"iin": last.iin, "request_number": last.request_number}).json()
    movement = body["entries"][0]["movement"]
    assert (movement["removed_ahead"], movement["position_then"], movement["position_now"]) == (
        1,
        3,
        2,
    )
    mine = client.get(URL, {"iin": target.iin, "request_number": target.request_number}).json()
    assert mine["entries"][0]["position"] is None
    assert [h["event"] for h in mine["entries"][0]["history"]] == ["registered", "removed"]
    assert mine["entries"][0]["history"][1]["reason"] == "own_request"


def test_wrong_pair_is_404_without_telling_whether_the_iin_exists(client, entries) -> None:
    known = client.get(URL, {"iin": entries[0].iin, "request_number": "AKT-1999-99999"})
    unknown = client.get(
        URL, {"iin": iin_for(dt.date(1999, 9, 9)), "request_number": "AKT-1999-99999"}
    )
    assert known.status_code == unknown.status_code == 404
    assert known.json() == unknown.json()
    detail = known.json()["detail"][0]
    assert detail["loc"] == ["body", "request_number"]
    assert detail["type"] == "not_found"
    assert "Traceback" not in known.content.decode()


def test_bad_iin_and_missing_number_are_422(client) -> None:
    bad = client.get(URL, {"iin": "123456789012", "request_number": "X"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "iin"]
    missing = client.get(URL, {"request_number": "X"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "iin"]
    no_number = client.get(URL, {"iin": iin_for(dt.date(1999, 9, 9))})
    assert no_number.status_code == 422
    assert no_number.json()["detail"][0]["loc"] == ["body", "request_number"]
    bad_since = client.get(
        URL, {"iin": iin_for(dt.date(1999, 9, 9)), "request_number": "X", "since": "May"}
    )
    assert bad_since.status_code == 422
    assert bad_since.json()["detail"][0]["loc"] == ["body", "since"]
    flooded = client.get(URL + "?" + "&".join(f"x{i}=1" for i in range(50)))
    assert flooded.status_code == 422  # no server error on an abusive query string


def test_staff_endpoints_by_role_and_district(client, entries, staff, offices, other_ab) -> None:
    entry = entries[0]
    today = dt.date.today().isoformat()
    body = {"reason": "moved_away", "decision_number": "1", "decision_date": today}
    url = f"/api/v1/queue/entries/{entry.pk}/remove"
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(staff[Role.AB_EXECUTOR])
    forbidden = client.post(url, body, content_type="application/json")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"][0]["type"] == "forbidden"
    client.force_login(StaffFactory(role=Role.ADMINISTRATOR, office=other_ab))
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/queue/entries/{entry.pk}").status_code == 404
    assert QueueEntry.objects.get(pk=entry.pk).status == "active"
    client.force_login(staff[Role.ADMINISTRATOR])
    invalid = client.post(
        url, {**body, "decision_date": "2999-01-01"}, content_type="application/json"
    )
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "decision_date"]
    unknown_reason = client.post(url, {**body, "reason": "bored"}, content_type="application/json")
    assert unknown_reason.status_code == 422
    detail = client.get(f"/api/v1/queue/entries/{entry.pk}").json()
    assert detail["id"] == entry.pk
    assert detail["position"] == 1


def test_allocate_and_reinstate_endpoints(client, entries, staff) -> None:
    client.force_login(staff[Role.AB_HEAD])
    today = dt.date.today().isoformat()
    third = entries[2]
    allocated = client.post(
        f"/api/v1/queue/entries/{third.pk}/allocate",
        {"decision_number": "3", "decision_date": today, "address": "Ақтоғай, 1"},
        content_type="application/json",
    )
    assert allocated.status_code == 200
    assert {e["status"] for e in allocated.json()["entries"]} == {"allocated"}
    assert len(allocated.json()["entries"]) == 2  # off both lists
    client.post(
        f"/api/v1/queue/entries/{entries[0].pk}/remove",
        {"reason": "own_request", "decision_number": "4", "decision_date": today},
        content_type="application/json",
    )
    assert (
        client.post(
            f"/api/v1/queue/entries/{entries[0].pk}/reinstate",
            {"decision_number": "5", "decision_date": today},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(staff[Role.ADMINISTRATOR])
    back = client.post(
        f"/api/v1/queue/entries/{entries[0].pk}/reinstate",
        {"decision_number": "5", "decision_date": today},
        content_type="application/json",
    )
    assert back.status_code == 200
    assert back.json()["entries"][0]["position"] == 1


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_position_page(client, entries, language) -> None:
    client.cookies["kezek_language"] = language
    empty = client.get("/queue/position/")
    assert empty.status_code == 200
    assert f'<html lang="{language}">' in empty.content.decode()
    entry = entries[1]
    found = client.get(
        "/queue/position/", {"iin": entry.iin, "request_number": entry.request_number}
    )
    assert found.status_code == 200
    assert "<strong>2</strong>" in found.content.decode()
    missing = client.get("/queue/position/", {"iin": entry.iin, "request_number": "nope"})
    assert missing.status_code == 404
    assert 'role="alert"' in missing.content.decode()
    bad = client.get("/queue/position/", {"iin": "12", "request_number": "nope"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.content.decode()


def test_openapi_lists_the_queue_endpoints(client) -> None:
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    assert "/api/v1/queue/position" in paths
    assert "/api/v1/queue/entries/{entry_id}/remove" in paths
    assert "/api/v1/queue/publication" in paths


def test_lookup_is_one_statement(client, entries) -> None:
    """The hottest endpoint stays one round trip to the database (ADR 0003)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    last = entries[-1]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"iin": last.iin, "request_number": last.request_number})
    assert response.status_code == 200
    assert len(queries) == 1
