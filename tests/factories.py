"""factory_boy factories: the district and its offices, staff per role, applicants, and the
application input the services take (and the JSON / form shapes the API and pages take)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from kezek.accounts.models import Role, User
from kezek.applications.models import Applicant
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
    RepresentativeInput,
)
from kezek.core.iin import Sex, make_iin
from kezek.offices.models import District, Office

# The documents an age pensioner hands in (reg:7): the usual full set of the workflow tests.
PENSIONER_DOCS = (
    "application_form",
    "id_documents",
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
    "group_proof",
    "income_statement",
)

# Where each role sits in the Annex 1 district (the `staff` fixture's layout).
ANNEX1_OFFICE_OF_ROLE: dict[str, str] = {
    Role.PSC_INSPECTOR: "akt-psc-1",
    Role.PSC_BACK_OFFICE: "akt-psc-1",
    Role.AB_EXECUTOR: "akt-ab",
    Role.AB_HEAD: "akt-ab",
    Role.AB_OFFICE_CLERK: "akt-ab",
    Role.ADMINISTRATOR: "akt-ab",
    Role.AUDITOR: "akt-ab",
}


def iin_for(birth_date: dt.date, serial: int = 1, sex: Sex = Sex.MALE) -> str:
    return make_iin(birth_date, sex, serial)


# --------------------------------------------------------------------------- organisation


class DistrictFactory(factory.django.DjangoModelFactory):
    """Another district (the tenant); Annex 1's own `akt` is loaded by migration."""

    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"d{n}")
    name_kk = "Басқа"
    name_ru = "Другой"
    region_kk = "-"
    region_ru = "-"
    locality_kk = "-"
    locality_ru = "-"


class OfficeFactory(factory.django.DjangoModelFactory):
    """An authorized body by default; `psc_branch=True` / `psc_mobile=True` for the PSC."""

    class Meta:
        model = Office
        django_get_or_create = ("code",)

    class Params:
        psc_branch = factory.Trait(
            kind=Office.Kind.PSC_BRANCH,
            code=factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}-psc-{n}"),
        )
        psc_mobile = factory.Trait(
            kind=Office.Kind.PSC_MOBILE,
            code=factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}-mob-{n}"),
        )

    district = factory.SubFactory(DistrictFactory)
    kind = Office.Kind.AUTHORIZED_BODY
    code = factory.LazyAttribute(lambda o: f"{o.district.code}-ab")
    name_kk = "Б"
    name_ru = "Б"
    address_kk = "-"
    address_ru = "-"


def _annex1_office(role: str) -> Office | None:
    code = ANNEX1_OFFICE_OF_ROLE.get(role)
    return Office.objects.get(code=code) if code else None


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff account. Without `office`, a role sits where the `staff` fixture puts it in the
    Annex 1 district; a role-less account has no office. Traits name the roles:
    ``StaffFactory(ab_head=True)``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    class Params:
        psc_inspector = factory.Trait(role=Role.PSC_INSPECTOR)
        psc_back_office = factory.Trait(role=Role.PSC_BACK_OFFICE)
        ab_executor = factory.Trait(role=Role.AB_EXECUTOR)
        ab_head = factory.Trait(role=Role.AB_HEAD)
        ab_office_clerk = factory.Trait(role=Role.AB_OFFICE_CLERK)
        administrator = factory.Trait(role=Role.ADMINISTRATOR)
        auditor = factory.Trait(role=Role.AUDITOR)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Айжан"
    last_name = factory.Sequence(lambda n: f"Қызметкер{n}")
    password = factory.django.Password("test-password-1")
    role = ""
    office = factory.LazyAttribute(lambda o: _annex1_office(o.role))


# --------------------------------------------------------------------------- people


class ApplicantFactory(factory.django.DjangoModelFactory):
    """A citizen on file (the applications' `Applicant`), with a real, valid IIN."""

    class Meta:
        model = Applicant
        django_get_or_create = ("iin",)

    class Params:
        serial = factory.Sequence(lambda n: n + 1)
        sex = Sex.MALE

    birth_date = dt.date(1980, 5, 5)
    iin = factory.LazyAttribute(lambda o: make_iin(o.birth_date, o.sex, o.serial))
    last_name = "Сапаров"
    first_name = "Ғабит"
    patronymic = "Әлиұлы"
    phone = "+7 701 000 00 00"


class PersonInputFactory(factory.Factory):
    """The applicant of an `ApplicationInput`. The IIN is made from `birth_date`, `sex` and
    `serial`; the default person is the one of the foundation tests, `pensioner=True` the age
    pensioner of the workflow tests."""

    class Meta:
        model = PersonInput

    class Params:
        serial = 1
        sex = Sex.MALE
        pensioner = factory.Trait(
            birth_date=dt.date(1958, 3, 2),
            sex=Sex.FEMALE,
            last_name="Серікова",
            first_name="Гүлжан",
            patronymic="Бекқызы",
            phone="+7 701 111 22 33",
        )

    birth_date = dt.date(1980, 5, 5)
    iin = factory.LazyAttribute(lambda o: make_iin(o.birth_date, o.sex, o.serial))
    last_name = "Сапаров"
    first_name = "Ғабит"
    patronymic = "Әлиұлы"
    phone = "+7 701 000 00 00"


class FamilyMemberInputFactory(factory.Factory):
    class Meta:
        model = FamilyMemberInput

    relation = "spouse"
    full_name = "Сапарова Әйгерім"
    birth_date = dt.date(1982, 1, 1)


class DocumentInputFactory(factory.Factory):
    class Meta:
        model = DocumentInput

    doc_type = "application_form"


class RepresentativeInputFactory(factory.Factory):
    class Meta:
        model = RepresentativeInput

    full_name = "Серіков Әлібек Нұрланұлы"
    iin = make_iin(dt.date(1980, 1, 15), Sex.MALE, 901)
    phone = "+7 702 444 55 66"
    power_of_attorney_number = "НТ-2026-0077"
    power_of_attorney_date = dt.date(2026, 1, 10)


def documents(*codes: str, **fields: Any) -> list[DocumentInput]:
    return [DocumentInput(doc_type=code, **fields) for code in codes]


class ApplicationInputFactory(factory.Factory):
    """What `application_submit` takes. The default is the large family of the foundation tests
    (one spouse, the signed form as a PDF); `pensioner=True` the age pensioner of the workflow
    tests, who owns nothing and has a low income: registered (reg:6.2, reg:7.6)."""

    class Meta:
        model = ApplicationInput

    class Params:
        pensioner = factory.Trait(
            applicant=factory.SubFactory(PersonInputFactory, pensioner=True),
            claimed_groups=["age_pensioner"],
            family=[],
            documents=factory.LazyFunction(lambda: documents(*PENSIONER_DOCS)),
            facts=factory.LazyFunction(
                lambda: {
                    "citizen_of_kz": True,
                    "permanent_resident_in_locality": True,
                    "income_12_months": 1_100_000,
                }
            ),
        )

    applicant = factory.SubFactory(PersonInputFactory)
    claimed_groups = factory.LazyFunction(lambda: ["large_family"])
    family = factory.LazyFunction(lambda: [FamilyMemberInputFactory()])
    documents = factory.LazyFunction(
        lambda: [
            DocumentInputFactory(
                doc_type="application_form", content=b"%PDF-1.4 form", filename="form.pdf"
            )
        ]
    )
    facts = factory.LazyFunction(lambda: {"income_12_months": 1_000_000})


# --------------------------------------------------------------------------- other shapes


def api_payload(data: ApplicationInput) -> dict[str, Any]:
    """The JSON body of `POST /api/v1/workflow/applications` for the same input: the applicant
    without a birth date (the API reads it from the IIN), documents as their codes."""
    person = data.applicant
    applicant = {
        "iin": person.iin,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "phone": person.phone,
    }
    applicant.update({k: getattr(person, k) for k in ("email", "address") if getattr(person, k)})
    return {
        "applicant": applicant,
        "claimed_groups": list(data.claimed_groups),
        "fund": str(data.fund),
        "family": [
            {
                "relation": m.relation,
                "full_name": m.full_name,
                "birth_date": m.birth_date.isoformat(),
            }
            for m in data.family
        ],
        "documents": [d.doc_type for d in data.documents],
        "facts": dict(data.facts),
        "language": data.language,
    }
