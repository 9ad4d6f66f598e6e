"""The staff back office in a real browser (issue 7, part 2), in Kazakh and in Russian.

1. A PSC inspector signs in, accepts a paper file at the window by keyboard alone (the set is
   first refused as incomplete, reg:16, naming the missing document), and opens the receipt's PDF.
2. The PSC file through every role: the back office collects and sends the registry, the
   executor accepts the batch, sees the engine's decision with its clauses and drafts; the head
   signs; the AB office registers and prints the notice; the PSC inspector receives and hands it
   out (issue journal); the citizen then finds the place on /queue/position/.
3. The refusal path: an AB-desk file the engine refuses ends in a motivated refusal that lists
   every ground with its clause on the file view.

Every page visited is checked with axe-core (no serious or critical violation) and saved under
var/screenshots/ as backoffice-<page>-<language>-<width>.png; the workqueue, the file and the
intake are also checked at 360 pixels (nothing spills sideways).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import polib
import pytest
from django.utils import timezone

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.core.iin import Sex, make_iin
from kezek.rules.clause_words import clause_words, tokens_to_words
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.models import IssueJournalEntry, ResultDraft, Timeline
from kezek.workflow.services.intake import application_intake
from tests.e2e.conftest import check_accessibility, screenshot
from tests.factories import StaffFactory
from tests.workflow.helpers import pensioner_payload, refused_payload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "kezek" / "locale"
TRANSLATIONS = ROOT / "tools" / "translations"
PASSWORD = "test-password-1"

TEXT = {
    "kk": {
        "accept": "Өтінішті қабылдау",
        "missing": "Құжаттар топтамасы толық емес",
        "income_doc": "Отбасының соңғы 12 айдағы табысы",
        "accepted": "Өтініш қабылданды",
        "refusal": "Дәлелді бас тарту",
        "registration": "Есепке қою",
        "place": "Кезектегі орныңыз",
        "pensioner": "зейнеткер",
    },
    "ru": {
        "accept": "Принять заявление",
        "missing": "Пакет документов неполный",
        "income_doc": "Доходы семьи за последние 12 месяцев",
        "accepted": "Заявление принято",
        "refusal": "Мотивированный отказ",
        "registration": "Постановка на учёт",
        "place": "Ваше место в очереди",
        "pensioner": "пенсионер",
    },
}


# --------------------------------------------------------------------------- catalogues


def _tsv_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for path in sorted(TRANSLATIONS.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.replace("\\n", "\n") for p in line.split("\t")]
            if len(parts) == 3:
                table[parts[0]] = (parts[1], parts[2])
    return table


@pytest.fixture(scope="session")
def _backoffice_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed catalogues with every tools/translations/*.tsv row, compiled: what
    `tools/fill_po.py` and `compilemessages` make of them once the .po files are merged."""
    target = tmp_path_factory.mktemp("backoffice-locale")
    table = _tsv_table()
    for index, language in enumerate(("kk", "ru")):
        po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        known = {entry.msgid: entry for entry in po}
        for msgid, pair in table.items():
            if msgid in known:
                known[msgid].msgstr = pair[index]
                if "fuzzy" in known[msgid].flags:
                    known[msgid].flags.remove("fuzzy")
            else:
                po.append(polib.POEntry(msgid=msgid, msgstr=pair[index]))
        out = target / language / "LC_MESSAGES"
        out.mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(out / "django.mo"))
    en = target / "en" / "LC_MESSAGES"
    en.mkdir(parents=True, exist_ok=True)
    polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po")).save_as_mofile(
        str(en / "django.mo")
    )
    return target


@pytest.fixture(autouse=True)
def _backoffice_settings(settings: Any, tmp_path: Path, _backoffice_locale: Path) -> None:
    settings.LOCALE_PATHS = [str(_backoffice_locale)]
    settings.MEDIA_ROOT = str(tmp_path / "media")


# --------------------------------------------------------------------------- helpers


def staff_member(role: str, office: Any, last_name: str) -> Any:
    return StaffFactory(role=role, office=office, last_name=last_name, first_name="Айгүл")


class Screen:
    """One signed-in browser tab: every page it shows is checked and photographed."""

    def __init__(self, page: Any, language: str, width: int) -> None:
        self.page, self.language, self.width = page, language, width

    def check(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == self.language, page.url
        assert "Traceback" not in page.content()
        violations = check_accessibility(page)
        assert violations == [], f"{page.url} ({self.language}, {self.width}px): {violations}"
        if self.width <= 400:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= self.width + 1, (
                f"{page.url}: {scroll}px wide at {self.width}px: {self.too_wide()}"
            )
        screenshot(page, f"backoffice-{name}-{self.language}-{self.width}")

    def too_wide(self) -> list[str]:
        """The elements that reach past the right edge (to say what spills)."""
        return list(
            self.page.evaluate(
                """(w) => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > w + 1)
                    .slice(0, 8).map(e => (e.parentElement && e.parentElement.parentElement ? e.parentElement.parentElement.className + ' > ' : '') + e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
                self.width,
            )
        )

    def go(self, path: str, name: str) -> Any:
        response = self.page.goto(path)
        assert response is not None, path
        assert response.status < 400, f"{path}: HTTP {response.status}"
        self.check(name)
        return response

    def submit(self, selector: str) -> None:
        """Press a button by keyboard: focus it, then Enter (a click would do the same)."""
        with self.page.expect_navigation():
            self.page.focus(selector)
            self.page.keyboard.press("Enter")

    def focused(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
            )
        )

    def tab_to(self, selector: str, limit: int = 80) -> int:
        """Press Tab until `selector` has the focus; the number of presses."""
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            if self.focused(selector):
                return presses
        raise AssertionError(f"{selector} is not reached with Tab from {self.page.url}")


@pytest.fixture
def screen(page_factory: Any) -> Any:
    def open_(*, language: str, width: int = 1280, user: Any = None) -> Screen:
        s = Screen(page_factory(language=language, width=width), language, width)
        if user is not None:
            sign_in(s, user.username)
        return s

    return open_


def sign_in(s: Screen, username: str) -> None:
    """Staff sign-in by keyboard; the start page leads the role to its workqueue."""
    s.go("/sign-in/", "sign-in")
    s.page.focus("#id_username")
    s.page.keyboard.type(username)
    s.page.keyboard.press("Tab")
    s.page.keyboard.type(PASSWORD)
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")
    assert s.page.url.endswith("/"), s.page.url
    assert s.page.locator("#open-workqueue").count() == 1


def pdf_from_link(s: Screen, selector: str) -> bytes:
    """Open a PDF link (it opens a new tab) by keyboard; assert the response is a PDF."""
    href = s.page.get_attribute(selector, "href")
    assert href
    assert "/pdf/" in href
    with s.page.context.expect_event(
        "response", predicate=lambda r: r.url.endswith(href)
    ) as opened:
        s.page.focus(selector)
        s.page.keyboard.press("Enter")
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "application/pdf"
    # The same bytes fetched with the session: a real PDF, not an error page.
    response = s.page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    return body


def pdf_from_button(s: Screen, selector: str) -> None:
    """A print button posts (into a new tab), the document is issued (or reused) and its PDF is
    served; the file stays open in the first tab."""
    with s.page.context.expect_event(
        "response", predicate=lambda r: "/documents/" in r.url and "/pdf/" in r.url
    ) as got:
        s.page.focus(selector)
        s.page.keyboard.press("Enter")
    assert got.value.status == 200
    assert got.value.headers["content-type"] == "application/pdf"
    # The browser shows it in its PDF viewer; the bytes themselves, fetched with the session:
    assert s.page.request.get(got.value.url).body().startswith(b"%PDF-")


def accept_psc_file(inspector: Any, serial: int, **changes: Any) -> Application:
    payload = pensioner_payload(serial)
    payload.update(changes)
    return application_intake(
        actor=inspector, channel="psc", data=application_input_from_json(payload)
    )


# --------------------------------------------------------------------------- 1. the window


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_psc_window_accepts_a_paper_file_by_keyboard(screen, offices, language) -> None:
    inspector = staff_member(Role.PSC_INSPECTOR, offices["akt-psc-1"], "Терезе")
    text = TEXT[language]
    s = screen(language=language, user=inspector)
    s.check("start-psc_inspector")

    started = time.perf_counter()
    presses = 0
    s.go("/office/intake/", "intake")
    assert text["accept"] in s.page.locator("h1").inner_text()
    assert s.focused("#lookup-iin"), "the cursor waits in the IIN field"
    iin = make_iin(dt.date(1957, 4, 12), Sex.FEMALE, 31 + (language == "ru"))
    s.page.keyboard.type(iin)
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")
    assert s.focused("#id_a-last_name"), "a new applicant: the cursor goes to the surname"
    s.check("intake-lookup")
    s.page.keyboard.type("Жұмабаева")
    presses += s.tab_to("#id_a-first_name")
    s.page.keyboard.type("Әлия")
    presses += s.tab_to("#id_a-phone")
    s.page.keyboard.type("+7 701 555 44 33")
    presses += s.tab_to("input[name='a-claimed_groups'][value='age_pensioner']")
    s.page.keyboard.press("Space")
    # The page's script asks the server for the checklist of the chosen group at once.
    s.page.wait_for_selector("label[data-document='income_statement'].is-required")
    # Every document of the checklist but the income statement: the window must refuse.
    required = [
        "application_form",
        "id_documents",
        "property_certificate",
        "communal_housing_certificate",
        "residence_proof",
        "group_proof",
    ]
    for code in required:
        presses += s.tab_to(f"input[name='a-documents'][value='{code}']")
        s.page.keyboard.press("Space")
    presses += s.tab_to("#id_a-citizen_of_kz")
    s.page.keyboard.press("Space")
    presses += s.tab_to("#id_a-permanent_resident_in_locality")
    s.page.keyboard.press("Space")
    presses += s.tab_to("#id_a-income_12_months")
    s.page.keyboard.type("1100000")
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")  # Enter in a text field accepts

    # reg:16: refused at the window, the missing document named; nothing is lost.
    assert s.focused("#error-summary")
    summary = s.page.locator("#error-summary").inner_text()
    assert text["missing"] in summary
    assert text["income_doc"] in summary
    assert not Application.objects.exists()
    assert s.page.input_value("#id_a-last_name") == "Жұмабаева"
    s.check("intake-refused")
    # The summary's link leads to the documents; from there Tab reaches the missing one.
    presses += s.tab_to("#error-summary a")
    s.page.keyboard.press("Enter")
    presses += s.tab_to("input[name='a-documents'][value='income_statement']")
    s.page.keyboard.press("Space")
    presses += s.tab_to("#accept-button")
    with s.page.expect_navigation():
        s.page.keyboard.press("Enter")

    application = Application.objects.get()
    assert application.applicant.iin == iin
    assert application.status == "accepted"
    assert text["accepted"] in s.page.content()
    assert s.focused("#receipt-pdf"), "after acceptance the cursor is on the receipt's PDF"
    pdf = pdf_from_link(s, "#receipt-pdf")
    elapsed = time.perf_counter() - started
    print(
        f"\n[{language}] PSC window, scripted by keyboard: sign-in excluded, "
        f"{elapsed:.1f} s from the empty intake form to the receipt PDF "
        f"({presses} Tab presses, one refusal for a missing document, PDF {len(pdf)} bytes)"
    )
    s.check("file-accepted")

    # The same screens work on a phone-sized window.
    phone = screen(language=language, width=360, user=inspector)
    phone.go("/office/intake/", "intake")
    phone.go(f"/office/files/{application.pk}/", "file")


# --------------------------------------------------------------------------- 2. every role


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_psc_file_through_every_role_to_the_queue_position(screen, offices, language) -> None:
    text = TEXT[language]
    psc, ab = offices["akt-psc-1"], offices["akt-ab"]
    inspector = staff_member(Role.PSC_INSPECTOR, psc, "Терезе")
    back_office = staff_member(Role.PSC_BACK_OFFICE, psc, "Жинақтаушы")
    executor = staff_member(Role.AB_EXECUTOR, ab, "Орындаушы")
    head = staff_member(Role.AB_HEAD, ab, "Басшы")
    clerk = staff_member(Role.AB_OFFICE_CLERK, ab, "Кеңсе")
    application = accept_psc_file(inspector, serial=51 + (language == "ru"))
    # A second file, at the AB desk, past its step's limit: the head's overdue list shows it.
    late = application_intake(
        actor=clerk,
        channel="ab_desk",
        data=application_input_from_json(pensioner_payload(61 + (language == "ru"))),
        executor=executor,
    )
    Timeline.objects.filter(application=late).update(
        step_due_at=timezone.now() - dt.timedelta(days=2)
    )
    number = application.request_number

    # Annex 3, actions 2 and 3: the back office collects and sends the registry.
    s = screen(language=language, user=back_office)
    s.go("/office/", "workqueue-psc_back_office")
    assert number in s.page.content()
    s.go("/office/registries/", "registries")
    s.submit("#collect-form button[type=submit]")
    s.submit("#send-form button[type=submit]")
    assert "/office/registries/" in s.page.url
    s.check("registry")
    pdf_from_button(s, "form.print-form button")

    # Action 4: the executor accepts the batch; action 5: checks with the engine and drafts.
    s = screen(language=language, user=executor)
    s.go("/office/", "workqueue-ab_executor")
    assert number in s.page.content()
    s.go("/office/registries/", "registries-executor")
    with s.page.expect_navigation():
        s.page.locator("table.registries-table a").first.click()
    s.submit("#receive-form button")
    application.refresh_from_db()
    assert application.status == "under_check"
    s.go(f"/office/files/{application.pk}/", "file-check")
    reasons = s.page.locator("#decision-reasons").inner_text()
    for clause in ("reg:6.2", "reg:7.6", "reg:8.1", "reg:8.3"):
        assert clause_words([clause], language) in reasons  # in words, never a token
    assert "reg:" not in reasons
    assert text["pensioner"] in reasons.lower()
    s.page.focus("#comment-draft")
    s.page.keyboard.type("Құжаттар толық / Документы полные")
    s.submit("#action-draft button[type=submit]")
    application.refresh_from_db()
    assert application.status == "awaiting_signature"

    # Action 6: the head signs; the overdue list (reg:22) shows the late desk file.
    s = screen(language=language, user=head)
    s.go("/office/", "workqueue-ab_head")
    assert number in s.page.content()
    s.go("/office/overdue/", "overdue")
    row = s.page.locator("tr.is-overdue", has_text=late.request_number)
    assert row.count() == 1
    assert row.locator(".overdue-flag").count() >= 1
    s.go(f"/office/files/{application.pk}/", "file-sign")
    s.submit("#action-sign button[type=submit]")
    application.refresh_from_db()
    assert application.status == "signed"
    draft = ResultDraft.objects.get(application=application)
    assert draft.queue_positions, "the notice states the place in the queue"

    # Action 7: the AB office registers the result and prints the notice.
    s = screen(language=language, user=clerk)
    s.go("/office/", "workqueue-ab_office_clerk")
    s.go(f"/office/files/{application.pk}/", "file-register")
    s.submit("#action-register_result button[type=submit]")
    application.refresh_from_db()
    assert application.status == "result_registered"
    s.check("file-registered")
    pdf_from_button(s, "form.print-form button")

    # Action 8: the PSC inspector receives the result and hands it out (issue journal, reg:18).
    s = screen(language=language, user=inspector)
    s.go("/office/", "workqueue-psc_inspector")
    assert number in s.page.content()
    s.go(f"/office/files/{application.pk}/", "file-handout")
    s.submit("#action-receive_result button[type=submit]")
    pdf_from_link(s, "a.document-pdf[data-kind='registration_notice']")
    s.submit("#action-issue button[type=submit]")
    application.refresh_from_db()
    assert application.status == "issued"
    entry = IssueJournalEntry.objects.get(application=application)
    assert entry.issued_by == inspector
    s.check("file-issued")
    s.go("/office/journal/", "journal")
    assert number in s.page.locator("table.journal-table").inner_text()

    # The file view, the workqueue and the registry on a phone.
    phone = screen(language=language, width=360, user=inspector)
    phone.go("/office/", "workqueue-psc_inspector")
    phone.go(f"/office/files/{application.pk}/", "file")
    phone.go("/office/registries/", "registries")

    # The citizen looks up the place (IIN + request number) and sees it.
    citizen = screen(language=language)
    citizen.go("/queue/position/", "queue-position")
    citizen.page.fill("#id_iin", application.applicant.iin)
    citizen.page.fill("#id_request_number", number)
    citizen.submit("main form button[type=submit]")
    citizen.check("queue-position-found")
    found = citizen.page.locator(".queue-position").first.inner_text()
    assert text["place"] in found
    position = draft.queue_positions[0][1]
    assert str(position) in found


# --------------------------------------------------------------------------- 3. refusal


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_refused_file_shows_every_ground_with_its_clause(screen, offices, language) -> None:
    text = TEXT[language]
    ab = offices["akt-ab"]
    executor = staff_member(Role.AB_EXECUTOR, ab, "Орындаушы")
    head = staff_member(Role.AB_HEAD, ab, "Басшы")
    clerk = staff_member(Role.AB_OFFICE_CLERK, ab, "Кеңсе")
    payload = refused_payload(71 + (language == "ru"))
    payload["language"] = language
    application = application_intake(
        actor=clerk,
        channel="ab_desk",
        data=application_input_from_json(payload),
        executor=executor,
    )

    s = screen(language=language, user=executor)
    s.go(f"/office/files/{application.pk}/", "file-refusal-check")
    assert text["refusal"] in s.page.locator("#decision-h + p").inner_text()
    s.submit("#action-draft button[type=submit]")
    draft = ResultDraft.objects.get(application=application)
    assert draft.kind == "refuse"
    assert len(draft.grounds) >= 3

    s = screen(language=language, user=head)
    s.go(f"/office/files/{application.pk}/", "file-refusal-sign")
    s.submit("#action-sign button[type=submit]")

    s = screen(language=language, user=clerk)
    s.go(f"/office/files/{application.pk}/", "file-refusal-register")
    s.submit("#action-register_result button[type=submit]")
    pdf_from_button(s, "form.print-form button")
    s.go(f"/office/files/{application.pk}/", "file-refusal-issue")
    s.submit("#action-issue button[type=submit]")
    application.refresh_from_db()
    assert application.status == "issued"

    s.go(f"/office/files/{application.pk}/", "file-refusal")
    draft.refresh_from_db()
    table = s.page.locator(f"#result-{draft.pk} table.reasons-table")
    rows = table.locator("tbody tr")
    assert rows.count() == len(draft.grounds)
    reasons = draft.reasons(language)
    for index, clause in enumerate(draft.grounds):
        row = rows.nth(index)
        assert row.locator("th").inner_text().strip() == clause_words([clause], language)
        assert row.locator("td").inner_text().strip() == tokens_to_words(reasons[index], language)
    assert "reg:12.2" in draft.grounds  # the flat sold three years ago
    assert text["refusal"] in s.page.locator(f"#result-{draft.pk} header").inner_text()
