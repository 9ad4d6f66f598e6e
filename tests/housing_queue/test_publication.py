"""The published list: masked in every format (no full IIN, no full name), in Kazakh and
Russian, as it stood on a date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kezek.accounts.models import Role
from kezek.housing_queue.models import QueueEntry, QueueList
from kezek.housing_queue.publication import publish
from kezek.housing_queue.services.leaving import queue_entry_remove
from kezek.housing_queue.services.registration import queue_entries_register

from .helpers import T0, accept, clerk_and_desk

pytestmark = pytest.mark.django_db
FULL_IIN = re.compile(r"\d{12}")


@pytest.fixture
def published(staff, offices):
    clerk, desk = clerk_and_desk(staff, offices)
    for n in range(4):
        app = accept(office=desk, actor=clerk, n=n, accepted_at=T0 + dt.timedelta(days=n))
        queue_entries_register(
            actor=staff[Role.AB_HEAD], application=app, lists=["socially_vulnerable"]
        )
    return QueueList.objects.get(code="socially_vulnerable")


def _secrets(queue_list: QueueList) -> tuple[set[str], set[str]]:
    rows = QueueEntry.objects.filter(queue_list=queue_list)
    iins = {e.iin for e in rows}
    names = (
        {e.last_name for e in rows}
        | {e.first_name for e in rows}
        | {e.patronymic for e in rows if e.patronymic}
    )
    return iins, names


def _xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return "\n".join(
        " ".join("" if c is None else str(c) for c in row)
        for row in sheet.iter_rows(values_only=True)
    )


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_full_iin_or_full_name_in_any_format(published, lang, tmp_path) -> None:
    iins, names = _secrets(published)
    today = dt.date.today()
    texts = {
        "xlsx": _xlsx_text(publish(queue_list=published, as_of=today, fmt="xlsx", lang=lang)),
        "csv": publish(queue_list=published, as_of=today, fmt="csv", lang=lang).decode("utf-8-sig"),
        "pdf": _pdf_text(
            publish(queue_list=published, as_of=today, fmt="pdf", lang=lang), tmp_path
        ),
    }
    for fmt, text in texts.items():
        assert not FULL_IIN.search(text), fmt
        for iin in iins:
            assert iin not in text, fmt
            assert f"{iin[:2]}******{iin[8:10]}**" in text, fmt  # the masked form is there
        for name in names:
            assert name not in text, (fmt, name)
        for number in QueueEntry.objects.values_list("request_number", flat=True):
            assert number in text, fmt
        # The district's name with its Kazakh letters survives every format, the PDF included.
        assert ("Ақтоғай" if lang == "kk" else "Актогай") in text, fmt


def test_csv_rows_are_numbered_in_queue_order(published) -> None:
    content = publish(queue_list=published, as_of=dt.date.today(), fmt="csv", lang="ru").decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(content)))[2:]
    expected = list(
        QueueEntry.objects.filter(queue_list=published)
        .order_by("accepted_at")
        .values_list("request_number", flat=True)
    )
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert [r[1] for r in rows] == expected


def test_list_as_of_a_past_date(published, staff) -> None:
    first = QueueEntry.objects.filter(queue_list=published).order_by("accepted_at").first()
    yesterday = dt.date.today() - dt.timedelta(days=1)
    # Registered today: not yet on yesterday's list.
    past = publish(queue_list=published, as_of=yesterday, fmt="csv", lang="kk").decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(past)))) == 2
    queue_entry_remove(
        actor=staff[Role.ADMINISTRATOR],
        entry=first,
        reason="own_request",
        decision_number="1",
        decision_date=dt.date.today(),
    )
    today = publish(queue_list=published, as_of=dt.date.today(), fmt="csv", lang="kk").decode(
        "utf-8-sig"
    )
    assert first.request_number not in today
    assert len(list(csv.reader(io.StringIO(today)))) == 2 + 3


def test_download_url_and_command(client, published, tmp_path) -> None:
    response = client.get(
        "/api/v1/queue/publication",
        {"district": "akt", "list": "socially_vulnerable", "format": "csv", "lang": "ru"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not FULL_IIN.search(response.content.decode("utf-8-sig"))
    page = client.get(
        "/queue/publication/", {"district": "akt", "list": "socially_vulnerable", "format": "xlsx"}
    )
    assert page.status_code == 200
    assert page["Content-Disposition"].endswith('.xlsx"')
    assert client.get("/queue/publication/").status_code == 200
    missing = client.get(
        "/api/v1/queue/publication", {"district": "zzz", "list": "socially_vulnerable"}
    )
    assert missing.status_code == 404
    bad_format = client.get(
        "/api/v1/queue/publication",
        {"district": "akt", "list": "socially_vulnerable", "format": "doc"},
    )
    assert bad_format.status_code == 422
    out = tmp_path / "list.xlsx"
    call_command(
        "queue", "publish", "--district", "akt", "--list", "socially_vulnerable",
        "--date", dt.date.today().isoformat(), "--format", "xlsx", "--lang", "kk", "--out", str(out),
    )  # fmt: skip
    text = _xlsx_text(out.read_bytes())
    assert "Ақтоғай" in text
    assert not FULL_IIN.search(text)
