"""The citizen's self-check page: the same engine, reasons in the citizen's language, nothing stored."""

from __future__ import annotations

import pytest
import time_machine

from kezek.applications.models import Applicant, Application
from kezek.audit.models import AuditRecord
from kezek.rules.clause_words import clause_words

pytestmark = pytest.mark.django_db

PENSIONER = {
    "iin": "600909400033",
    "claimed_groups": ["age_pensioner"],
    "fund": "communal",
    "citizen_of_kz": "on",
    "permanent_resident_in_locality": "on",
    "income_12_months": "1500000",
}


def _counts() -> tuple[int, int, int]:
    return Applicant.objects.count(), Application.objects.count(), AuditRecord.objects.count()


@pytest.mark.parametrize(
    ("language", "title"), [("kk", "Мені есепке қоя ала ма?"), ("ru", "Могу ли я встать на учёт?")]
)
def test_form_is_in_the_chosen_language(client, language, title) -> None:
    client.cookies["kezek_language"] = language
    html = client.get("/self-check/").content.decode()
    assert title in html


@time_machine.travel("2026-06-01 10:00:00+05:00", tick=False)
def test_pensioner_can_be_registered_and_nothing_is_stored(client) -> None:
    before = _counts()
    client.cookies["kezek_language"] = "kk"
    html = client.get("/self-check/", PENSIONER).content.decode()
    assert "Сізді есепке қоюға болады" in html
    assert clause_words(["reg:7.6"], "kk") in html  # the reason names its clause, in words
    assert _counts() == before


@time_machine.travel("2026-06-01 10:00:00+05:00", tick=False)
def test_sold_flat_is_refused_with_the_clause_in_russian(client) -> None:
    client.cookies["kezek_language"] = "ru"
    query = {
        **PENSIONER,
        "claimed_groups": ["budget_employee"],
        "history_0_event": "alienated_dwelling",
        "history_0_date": "2024-07-15",
    }
    html = client.get("/self-check/", query).content.decode()
    assert "В постановке на учёт было бы отказано" in html
    assert clause_words(["reg:12.2"], "ru") in html
    assert "reg:" not in html  # never a token on a page


@time_machine.travel("2026-06-01 10:00:00+05:00", tick=False)
def test_bad_iin_is_shown_on_the_field(client) -> None:
    client.cookies["kezek_language"] = "ru"
    html = client.get("/self-check/", {**PENSIONER, "iin": "600909400034"}).content.decode()
    assert "Неверная контрольная цифра ИИН" in html
    assert 'id="id_iin-error"' in html


@time_machine.travel("2026-06-01 10:00:00+05:00", tick=False)
def test_engine_error_lands_on_the_family_row(client) -> None:
    client.cookies["kezek_language"] = "ru"
    query = {**PENSIONER, "family_1_relation": "other", "family_1_birth_date": "1990-01-01"}
    html = client.get("/self-check/", query).content.decode()
    assert "только решением суда" in html
    assert 'id="id_family_1_recognized_by_court-error"' in html
