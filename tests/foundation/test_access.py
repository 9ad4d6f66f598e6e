"""The gate: each role sees its scope; nobody sees another district's files, by code or by URL."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Role
from kezek.applications.access import access_application, applications_in_scope
from kezek.applications.services import application_submit
from kezek.common.errors import NotFoundError
from tests.factories import StaffFactory

from .helpers import application_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(offices, staff):
    psc1 = application_submit(
        actor=staff[Role.PSC_INSPECTOR],
        office=offices["akt-psc-1"],
        channel="psc",
        data=application_input(serial=1),
    )
    psc2 = application_submit(
        actor=None, office=offices["akt-psc-2"], channel="psc", data=application_input(serial=2)
    )
    desk = application_submit(
        actor=staff[Role.AB_OFFICE_CLERK],
        office=offices["akt-ab"],
        channel="ab_desk",
        data=application_input(serial=3),
    )
    other_executor = StaffFactory(role=Role.AB_EXECUTOR, office=offices["akt-ab"])
    desk.executor = other_executor
    desk.save(update_fields=["executor"])
    # Lodged at the AB desk and not yet taken: in every executor's inbox.
    desk2 = application_submit(
        actor=staff[Role.AB_OFFICE_CLERK],
        office=offices["akt-ab"],
        channel="ab_desk",
        data=application_input(serial=4),
    )
    return {"psc1": psc1, "psc2": psc2, "desk": desk, "desk2": desk2}


@pytest.fixture
def other_district_user(other_ab):
    return StaffFactory(role=Role.AB_HEAD, office=other_ab)


EVERYTHING = {"psc1", "psc2", "desk", "desk2"}
EXPECTED = {
    Role.PSC_INSPECTOR: {"psc1"},
    Role.PSC_BACK_OFFICE: {"psc1"},
    # Unassigned files that reached the AB: not the PSC files still at the PSC, not "desk"
    # (assigned to another executor).
    Role.AB_EXECUTOR: {"desk2"},
    Role.AB_HEAD: EVERYTHING,
    Role.AB_OFFICE_CLERK: EVERYTHING,
    Role.ADMINISTRATOR: EVERYTHING,
    Role.AUDITOR: EVERYTHING,
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_exactly_its_scope(role, staff, files) -> None:
    user = staff[role]
    visible = {
        name
        for name, app in files.items()
        if applications_in_scope(user).filter(pk=app.pk).exists()
    }
    assert visible == EXPECTED[role]
    for name, app in files.items():
        if name in EXPECTED[role]:
            assert access_application(user, app.pk) == app
        else:
            with pytest.raises(NotFoundError):
                access_application(user, app.pk)


def test_other_district_sees_nothing(files, other_district_user) -> None:
    assert not applications_in_scope(other_district_user).exists()
    for app in files.values():
        with pytest.raises(NotFoundError):
            access_application(other_district_user, app.pk)


def test_inactive_or_roleless_user_sees_nothing(staff, files) -> None:
    head = staff[Role.AB_HEAD]
    head.is_active = False
    head.save()
    assert not applications_in_scope(head).exists()
    roleless = StaffFactory(role="", office=None)
    assert not applications_in_scope(roleless).exists()


@pytest.mark.parametrize("role", list(EXPECTED))
def test_start_page_lists_only_the_scope(role, staff, files, client) -> None:
    client.force_login(staff[role])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    for name, app in files.items():
        assert (app.request_number in page) == (name in EXPECTED[role])
