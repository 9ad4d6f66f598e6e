"""Applications the documents are made from, a private test PKI, and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kezek.applications.models import Application
from kezek.applications.services import ApplicationInput, application_submit
from tests.factories import (
    PENSIONER_DOCS,
    ApplicationInputFactory,
    PersonInputFactory,
    RepresentativeInputFactory,
    documents,
)

PUBLIC_URL = "https://kezek.example.kz"


@pytest.fixture(autouse=True)
def _signing_and_url(settings, tmp_path: Path) -> None:
    """Every paperwork test signs with its own test CA and knows the public address."""
    settings.KEZEK_SIGNING_BACKEND = "local"
    settings.KEZEK_LOCAL_SIGNING_DIR = str(tmp_path / "pki")
    settings.KEZEK_PUBLIC_URL = PUBLIC_URL


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """pdftotext's text of the PDF, whitespace collapsed (lines wrap anywhere in a cell)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return " ".join(text.split())


@pytest.fixture
def text_of(tmp_path: Path) -> Callable[[bytes], str]:
    return lambda pdf: pdf_text(pdf, tmp_path)


def _submit(
    staff,
    offices,
    *,
    office: str,
    channel: str,
    actor_role: str,
    data: ApplicationInput,
    accepted_at: dt.datetime | None = None,
) -> Application:
    return application_submit(
        actor=staff[actor_role] if actor_role else None,
        office=offices[office],
        channel=channel,
        data=data,
        accepted_at=accepted_at,
    )


@pytest.fixture
def psc_application(staff, offices) -> Application:
    """A PSC application with a representative (the receipt names both, reg:16.1)."""
    data = ApplicationInputFactory(
        pensioner=True,
        applicant__birth_date=dt.date(1955, 3, 3),
        applicant__serial=7,
        documents=documents(*PENSIONER_DOCS),
        facts={
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            "income_12_months": 1_000_000,
            "housing": {},
            "history": [],
        },
        family=(),
        representative=RepresentativeInputFactory(),
    )
    return _submit(
        staff, offices, office="akt-psc-1", channel="psc", actor_role="psc_inspector", data=data
    )


@pytest.fixture
def refused_application(staff, offices) -> Application:
    """Sold a flat 2 years ago and lacks a document: two grounds (reg:12.2, reg:15)."""
    data = ApplicationInputFactory(
        applicant=PersonInputFactory(
            birth_date=dt.date(1980, 5, 5),
            serial=8,
            last_name="Петренко",
            first_name="Сергей",
            patronymic="Иванович",
            phone="+7 705 000 11 22",
        ),
        claimed_groups=["budget_employee"],
        family=(),
        documents=documents(
            "application_form",
            "id_documents",
            "property_certificate",
            "communal_housing_certificate",
            "residence_proof",
        ),
        facts={
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            "housing": {},
            "history": [
                {
                    "date": (dt.date.today() - dt.timedelta(days=700)).isoformat(),
                    "event": "alienated_dwelling",
                    "lender_buyout": False,
                }
            ],
        },
        language="ru",
        contact_email="petrenko@example.kz",
    )
    return _submit(
        staff, offices, office="akt-ab", channel="ab_desk", actor_role="ab_office_clerk", data=data
    )


@pytest.fixture
def portal_application(staff, offices) -> Application:
    """A portal application that is registered; the result goes out signed, by e-mail."""
    data = ApplicationInputFactory(
        pensioner=True,
        applicant=PersonInputFactory(
            pensioner=True,
            birth_date=dt.date(1956, 7, 7),
            serial=9,
            last_name="Жұмашева",
            first_name="Балжан",
            patronymic="Асанқызы",
            phone="+7 707 123 45 67",
            email="balzhan@example.kz",
        ),
        documents=documents(*PENSIONER_DOCS, source="scanned"),
        facts={
            "citizen_of_kz": True,
            "permanent_resident_in_locality": True,
            "income_12_months": 900_000,
            "housing": {},
            "history": [],
        },
        family=(),
        contact_email="balzhan@example.kz",
    )
    return _submit(staff, offices, office="akt-ab", channel="portal", actor_role="", data=data)
