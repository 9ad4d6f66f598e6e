"""`kezek demo` is idempotent; `kezek check` is clean; the console script runs without tracebacks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kezek.accounts.models import Role, User
from kezek.applications.models import Applicant, Application
from kezek.core.iin import is_valid_iin

pytestmark = pytest.mark.django_db


def test_demo_loads_every_role_and_twenty_applicants_once() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert Applicant.objects.count() == 20
    assert Application.objects.count() == 20
    assert all(is_valid_iin(a.iin) for a in Applicant.objects.all())
    for number in Application.objects.values_list("request_number", flat=True):
        assert number in text
    assert "psc1" in text
    assert "kezek-demo" in text
    groups = {g for a in Application.objects.all() for g in a.claimed_groups}
    assert len(groups) >= 15  # across the groups of reg:6 and reg:7
    channels = set(Application.objects.values_list("channel", flat=True))
    assert channels == {"ab_desk", "psc", "portal"}

    again = io.StringIO()
    call_command("demo", stdout=again)
    assert (
        User.objects.count() == len(Role.values) + 2
    )  # two PSC branches: two inspectors, two back offices
    assert Application.objects.count() == 20
    assert "Created now: 0 accounts, 0 applications" in again.getvalue()


def test_demo_if_new_skips_a_database_with_staff(staff) -> None:
    out = io.StringIO()
    call_command("demo", "--if-new", stdout=out)
    assert Application.objects.count() == 0
    assert "not loaded again" in out.getvalue()


def test_check_is_clean_with_reference_data_and_staff() -> None:
    call_command("demo")
    call_command("check", "--database", "default", "--fail-level", "WARNING")


def test_check_warns_of_an_office_where_nobody_accepts_documents(staff) -> None:
    """reg:14: at least one employee accepts documents; PSC branch No. 2 has nobody here."""
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="akt-psc-2 has no active employee"):
        call_command("check", "--database", "default", "--fail-level", "WARNING")
