"""The Annex 2 form (reg:15.1.a) is addressed to the head of the authorized body by name: the
district's active head; when none is known, the line stays blank for handwriting."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest

from kezek.accounts.models import Role
from kezek.portal.annex2 import application_form_pdf
from tests.factories import DistrictFactory, OfficeFactory, StaffFactory

from .support import citizen_iin

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    return " ".join(out.split())


def form_text(*, language: str = "kk", district: str = "akt") -> str:
    data: dict[str, Any] = {
        "applicant": {
            "district": district,
            "language": language,
            "last_name": "Сапаров",
            "first_name": "Ғабит",
            "patronymic": "Әлиұлы",
            "address": "Ақтоғай ауылы",
        },
        "family": [],
    }
    pdf = application_form_pdf(
        iin=citizen_iin(), data=data, document_names=["Өтініш"], signed_on=dt.date(2025, 3, 11)
    )
    return pdf_text(pdf)


def head(office: Any, **extra: Any) -> Any:
    return StaffFactory(
        role=Role.AB_HEAD,
        office=office,
        last_name="Байжанов",
        first_name="Жанайдар",
        patronymic="Төлеуұлы",
        **extra,
    )


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_form_names_the_head_of_the_authorized_body(offices, language: str) -> None:
    head(offices["akt-ab"])
    text = form_text(language=language)
    assert "Байжанов Жанайдар Төлеуұлы" in text
    assert "(тегі, аты-жөні)" not in text
    assert "(фамилия, имя, отчество)" not in text
    assert "Сапаров Ғабит Әлиұлы" in text  # the applicant's line is still there


@pytest.mark.parametrize(
    ("language", "caption"), [("kk", "(тегі, аты-жөні)"), ("ru", "(фамилия, имя, отчество)")]
)
def test_no_head_known_leaves_the_line_blank(district, language: str, caption: str) -> None:
    text = form_text(language=language)
    assert "______" in text
    assert caption in text


def test_an_inactive_head_or_another_districts_head_is_not_named(offices) -> None:
    head(offices["akt-ab"], is_active=False, username="old-head")
    elsewhere = OfficeFactory(district=DistrictFactory())
    head(elsewhere, username="other-head")
    text = form_text()
    assert "Байжанов" not in text
    assert "(тегі, аты-жөні)" in text


def test_a_head_without_a_name_leaves_the_line_blank(offices) -> None:
    StaffFactory(role=Role.AB_HEAD, office=offices["akt-ab"], last_name="", first_name="")
    text = form_text()
    assert "(тегі, аты-жөні)" in text
