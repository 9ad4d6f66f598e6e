"""Every document, in Kazakh and in Russian: the text pdftotext extracts holds every field the
regulation lists for it, with the Kazakh letters intact."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from kezek.audit.models import AuditRecord
from kezek.core.calendar import ALMATY
from kezek.paperwork.context_parts import RECIPIENT_KINDS, office_info
from kezek.paperwork.contexts import (
    BatchReceiptContext,
    Bi,
    JournalContext,
    JournalRow,
    QueueListContext,
    QueueListRow,
    RegistryContext,
)
from kezek.paperwork.services.issue import paperwork_issue
from kezek.rules.clause_words import clause_words, tokens_to_words
from kezek.workflow.document_contexts import (
    acceptance_report_context,
    notice_context,
    receipt_context,
    refusal_context,
    registry_items,
)

pytestmark = pytest.mark.django_db

# Every Kazakh letter but һ (rare: in loanwords and names) occurs in the fixed wording.
KAZAKH_LETTERS = set("әғқңөұүі")
LANGS = ["kk", "ru"]


def dmy(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(ALMATY)
    return f"{value:%d.%m.%Y}"


def hm(value: dt.datetime) -> str:
    return f"{value.astimezone(ALMATY):%H:%M}"


def loose(text: str) -> str:
    """pdftotext joins a line broken after a hyphen without the hyphen ("15-тармағы" wrapped
    gives "15тармағы"): compare long sentences without hyphens."""
    return " ".join(text.replace("-", "").split())


def assert_kazakh(text: str) -> None:
    """A Kazakh document shows its own letters, not look-alikes or empty boxes."""
    assert set(text.lower()) >= KAZAKH_LETTERS, KAZAKH_LETTERS - set(text.lower())
    assert "\ufffd" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_receipt_lists_every_field_of_reg_16_1(psc_application, staff, text_of, lang) -> None:
    app = psc_application
    document = paperwork_issue(
        actor=staff["psc_inspector"], kind="receipt", application=app, language=lang
    )
    text = text_of(bytes(document.pdf))
    context = receipt_context(application=app)
    # the request number and the date (time) of acceptance
    assert app.request_number in text
    assert f"{dmy(app.accepted_at)} {hm(app.accepted_at)}" in text
    # the service
    assert (
        "есепке қою және олардың кезегі" if lang == "kk" else "Постановка на учет и очередность"
    ) in text
    # the number and names of the documents
    for name in context.documents:
        assert name.get(lang) in text
    assert (
        f"Барлығы: {len(context.documents)} құжат"
        if lang == "kk"
        else f"Всего документов: {len(context.documents)}"
    ) in text
    # the date, time and place of issue of the result (reg:9.1 from the calendar; the PSC window)
    assert dmy(context.result_date) in text
    assert "09:00–20:00" in text
    assert (
        ("№1 бөлімі" if lang == "kk" else "отдел №1") in text
        or app.accepted_office.name_kk in text
        or app.accepted_office.name_ru in text
    )
    # the employee who accepted; the applicant, the representative and their phones
    assert staff["psc_inspector"].display_name in text
    assert "Серікова Гүлжан Бекқызы" in text
    assert "+7 701 111 22 33" in text
    assert "Серіков Әлібек Нұрланұлы" in text
    assert "+7 702 444 55 66" in text
    assert "НТ-2026-0077" in text
    # the title, the clause, the verification code
    assert ("ҚОЛХАТ" if lang == "kk" else "РАСПИСКА") in text
    assert loose(clause_words(["reg:16.1"], lang)) in loose(text)  # in words (ADR 0012)
    assert "reg:" not in text
    assert document.display_code in text
    if lang == "kk":
        assert_kazakh(text)
    assert document.sha256 == hashlib.sha256(bytes(document.pdf)).hexdigest()
    assert document.template_version.startswith("receipt/")


@pytest.mark.parametrize("lang", LANGS)
def test_acceptance_report_of_reg_16_2(portal_application, text_of, lang) -> None:
    document = paperwork_issue(
        actor=None, kind="acceptance_report", application=portal_application, language=lang
    )
    text = text_of(bytes(document.pdf))
    context = acceptance_report_context(application=portal_application)
    assert portal_application.request_number in text
    assert f"{dmy(context.ab_accepted_at)} {hm(context.ab_accepted_at)}" in text
    assert dmy(context.result_date) in text
    assert (
        "Уәкілетті органның құжаттарды қабылдаған күні мен уақыты"
        if lang == "kk"
        else "Дата и время принятия документов уполномоченным органом"
    ) in text
    assert (
        "Нәтиженің дайын болатын күні" if lang == "kk" else "Дата готовности результата"
    ) in text
    assert loose(clause_words(["reg:16.2"], lang)) in loose(text)
    assert "reg:" not in text
    if lang == "kk":
        assert_kazakh(text)


@pytest.mark.parametrize("lang", LANGS)
def test_registration_notice_of_reg_5(psc_application, staff, text_of, lang) -> None:
    context = notice_context(application=psc_application, positions=[("socially_vulnerable", 1234)])
    document = paperwork_issue(
        actor=staff["ab_head"],
        kind="registration_notice",
        application=psc_application,
        subject=context,
        language=lang,
    )
    text = text_of(bytes(document.pdf))
    # the list and the sequence number, the date of registration, the basis clauses
    assert ("әлеуметтік жағынан осал топтар" if lang == "kk" else "социально уязвимые слои") in text
    assert "1234" in text
    assert dmy(context.registered_on) in text
    assert [c.clause for c in context.basis] == ["reg:6.2", "reg:7.6", "reg:8.1", "reg:8.3"]
    for clause in context.basis:
        assert loose(tokens_to_words(clause.sentence(lang), lang)) in loose(text)
    assert "reg:" not in text
    assert "Серікова Гүлжан Бекқызы" in text
    assert ("ХАБАРЛАМА" if lang == "kk" else "УВЕДОМЛЕНИЕ") in text
    if lang == "kk":
        assert_kazakh(text)
    record = AuditRecord.objects.get(action="document.issued", object_id=str(document.pk))
    assert record.clauses == ["reg:5"]


@pytest.mark.parametrize("lang", LANGS)
def test_motivated_refusal_states_every_ground(refused_application, staff, text_of, lang) -> None:
    document = paperwork_issue(
        actor=staff["ab_office_clerk"],
        kind="motivated_refusal",
        application=refused_application,
        language=lang,
        email=False,
        sign=False,
    )
    text = text_of(bytes(document.pdf))
    context = refusal_context(application=refused_application)
    assert [g.clause for g in context.grounds] == ["reg:12.2", "reg:15"]
    for ground in context.grounds:
        # the engine's sentence, whole, its clause in words
        assert loose(tokens_to_words(ground.sentence(lang), lang)) in loose(text)
    # how to appeal
    assert ("Шағымдану тәртібі" if lang == "kk" else "Порядок обжалования") in text
    assert ("сотқа шағымдана аласыз" if lang == "kk" else "или в суд") in text
    assert refused_application.request_number in text
    assert loose(clause_words(["reg:5", "reg:12"], lang)) in loose(text)
    assert "reg:" not in text
    if lang == "kk":
        assert_kazakh(text)
    record = AuditRecord.objects.get(action="document.issued", object_id=str(document.pk))
    assert record.clauses == ["reg:5", "reg:12"]


def _registry_items(apps):
    return registry_items(apps)


@pytest.mark.parametrize("lang", LANGS)
def test_dispatch_registry_and_batch_receipt(
    psc_application, refused_application, offices, staff, text_of, lang
) -> None:
    items = _registry_items([psc_application, refused_application])
    sent = timezone.now().replace(microsecond=0)
    registry = RegistryContext(
        office=office_info(offices["akt-psc-1"]),
        recipient=office_info(offices["akt-ab"]),
        registry_number="AKT-PSC-1-2026-0007",
        sent_at=sent,
        prepared_by="Ахметова Гүлнұр Қайратқызы",
        items=items,
    )
    document = paperwork_issue(
        actor=staff["psc_back_office"], kind="dispatch_registry", subject=registry, language=lang
    )
    text = text_of(bytes(document.pdf))
    assert "AKT-PSC-1-2026-0007" in text
    assert f"{dmy(sent)} {hm(sent)}" in text
    for app in (psc_application, refused_application):
        assert app.request_number in text
        assert app.applicant.full_name in text
    assert ("Барлығы: 2 іс" if lang == "kk" else "Всего дел: 2") in text
    assert "Ахметова Гүлнұр Қайратқызы" in text
    assert ("ТІЗІЛІМ" if lang == "kk" else "РЕЕСТР") in text
    assert document.office.code == "akt-psc-1"
    assert document.application is None

    received = sent + dt.timedelta(minutes=40)
    receipt = BatchReceiptContext(
        office=registry.recipient,
        sender=registry.office,
        registry_number=registry.registry_number,
        sent_at=sent,
        received_at=received,
        received_by="Сейітов Нұрлан Ғаниұлы",
        items=items,
    )
    document = paperwork_issue(
        actor=staff["ab_executor"], kind="batch_receipt", subject=receipt, language=lang
    )
    text = text_of(bytes(document.pdf))
    assert "AKT-PSC-1-2026-0007" in text
    assert f"{dmy(received)} {hm(received)}" in text
    assert "Сейітов Нұрлан Ғаниұлы" in text
    assert psc_application.request_number in text
    if lang == "kk":
        assert_kazakh(text)


@pytest.mark.parametrize("lang", LANGS)
def test_issue_journal_for_a_period(psc_application, offices, staff, text_of, lang) -> None:
    issued = timezone.now().replace(microsecond=0)
    journal = JournalContext(
        office=office_info(offices["akt-ab"]),
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        rows=(
            JournalRow(
                request_number=psc_application.request_number,
                document=Bi("Есепке қою туралы хабарлама", "Уведомление о постановке на учет"),
                document_number="AKT-N-2026-00001",
                issued_at=issued,
                recipient_name="Серіков Әлібек Нұрланұлы",
                recipient_kind=RECIPIENT_KINDS["representative"],
                power_of_attorney="№ НТ-2026-0077, 10.01.2026",
                issued_by="Исаева Айгүл Маратқызы",
            ),
        ),
        prepared_by="Исаева Айгүл Маратқызы",
    )
    document = paperwork_issue(
        actor=staff["ab_office_clerk"], kind="issue_journal", subject=journal, language=lang
    )
    text = text_of(bytes(document.pdf))
    assert "01.11.2026 – 30.11.2026" in text
    assert psc_application.request_number in text
    assert "AKT-N-2026-00001" in text
    assert "Серіков Әлібек Нұрланұлы" in text
    assert "НТ-2026-0077" in text
    assert f"{dmy(issued)} {hm(issued)}" in text
    assert ("ҚҰЖАТТАРДЫ БЕРУ ЖУРНАЛЫ" if lang == "kk" else "ЖУРНАЛ ВЫДАЧИ ДОКУМЕНТОВ") in text
    assert loose(clause_words(["reg:18"], lang)) in loose(text)
    assert "reg:" not in text
    if lang == "kk":
        assert_kazakh(text)


@pytest.mark.parametrize("lang", LANGS)
def test_published_queue_list(offices, staff, text_of, lang) -> None:
    queue = QueueListContext(
        office=office_info(offices["akt-ab"]),
        list_code="socially_vulnerable",
        list_name=Bi("әлеуметтік жағынан осал топтар", "социально уязвимые слои"),
        as_of=dt.date(2026, 11, 27),
        rows=tuple(
            QueueListRow(
                position=n,
                full_name=f"Ә*** Ғ. {n}.",
                registered_on=dt.date(2025, 1, n),
                request_number=f"AKT-2025-{n:05d}",
            )
            for n in range(1, 6)
        ),
    )
    document = paperwork_issue(
        actor=staff["ab_executor"], kind="queue_list", subject=queue, language=lang
    )
    text = text_of(bytes(document.pdf))
    assert ("27.11.2026 жағдай бойынша" if lang == "kk" else "по состоянию на 27.11.2026") in text
    for n in range(1, 6):
        assert f"AKT-2025-{n:05d}" in text
        assert f"0{n}.01.2025" in text
    assert ("Тізімде: 5 адам" if lang == "kk" else "В списке: 5 чел.") in text
    if lang == "kk":
        assert_kazakh(text)


def test_documents_embed_the_vendored_font(psc_application, tmp_path: Path) -> None:
    document = paperwork_issue(actor=None, kind="receipt", application=psc_application)
    path = tmp_path / "r.pdf"
    path.write_bytes(bytes(document.pdf))
    fonts = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    # Only Kezek Sans (Noto Sans from src/kezek/paperwork/fonts), embedded and subset.
    assert all("Kezek-Sans" in row or "KezekSans" in row or "Kezek Sans" in row for row in rows), (
        fonts
    )
    assert all(" yes yes yes " in f" {' '.join(row.split()[-5:-2])} " for row in rows), fonts


def test_all_nine_kazakh_letters_survive_both_cases(psc_application, text_of) -> None:
    """ә ғ қ ң ө ұ ү һ і, capital and small, come out of the PDF as the same characters."""
    import dataclasses

    context = receipt_context(application=psc_application)
    context = dataclasses.replace(
        context,
        applicant=dataclasses.replace(context.applicant, full_name="ӘҒҚҢӨҰҮҺІ Жаһанқыз әғқңөұүһі"),
    )
    document = paperwork_issue(
        actor=None, kind="receipt", application=psc_application, subject=context, language="kk"
    )
    assert "ӘҒҚҢӨҰҮҺІ Жаһанқыз әғқңөұүһі" in text_of(bytes(document.pdf))
