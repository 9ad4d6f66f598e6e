"""Who is in the demo: one account per role and about twenty applicants at every stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kezek.accounts.models import Role
from kezek.applications.choices import Channel
from kezek.core.iin import Sex

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
    disabled_members: tuple[str, ...] = ()  # names in `family` (reg:7.4: a disabled child)
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
        disabled_members=("Мұхамеджанов Ерасыл",),
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
