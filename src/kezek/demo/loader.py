"""The demo district (Annex 1), one account per role and about twenty applicants.

Idempotent: accounts are found by login, applicants by IIN; nothing is created twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kezek.accounts.models import Role, User
from kezek.applications.choices import Channel
from kezek.applications.models import Applicant, Application
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
    RepresentativeInput,
)
from kezek.core.iin import Sex, make_iin
from kezek.offices.models import Office
from kezek.signatures.testing import sign_as_citizen
from kezek.workflow.portal import Upload, portal_application_receive
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import (
    result_issue,
    result_receive_at_psc,
    result_register,
    result_sign,
)

DEMO_PASSWORD = "kezek-demo-2026"  # noqa: S105 (a published demo password, never in production)

STAFF = [
    ("psc1", Role.PSC_INSPECTOR, "akt-psc-1", "Жұмабаева", "Әйгерім", "Серікқызы"),
    ("psc2", Role.PSC_INSPECTOR, "akt-psc-2", "Оспанов", "Ерлан", "Болатұлы"),
    ("backoffice1", Role.PSC_BACK_OFFICE, "akt-psc-1", "Ахметова", "Гүлнұр", "Қайратқызы"),
    ("backoffice2", Role.PSC_BACK_OFFICE, "akt-psc-2", "Жүсіпов", "Арман", "Кенжеұлы"),
    ("executor", Role.AB_EXECUTOR, "akt-ab", "Сейітов", "Нұрлан", "Ғаниұлы"),
    ("head", Role.AB_HEAD, "akt-ab", "Байжанов", "Жанайдар", "Төлеуұлы"),
    ("clerk", Role.AB_OFFICE_CLERK, "akt-ab", "Исаева", "Айгүл", "Маратқызы"),
    ("admin", Role.ADMINISTRATOR, "akt-ab", "Смағұлов", "Дәурен", "Асқарұлы"),
    ("auditor", Role.AUDITOR, "akt-ab", "Қасымова", "Сәуле", "Ерланқызы"),
]

# The older files are carried through the workflow: registered (in the queue), refused, signed
# or waiting for the head; the rest wait at their first step.
STAGES = {
    "Төлеубаев": "issue",
    "Серікова": "issue",
    "Әбенов": "issue",
    "Иванова": "issue",
    "Жақыпов": "issue",
    "Қалиев": "issue",
    "Петренко": "issue",  # refused: sold a flat within five years (reg:12.2)
    "Нұрланова": "sign",
    "Досмағамбетова": "draft",
    "Ли": "sign",  # refused: income above 3.1 subsistence minimums (reg:6.2)
}

RUSSIAN_SPEAKERS = ("Иванова", "Петренко", "Ким", "Ли")

COMMON_DOCS = [
    "application_form",
    "id_documents",
    "property_certificate",
    "communal_housing_certificate",
    "residence_proof",
]


@dataclass(frozen=True)
class DemoApplicant:
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date
    sex: Sex
    groups: tuple[str, ...]
    channel: str
    office: str
    income: int | None = None
    family: tuple[tuple[str, str, dt.date], ...] = ()
    housing: tuple[str, ...] = ()
    history: tuple[dict[str, Any], ...] = ()
    extra_docs: tuple[str, ...] = ()
    representative: bool = False

    @property
    def stage(self) -> str:
        """How far the demo moves the file through the workflow: draft, sign, issue or not at all."""
        return STAGES.get(self.last_name, "")


D = dt.date
APPLICANTS = [
    DemoApplicant(
        "Төлеубаев",
        "Мұрат",
        "Ержанұлы",
        D(1924, 5, 9),
        Sex.MALE,
        ("wwii_veteran",),
        Channel.AB_DESK,
        "akt-ab",
        extra_docs=("group_proof",),
        representative=True,
    ),
    DemoApplicant(
        "Серікова",
        "Гүлжан",
        "Бекқызы",
        D(1958, 3, 2),
        Sex.FEMALE,
        ("age_pensioner",),
        Channel.PSC,
        "akt-psc-1",
        income=1_100_000,
        extra_docs=("group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Әбенов",
        "Қанат",
        "Сәкенұлы",
        D(1983, 11, 20),
        Sex.MALE,
        ("large_family",),
        Channel.PSC,
        "akt-psc-1",
        income=2_400_000,
        family=(
            ("spouse", "Әбенова Айжан", D(1985, 2, 14)),
            ("child", "Әбенов Нұрсұлтан", D(2008, 6, 1)),
            ("child", "Әбенова Дана", D(2011, 9, 3)),
            ("child", "Әбенов Алихан", D(2015, 1, 27)),
            ("child", "Әбенова Аружан", D(2019, 12, 8)),
        ),
        extra_docs=("civil_status_certificates", "group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Иванова",
        "Ольга",
        "Петровна",
        D(1990, 7, 15),
        Sex.FEMALE,
        ("single_parent_family",),
        Channel.PORTAL,
        "akt-ab",
        income=1_500_000,
        family=(("child", "Иванов Артём", D(2016, 4, 4)),),
        extra_docs=("civil_status_certificates", "group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Жақыпов",
        "Бауыржан",
        "Талғатұлы",
        D(1988, 1, 30),
        Sex.MALE,
        ("civil_servant",),
        Channel.AB_DESK,
        "akt-ab",
        family=(("spouse", "Жақыпова Мадина", D(1990, 3, 3)),),
        extra_docs=("civil_status_certificates", "employment_certificate"),
    ),
    DemoApplicant(
        "Нұрланова",
        "Әсем",
        "Қуанышқызы",
        D(2001, 8, 19),
        Sex.FEMALE,
        ("orphan",),
        Channel.PSC,
        "akt-psc-2",
        extra_docs=("group_proof",),
    ),
    DemoApplicant(
        "Қалиев",
        "Ғалым",
        "Нұрұлы",
        D(1975, 10, 5),
        Sex.MALE,
        ("emergency_dwelling",),
        Channel.PSC,
        "akt-psc-2",
        housing=(
            "owns_dwelling_in_kz",
            "owns_dwelling_in_locality",
            "only_dwelling_declared_emergency",
        ),
        extra_docs=("emergency_certificate",),
    ),
    DemoApplicant(
        "Петренко",
        "Сергей",
        "Иванович",
        D(1986, 2, 22),
        Sex.MALE,
        ("budget_employee",),
        Channel.PORTAL,
        "akt-ab",
        family=(("spouse", "Петренко Анна", D(1987, 5, 5)),),
        history=({"date": "2023-07-15", "event": "alienated_dwelling", "lender_buyout": False},),
        extra_docs=("civil_status_certificates", "employment_certificate"),
    ),
    DemoApplicant(
        "Досмағамбетова",
        "Ләззат",
        "Өмірзаққызы",
        D(1970, 12, 12),
        Sex.FEMALE,
        ("disability_group_1_2",),
        Channel.AB_DESK,
        "akt-ab",
        income=900_000,
        extra_docs=("group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Мұхамеджанов",
        "Айдос",
        "Ерболұлы",
        D(1992, 4, 17),
        Sex.MALE,
        ("family_with_disabled_child",),
        Channel.PSC,
        "akt-psc-1",
        family=(
            ("spouse", "Мұхамеджанова Әлия", D(1994, 8, 8)),
            ("child", "Мұхамеджанов Ерасыл", D(2018, 10, 10)),
        ),
        extra_docs=("civil_status_certificates", "group_proof"),
    ),
    DemoApplicant(
        "Бекмұхамбетов",
        "Серік",
        "Әлібекұлы",
        D(1965, 6, 6),
        Sex.MALE,
        ("severe_chronic_disease",),
        Channel.PSC,
        "akt-psc-1",
        income=1_300_000,
        housing=("severe_illness_cohabitation_impossible",),
        extra_docs=("group_proof", "income_statement", "condition_certificate"),
    ),
    DemoApplicant(
        "Оразбаев",
        "Нұрбол",
        "Жақсылықұлы",
        D(1979, 9, 9),
        Sex.MALE,
        ("oralman",),
        Channel.AB_DESK,
        "akt-ab",
        income=1_800_000,
        family=(
            ("spouse", "Оразбаева Гүлмира", D(1981, 1, 1)),
            ("child", "Оразбаев Темірлан", D(2010, 2, 2)),
        ),
        extra_docs=("civil_status_certificates", "group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Сәрсенбаева",
        "Жанар",
        "Ілиясқызы",
        D(1980, 3, 8),
        Sex.FEMALE,
        ("disaster_victim",),
        Channel.PSC,
        "akt-psc-2",
        income=1_000_000,
        extra_docs=("group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Ермеков",
        "Асхат",
        "Болатұлы",
        D(1984, 5, 25),
        Sex.MALE,
        ("family_of_fallen",),
        Channel.PORTAL,
        "akt-ab",
        income=1_200_000,
        family=(("parent", "Ермекова Күләш", D(1955, 7, 7)),),
        extra_docs=("civil_status_certificates", "group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Ким",
        "Виктор",
        "Алексеевич",
        D(1990, 11, 11),
        Sex.MALE,
        ("military",),
        Channel.AB_DESK,
        "akt-ab",
        extra_docs=("employment_certificate",),
    ),
    DemoApplicant(
        "Шәкенова",
        "Меруерт",
        "Дәулетқызы",
        D(1995, 1, 19),
        Sex.FEMALE,
        ("elected_official",),
        Channel.PSC,
        "akt-psc-1",
        extra_docs=("employment_certificate",),
    ),
    DemoApplicant(
        "Тоқтаров",
        "Ербол",
        "Мейрамұлы",
        D(1961, 2, 28),
        Sex.MALE,
        ("equated_to_wwii",),
        Channel.PSC,
        "akt-psc-2",
        income=800_000,
        extra_docs=("group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Ли",
        "Марина",
        "Сергеевна",
        D(1987, 8, 30),
        Sex.FEMALE,
        ("single_parent_family",),
        Channel.PSC,
        "akt-psc-1",
        income=6_000_000,
        family=(("child", "Ли Дмитрий", D(2012, 12, 12)),),
        extra_docs=("civil_status_certificates", "group_proof", "income_statement"),
    ),
    DemoApplicant(
        "Ахметов",
        "Талғат",
        "Нұржанұлы",
        D(1977, 4, 1),
        Sex.MALE,
        ("large_family", "budget_employee"),
        Channel.AB_DESK,
        "akt-ab",
        income=3_000_000,
        family=(
            ("spouse", "Ахметова Сая", D(1979, 6, 6)),
            ("child", "Ахметов Арман", D(2006, 3, 3)),
            ("child", "Ахметова Ая", D(2009, 9, 9)),
            ("child", "Ахметов Бек", D(2013, 1, 13)),
            ("child", "Ахметова Жібек", D(2017, 7, 17)),
        ),
        extra_docs=(
            "civil_status_certificates",
            "group_proof",
            "income_statement",
            "employment_certificate",
        ),
    ),
    DemoApplicant(
        "Жұмашева",
        "Балжан",
        "Асанқызы",
        D(1953, 10, 10),
        Sex.FEMALE,
        ("age_pensioner",),
        Channel.PORTAL,
        "akt-ab",
        income=1_050_000,
        housing=("dwelling_substandard",),
        extra_docs=("group_proof", "income_statement"),
    ),
]


def _staff(office_by_code: dict[str, Office]) -> list[tuple[User, bool]]:
    result = []
    for username, role, office_code, last, first, patronymic in STAFF:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.role = role
        user.office = office_by_code[office_code]
        user.last_name, user.first_name, user.patronymic = last, first, patronymic
        user.is_staff = role in (Role.ADMINISTRATOR, Role.AUDITOR)
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        result.append((user, created))
    return result


def _application_input(person: DemoApplicant, serial: int, iin: str) -> ApplicationInput:
    facts: dict[str, Any] = {
        "citizen_of_kz": True,
        "permanent_resident_in_locality": True,
        "housing": dict.fromkeys(person.housing, True),
        "history": list(person.history),
        "military_service_months": 0,
    }
    if person.income is not None:
        facts["income_12_months"] = person.income
    representative = None
    if person.representative:
        representative = RepresentativeInput(
            full_name="Төлеубаева Сания Мұратқызы",
            iin=make_iin(D(1960, 1, 15), Sex.FEMALE, 900 + serial),
            phone="+7 701 555 01 01",
            power_of_attorney_number="НТ-2025-0142",
            power_of_attorney_date=D(2025, 1, 10),
        )
    return ApplicationInput(
        applicant=PersonInput(
            iin=iin,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            birth_date=person.birth_date,
            phone=f"+7 70{serial % 10} {serial:03d} {serial % 97:02d} {serial % 89:02d}",
            address="Ақтоғай ауылы",
        ),
        claimed_groups=person.groups,
        family=[
            FamilyMemberInput(relation=rel, full_name=name, birth_date=born)
            for rel, name, born in person.family
        ],
        representative=representative,
        documents=[DocumentInput(doc_type=code) for code in (*COMMON_DOCS, *person.extra_docs)],
        facts=facts,
        language="ru" if person.last_name in RUSSIAN_SPEAKERS else "kk",
    )


def _portal_request(data: ApplicationInput) -> tuple[bytes, dict[str, Upload]]:
    """The signed request a citizen's browser would send (reg:15.2): two scans, the rest fetched."""
    scans = {
        "form": b"%PDF-1.4\n% demo application form\n",
        "id": b"%PDF-1.4\n% demo identity card\n",
    }
    kinds = {"form": "application_form", "id": "id_documents"}
    person = data.applicant
    body: dict[str, Any] = {
        "district": "akt",
        "applicant": {
            "iin": person.iin,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "phone": person.phone,
        },
        "claimed_groups": list(data.claimed_groups),
        "fund": data.fund,
        "family": [
            {
                "relation": m.relation,
                "full_name": m.full_name,
                "birth_date": m.birth_date.isoformat(),
            }
            for m in data.family
        ],
        "facts": data.facts,
        "language": data.language,
        "attachments": [
            {"doc_type": kinds[name], "file": name, "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in scans.items()
        ],
        "fetched_documents": [
            d.doc_type for d in data.documents if d.doc_type not in kinds.values()
        ],
    }
    request_bytes = json.dumps(body, ensure_ascii=False).encode("utf-8")
    uploads = {
        name: Upload(name=name, filename=f"{name}.pdf", content=content)
        for name, content in scans.items()
    }
    return request_bytes, uploads


def _advance(application: Application, *, stage: str, people: dict[str, User]) -> None:
    """Move a file through the real workflow services up to `stage` (draft, sign or issue)."""
    executor, head = people["executor"], people["head"]
    if application.channel == Channel.PSC:
        branch = application.accepted_office.code
        back_office = people["backoffice1" if branch == "akt-psc-1" else "backoffice2"]
        application_collect(actor=back_office, application=application)
        registry = dispatch_registry_send(actor=back_office, applications=[application])
        dispatch_registry_receive(actor=executor, registry=registry)
    else:
        application_take(actor=executor, application=application)
    application.refresh_from_db()
    result_draft(actor=executor, application=application)
    if stage == "draft":
        return
    result_sign(actor=head, application=application)
    if stage == "sign":
        return
    result_register(actor=executor, application=application)
    if application.channel == Channel.PSC:
        inspector = (
            people["psc1"] if application.accepted_office.code == "akt-psc-1" else people["psc2"]
        )
        result_receive_at_psc(actor=inspector, application=application)
        result_issue(actor=inspector, application=application)
    elif application.channel == Channel.AB_DESK:
        result_issue(actor=people["clerk"], application=application)


def demo_load() -> dict[str, Any]:
    """Load the demo and return what exists: logins (with created flags) and request numbers.

    Files are accepted through the real intake services (a PSC window, the AB desk, a signed
    portal request) and the older ones are moved through the workflow, so the queue, the
    documents and the audit trail are as real use would leave them.
    """
    with transaction.atomic():
        office_by_code = {o.code: o for o in Office.objects.filter(district__code="akt")}
        staff = _staff(office_by_code)
    people = {u.username: u for u, _created in staff}
    applications: list[tuple[Application, bool]] = []
    for serial, person in enumerate(APPLICANTS, start=100):
        iin = make_iin(person.birth_date, person.sex, serial)
        applicant = Applicant.objects.filter(iin=iin).first()
        existing = applicant.applications.order_by("accepted_at").first() if applicant else None
        if existing is not None:
            applications.append((existing, False))
            continue
        data = _application_input(person, serial, iin)
        if person.channel == Channel.PORTAL:
            request_bytes, uploads = _portal_request(data)
            signature = sign_as_citizen(
                request_bytes, iin=iin, name=f"{person.last_name} {person.first_name}".upper()
            )
            application = portal_application_receive(
                request_bytes=request_bytes, signature=signature, uploads=uploads
            )
        else:
            actor = (
                people["psc1" if person.office == "akt-psc-1" else "psc2"]
                if person.channel == Channel.PSC
                else people["clerk"]
            )
            application = application_intake(actor=actor, channel=person.channel, data=data)
        if person.stage:
            _advance(application, stage=person.stage, people=people)
        application.refresh_from_db()
        applications.append((application, True))
    return {
        "password": DEMO_PASSWORD,
        "staff": [
            (u.username, u.get_role_display(), u.office.code if u.office else "", created)
            for u, created in staff
        ],
        "applications": [
            (a.request_number, a.applicant.full_name, a.channel, a.get_status_display(), created)
            for a, created in applications
        ],
    }
