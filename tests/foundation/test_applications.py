"""Accepting applications: numbering, documents with SHA-256, duplicates, bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from kezek.applications.models import Applicant, Application, AttachedDocument
from kezek.applications.services import PersonInput, application_submit
from kezek.audit.models import AuditRecord
from kezek.common.errors import KezekError

from .helpers import application_input

pytestmark = pytest.mark.django_db


def test_submit_numbers_per_district_and_year_and_audits(offices, staff) -> None:
    clerk = staff["ab_office_clerk"]
    first = application_submit(
        actor=clerk, office=offices["akt-ab"], channel="ab_desk", data=application_input(serial=1)
    )
    second = application_submit(
        actor=clerk, office=offices["akt-ab"], channel="ab_desk", data=application_input(serial=2)
    )
    year = timezone.localtime(first.accepted_at).year
    assert first.request_number == f"AKT-{year}-00001"
    assert second.request_number == f"AKT-{year}-00002"
    next_year = application_submit(
        actor=clerk,
        office=offices["akt-ab"],
        channel="ab_desk",
        data=application_input(serial=3),
        accepted_at=dt.datetime(year + 1, 1, 15, 4, 0, tzinfo=dt.UTC),
    )
    assert next_year.request_number == f"AKT-{year + 1}-00001"
    record = AuditRecord.objects.get(action="application.accepted", object_id=str(first.pk))
    assert record.actor == clerk
    assert record.clauses == ["reg:15", "reg:16"]
    assert record.after["channel"] == "ab_desk"


def test_documents_are_stored_with_their_sha256(offices, staff) -> None:
    application = application_submit(
        actor=staff["psc_inspector"],
        office=offices["akt-psc-1"],
        channel="psc",
        data=application_input(),
    )
    document = AttachedDocument.objects.get(application=application)
    assert document.sha256 == hashlib.sha256(b"%PDF-1.4 form").hexdigest()
    assert document.size == len(b"%PDF-1.4 form")
    assert document.added_by == staff["psc_inspector"]
    with document.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 form"


def test_second_pending_application_is_refused_naming_the_first(offices, staff) -> None:
    clerk = staff["ab_office_clerk"]
    first = application_submit(
        actor=clerk, office=offices["akt-ab"], channel="ab_desk", data=application_input()
    )
    with pytest.raises(KezekError) as info:
        application_submit(
            actor=clerk, office=offices["akt-ab"], channel="ab_desk", data=application_input()
        )
    assert info.value.field == "applicant.iin"
    assert first.request_number in str(info.value)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"applicant": PersonInput(iin="600909400034", last_name="А", first_name="Б")},
            "applicant.iin",
        ),
        (
            {"applicant": PersonInput(iin="60090940003", last_name="А", first_name="Б")},
            "applicant.iin",
        ),
        (
            {
                "applicant": PersonInput(
                    iin="600909400033",
                    last_name="А",
                    first_name="Б",
                    birth_date=dt.date(1961, 1, 1),
                )
            },
            "applicant.birth_date",
        ),
        (
            {"applicant": PersonInput(iin="600909400033", last_name=" ", first_name="Б")},
            "applicant.last_name",
        ),
        ({"claimed_groups": []}, "claimed_groups"),
        ({"claimed_groups": ["large_family", "astronaut"]}, "claimed_groups[1]"),
        ({"fund": "private"}, "fund"),
        ({"language": "en"}, "language"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(offices, staff, overrides, field) -> None:
    with pytest.raises(KezekError) as info:
        application_submit(
            actor=staff["ab_office_clerk"],
            office=offices["akt-ab"],
            channel="ab_desk",
            data=application_input(**overrides),
        )
    assert info.value.field == field
    assert Application.objects.count() == 0
    assert Applicant.objects.count() == 0
    assert not AuditRecord.objects.filter(action="application.accepted").exists()


def test_family_member_of_other_relation_needs_a_court_decision(offices, staff) -> None:
    from kezek.applications.services import FamilyMemberInput

    data = application_input(
        family=[FamilyMemberInput(relation="other", full_name="Х", birth_date=dt.date(1990, 1, 1))]
    )
    with pytest.raises(KezekError) as info:
        application_submit(
            actor=staff["ab_office_clerk"], office=offices["akt-ab"], channel="ab_desk", data=data
        )
    assert info.value.field == "family[0].recognized_by_court"
    assert Application.objects.count() == 0
