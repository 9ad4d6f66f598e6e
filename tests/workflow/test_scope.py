"""Every role sees and changes only its scope: by page URL, by API, by export (and the
workqueue holds only what waits for the role)."""

from __future__ import annotations

import csv
import io

import pytest

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.services.checking import application_take
from kezek.workflow.services.dispatch import application_collect, dispatch_registry_send
from kezek.workflow.services.intake import application_intake
from tests.factories import StaffFactory

from .helpers import pensioner_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(staff, offices):
    psc2_inspector = StaffFactory(role=Role.PSC_INSPECTOR, office=offices["akt-psc-2"])
    other_executor = StaffFactory(role=Role.AB_EXECUTOR, office=offices["akt-ab"])

    def accept(actor, channel, serial):
        data = application_input_from_json(pensioner_payload(serial=serial))
        return application_intake(actor=actor, channel=channel, data=data)

    psc1 = accept(staff[Role.PSC_INSPECTOR], "psc", 11)
    psc2 = accept(psc2_inspector, "psc", 12)
    mine = accept(staff[Role.AB_OFFICE_CLERK], "ab_desk", 13)
    application_take(actor=staff[Role.AB_EXECUTOR], application=mine)
    theirs = accept(staff[Role.AB_OFFICE_CLERK], "ab_desk", 14)
    application_take(actor=other_executor, application=theirs)
    inbox = accept(staff[Role.AB_OFFICE_CLERK], "ab_desk", 15)  # not yet taken
    return {"psc1": psc1, "psc2": psc2, "mine": mine, "theirs": theirs, "inbox": inbox}


ALL = {"psc1", "psc2", "mine", "theirs", "inbox"}
SCOPE = {
    Role.PSC_INSPECTOR: {"psc1"},
    Role.PSC_BACK_OFFICE: {"psc1"},
    Role.AB_EXECUTOR: {"mine", "inbox"},
    Role.AB_HEAD: ALL,
    Role.AB_OFFICE_CLERK: ALL,
    Role.ADMINISTRATOR: ALL,
    Role.AUDITOR: ALL,
}
QUEUE = {
    Role.PSC_INSPECTOR: set(),
    Role.PSC_BACK_OFFICE: {"psc1"},  # to collect
    Role.AB_EXECUTOR: {"mine", "inbox"},
    Role.AB_HEAD: set(),
    Role.AB_OFFICE_CLERK: set(),
    Role.ADMINISTRATOR: set(),  # nothing overdue
    Role.AUDITOR: set(),
}


@pytest.mark.parametrize("role", list(SCOPE))
def test_each_role_sees_its_scope_by_url_api_and_export(role, client, staff, files) -> None:
    client.force_login(staff[role])
    expected = SCOPE[role]
    for name, application in files.items():
        page = client.get(f"/office/files/{application.pk}/")
        api = client.get(f"/api/v1/workflow/applications/{application.pk}")
        audit = client.get(f"/api/v1/workflow/applications/{application.pk}/audit")
        wanted = 200 if name in expected else 404
        assert (page.status_code, api.status_code, audit.status_code) == (wanted,) * 3, name
    numbers = {name: a.request_number for name, a in files.items()}
    searched = {r["request_number"] for r in client.get("/api/v1/workflow/applications").json()}
    assert searched == {numbers[n] for n in expected}
    for url in ("/office/export.csv", "/api/v1/workflow/export.csv"):
        rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
        assert {r["request_number"] for r in rows} == {numbers[n] for n in expected}
    listing = client.get("/office/files/").content.decode()
    for name, number in numbers.items():
        assert (number in listing) == (name in expected)
    queue = {r["request_number"] for r in client.get("/api/v1/workflow/workqueue").json()}
    assert queue == {numbers[n] for n in QUEUE[role]}


@pytest.mark.parametrize("role", list(SCOPE))
def test_nobody_changes_a_file_outside_their_scope(role, client, staff, files) -> None:
    client.force_login(staff[role])
    before = AuditRecord.objects.count()
    for name, application in files.items():
        if name in SCOPE[role]:
            continue
        for action in ("collect", "take", "draft", "withdraw"):
            response = client.post(
                f"/api/v1/workflow/applications/{application.pk}/{action}",
                data='{"comment": "x"}',
                content_type="application/json",
            )
            assert response.status_code == 404
            page = client.post(f"/office/files/{application.pk}/{action}/", {"comment": "x"})
            assert page.status_code == 404
    assert AuditRecord.objects.count() == before
    statuses = {name: type(a).objects.get(pk=a.pk).status for name, a in files.items()}
    assert statuses == {
        "psc1": "accepted",
        "psc2": "accepted",
        "mine": "under_check",
        "theirs": "under_check",
        "inbox": "accepted",
    }


def test_another_district_sees_nothing(client, files, other_ab) -> None:
    for role in (Role.AB_HEAD, Role.AUDITOR):
        client.force_login(StaffFactory(role=role, office=other_ab))
        assert client.get("/api/v1/workflow/applications").json() == []
        assert client.get("/api/v1/workflow/registries").json() == []
        rows = client.get("/office/export.csv").content.decode().splitlines()
        assert len(rows) == 1  # the header only
        for application in files.values():
            assert client.get(f"/office/files/{application.pk}/").status_code == 404
            assert client.get(f"/api/v1/workflow/applications/{application.pk}").status_code == 404


def test_registries_are_scoped_to_the_branch_and_the_district(
    client, staff, offices, files
) -> None:
    back_office = staff[Role.PSC_BACK_OFFICE]
    application_collect(actor=back_office, application=files["psc1"])
    registry = dispatch_registry_send(actor=back_office, applications=[files["psc1"]])
    other_branch = StaffFactory(role=Role.PSC_BACK_OFFICE, office=offices["akt-psc-2"])
    for user, visible in (
        (back_office, True),
        (other_branch, False),
        (staff[Role.AB_EXECUTOR], True),
        (staff[Role.AUDITOR], True),
    ):
        client.force_login(user)
        assert client.get(f"/office/registries/{registry.pk}/").status_code == (
            200 if visible else 404
        )
        assert client.get(f"/api/v1/workflow/registries/{registry.pk}").status_code == (
            200 if visible else 404
        )


def test_anonymous_gets_nothing(client, files) -> None:
    application = files["psc1"]
    assert client.get(f"/api/v1/workflow/applications/{application.pk}").status_code == 401
    assert client.get("/api/v1/workflow/export.csv").status_code == 401
    response = client.get(f"/office/files/{application.pk}/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
