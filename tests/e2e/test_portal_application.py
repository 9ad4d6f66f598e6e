"""The citizen portal in a real browser, in Kazakh and Russian, at 1280 and 360 pixels: EDS
sign-in with the test signing helper, every step of the application, scans uploaded, the request
signed and submitted, the acceptance report in the cabinet. axe-core checks every page visited
(no serious or critical violation); screenshots go to var/screenshots/."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import check_accessibility, screenshot
from tests.portal.support import citizen_iin, compile_catalogues, sign_b64, tiny_pdf, tiny_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = {
    "kk": {
        "cabinet": "Жеке кабинет",
        "register": "Сізді есепке қоюға болады",
        "accepted": "Уәкілетті орган құжаттарыңызды",
        "required": "Бұл өрісті толтыру міндетті",
        "no_ncalayer": "NCALayer бағдарламасы іске қосылмаған",
        "noscript": "NCALayer және JavaScript қажет",
    },
    "ru": {
        "cabinet": "Личный кабинет",
        "register": "Вас можно поставить на учёт",
        "accepted": "Уполномоченный орган принял ваши документы",
        "required": "Это поле обязательно",
        "no_ncalayer": "Программа NCALayer не запущена",
        "noscript": "нужны NCALayer и JavaScript",
    },
}


@pytest.fixture(scope="session")
def _e2e_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogues(tmp_path_factory.mktemp("locale"))


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path_factory, _e2e_locale: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.KEZEK_SIGNING_BACKEND = "local"
    settings.KEZEK_LOCAL_SIGNING_DIR = str(tmp_path_factory.mktemp("pki"))
    settings.KEZEK_VIRUS_SCANNER = "kezek.portal.scanning.reject_eicar"
    settings.LOCALE_PATHS = [str(_e2e_locale)]


class Visit:
    """Checks on every page: accessible (axe-core), nothing spills sideways, a screenshot."""

    def __init__(self, page: Any, language: str, width: int) -> None:
        self.page, self.language, self.width = page, language, width

    def check(self, name: str) -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") == self.language
        violations = check_accessibility(page)
        assert violations == [], f"{page.url} ({self.language}, {self.width}px): {violations}"
        assert page.evaluate("document.documentElement.scrollWidth") <= self.width + 1, page.url
        screenshot(page, f"portal-{name}-{self.language}-{self.width}")

    def submit(self, value: str = "next") -> None:
        with self.page.expect_navigation():
            self.page.click(f"button[type=submit][value='{value}']")


def eds_sign(page: Any, *, iin: str) -> None:
    """The signing helper: what NCALayer would do, with the test certificate, in Python."""
    data = base64.b64decode(page.get_attribute("form[data-eds-form]", "data-sign-data"))
    cms = sign_b64(data, iin=iin, name="САПАРОВ ҒАБИТ ӘЛИҰЛЫ")
    with page.expect_navigation():
        page.evaluate(
            """(cms) => {
                const form = document.querySelector('form[data-eds-form]');
                form.elements.signature.value = cms;
                form.submit();
            }""",
            cms,
        )


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_citizen_applies_on_the_portal(page_factory, tmp_path, language, width) -> None:
    text = TEXT[language]
    iin = citizen_iin(serial={"kk": 11, "ru": 12}[language] + (width == 360) * 10)
    scans = {"png": tmp_path / "id-card.png", "pdf": tmp_path / "scan.pdf"}
    scans["png"].write_bytes(tiny_png())
    scans["pdf"].write_bytes(tiny_pdf())
    page = page_factory(language=language, width=width)
    visit = Visit(page, language, width)

    # Sign in with EDS: the page carries the code to sign; the helper signs it.
    page.goto("/portal/")
    assert "/portal/sign-in/" in page.url
    visit.check("sign-in")
    eds_sign(page, iin=iin)
    assert page.url.endswith("/portal/")
    assert text["cabinet"] in page.locator("h1").inner_text()
    visit.check("cabinet-empty")
    with page.expect_navigation():
        page.click("form[action='/portal/apply/'] button")

    # 1. The applicant: the name comes from the certificate; a bad phone is refused first.
    assert page.input_value("#id_last_name") == "Сапаров"
    page.fill("#id_address", "Ақтоғай ауылы, Бөкейхан көшесі 12")
    page.fill("#id_email", "gabit@example.kz")
    page.check(f"#id_language_{0 if language == 'kk' else 1}")
    visit.submit()
    assert text["required"] in page.locator("#error-summary").inner_text()
    assert page.get_attribute("#id_phone", "aria-describedby") == "id_phone-hint id_phone-error"
    visit.check("step-applicant-error")
    page.fill("#id_phone", "+7 701 123 45 67")
    visit.submit()

    # 2. The family: one member, then "add another" (no JavaScript needed), then a child.
    assert page.url.endswith("/apply/family/")
    page.select_option("#id_family-0-relation", "spouse")
    page.fill("#id_family-0-full_name", "Сапарова Әйгерім")
    page.fill("#id_family-0-birth_date", "02.01.1987")
    visit.submit("stay")
    page.select_option("#id_family-1-relation", "child")
    page.fill("#id_family-1-full_name", "Сапаров Нұрлан")
    page.fill("#id_family-1-birth_date", "05.05.2012")
    page.check("#id_family-1-disabled")
    visit.check("step-family")
    visit.submit()

    # 3. Groups and income (money with spaces).
    assert page.url.endswith("/apply/groups/")
    page.check("input[name=claimed_groups][value=family_with_disabled_child]")
    page.check("input[name=claimed_groups][value=disability_group_1_2]")
    page.fill("#id_income_12_months", "1 500 000")
    visit.check("step-groups")
    visit.submit()

    # 4. Housing, 5. history: nothing to tick, nothing happened (the keyboard alone will do).
    assert page.url.endswith("/apply/housing/")
    visit.check("step-housing")
    page.focus("button[type=submit][value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/apply/history/")
    visit.check("step-history")
    visit.submit()

    # 6. The checklist that follows from the answers, and the scans.
    assert page.url.endswith("/apply/documents/")
    inputs = page.eval_on_selector_all("input[type=file]", "els => els.map(e => e.name)")
    assert set(inputs) == {
        "file_id_documents",
        "file_civil_status_certificates",
        "file_group_proof",
        "file_income_statement",
    }
    visit.check("step-documents")
    # A text file renamed .pdf is refused, naming the document, and nothing is attached.
    fake = tmp_path / "letter.pdf"
    fake.write_bytes(b"just a letter, renamed")
    page.set_input_files("input[name=file_id_documents]", str(fake))
    visit.submit("upload")
    error = page.locator("#id_file_id_documents-error")
    assert error.is_visible()
    assert page.get_attribute("#id_file_id_documents", "aria-invalid") == "true"
    assert "PDF, JPEG" in error.inner_text()
    visit.check("step-documents-error")
    for name in inputs:
        page.set_input_files(f"input[name={name}]", str(scans["png" if "id_" in name else "pdf"]))
    visit.submit()

    # 7. The summary with the engine's preliminary answer.
    assert page.url.endswith("/apply/summary/")
    assert text["register"] in page.locator(".result").inner_text()
    summary = page.inner_text("main")
    assert "1\u00a0500\u00a0000 ₸" in summary  # money with spaces between thousands
    assert "02.01.1987" in summary  # dates as dd.mm.yyyy
    visit.check("step-summary")
    visit.submit("confirm")

    # 8. Sign the request and submit it.
    assert page.url.endswith("/apply/sign/")
    assert page.is_visible("[data-eds-button]")  # JavaScript shows the NCALayer button
    visit.check("step-sign")
    eds_sign(page, iin=iin)

    # The acceptance report in the cabinet (reg:16.2).
    assert re.search(r"/portal/applications/\d+/$", page.url), page.url
    report = page.locator("#report-title").locator("xpath=..").inner_text()
    assert text["accepted"] in report
    assert re.search(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", report)
    visit.check("application")
    page.click("nav a[href='/portal/']")
    assert page.locator(".application-card").count() == 1
    visit.check("cabinet")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_without_ncalayer_the_button_says_so(page_factory, language) -> None:
    page = page_factory(language=language, width=360)
    page.goto("/portal/sign-in/")
    page.click("[data-eds-button]")  # nothing listens on wss://127.0.0.1:13579/
    page.wait_for_function("document.querySelector('[data-eds-status]').textContent.length > 40")
    assert TEXT[language]["no_ncalayer"] in page.inner_text("[data-eds-status]")
    assert not page.is_disabled("[data-eds-button]")
    visit = Visit(page, language, 360)
    visit.check("sign-in-no-ncalayer")
    # A signature that does not hold: refused with a message, a new code to sign.
    code = page.get_attribute("form[data-eds-form]", "data-sign-data")
    with page.expect_navigation():
        page.evaluate(
            "() => { const f = document.querySelector('form[data-eds-form]');"
            " f.elements.signature.value = btoa('not a signature'); f.submit(); }"
        )
    assert page.locator("#eds-error").is_visible()
    assert page.get_attribute("form[data-eds-form]", "data-sign-data") != code
    visit.check("sign-in-refused")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_without_javascript_the_page_explains_that_eds_needs_it(
    browser, live_server, language
) -> None:
    context = browser.new_context(
        java_script_enabled=False, locale=language, base_url=live_server.url
    )
    context.add_cookies([{"name": "kezek_language", "value": language, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto("/portal/sign-in/")
        assert TEXT[language]["noscript"] in page.inner_text("main")
        assert not page.is_visible("[data-eds-button]")
        screenshot(page, f"portal-sign-in-nojs-{language}-1280")
    finally:
        context.close()
