"""Public pages in a real browser: both languages, accessible, usable at 360 pixels."""

from __future__ import annotations

import pytest

from kezek.rules.clause_words import clause_words

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("width", [1280, 360])
def test_service_page(visit, language, width) -> None:
    page = visit("/service/", name="service", language=language, width=width)
    expected = {
        "kk": "Тұрғын үйге мұқтаж азаматтарды есепке қою",
        "ru": "Постановка на учёт граждан",
    }[language]
    assert expected in page.locator("h1").inner_text()
    street = {"kk": "Бөкейхан", "ru": "Букейхана"}[language]
    assert street in page.content()  # the Annex 1 offices come from the data
    # Nothing spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_sign_in_page(visit, language) -> None:
    page = visit("/sign-in/", name="sign-in", language=language)
    assert page.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_self_check_by_keyboard_on_a_phone(visit, language) -> None:
    page = visit("/self-check/", name="self-check", language=language, width=360)
    page.fill("#id_iin", "600909400033")
    page.check("input[value='age_pensioner']")
    page.fill("#id_income_12_months", "1500000")
    page.focus("#self-check-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result")
    text = page.locator("#result").inner_text()
    assert {"kk": "Сізді есепке қоюға болады", "ru": "Вас можно поставить на учёт"}[
        language
    ] in text
    assert clause_words(["reg:7.6"], language) in text
    assert "reg:" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 361
