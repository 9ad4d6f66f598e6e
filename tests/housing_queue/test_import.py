"""Import of a district's queue: the dry run reports every bad row and changes nothing; the real
run is all-or-nothing; imported entries take their places by the original dates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from kezek.accounts.models import Role
from kezek.audit.models import AuditRecord
from kezek.housing_queue import ranking
from kezek.housing_queue.models import QueueEntry, QueueEvent, QueueList
from kezek.housing_queue.services.imports import queue_import
from kezek.housing_queue.services.registration import queue_entries_register
from tests.factories import iin_for

from .helpers import T0, accept, assert_exact, clerk_and_desk

pytestmark = pytest.mark.django_db
HEADER = "list,request_number,iin,last_name,first_name,patronymic,accepted_at\n"


def iin(n: int) -> str:
    return iin_for(dt.date(1970, 1, 1) + dt.timedelta(days=n))


def good_rows(count: int, *, start: int = 0, list_code: str = "socially_vulnerable") -> str:
    return "".join(
        f"{list_code},OLD-{start + i},{iin(start + i)},Әлиев,Қанат,Серікұлы,2015-0{1 + i % 9}-1{i % 10} 10:00:0{i % 10}\n"
        for i in range(count)
    )


def counts() -> tuple[int, int, int]:
    return (
        QueueEntry.objects.count(),
        QueueEvent.objects.count(),
        AuditRecord.objects.filter(action="queue.imported").count(),
    )


def test_dry_run_reports_every_bad_row_and_changes_nothing(district) -> None:
    text = (
        HEADER
        + good_rows(2)
        + (
            f"vip,OLD-9,{iin(50)},Әлиев,Қанат,,2015-01-01\n"  # line 4: unknown list
            "socially_vulnerable,OLD-10,123456789012,Әлиев,Қанат,,2015-01-01\n"  # line 5: bad IIN
            f"socially_vulnerable,OLD-11,{iin(51)},,Қанат,,01.02.2015\n"  # line 6: no surname
            f"socially_vulnerable,OLD-12,{iin(52)},Әлиев,Қанат,,yesterday\n"  # line 7: not a date
            f"socially_vulnerable,OLD-0,{iin(53)},Әлиев,Қанат,,2099-01-01\n"  # line 8: same number as line 2, future
        )
    )
    report = queue_import(
        actor=None, district=district, data=text.encode(), filename="q.csv", dry_run=True
    )
    found = {(p.line, p.column) for p in report.problems}
    assert found == {
        (4, "list"),
        (5, "iin"),
        (6, "last_name"),
        (7, "accepted_at"),
        (8, "accepted_at"),
        (8, "request_number"),
    }
    assert all(p.reason for p in report.problems)
    assert report.rows == 7
    assert not report.applied
    assert counts() == (0, 0, 0)
    # The real run refuses the same file as a whole.
    report = queue_import(
        actor=None, district=district, data=text.encode(), filename="q.csv", dry_run=False
    )
    assert not report.applied
    assert counts() == (0, 0, 0)


def test_real_run_places_entries_by_their_original_dates(district, staff, offices) -> None:
    clerk, desk = clerk_and_desk(staff, offices)
    app = accept(office=desk, actor=clerk, n=900, accepted_at=T0)  # 2024: after the old queue
    queue_entries_register(
        actor=staff[Role.AB_HEAD], application=app, lists=["socially_vulnerable"]
    )
    text = HEADER + good_rows(5)
    report = queue_import(
        actor=staff[Role.ADMINISTRATOR],
        district=district,
        data=text.encode(),
        filename="q.csv",
        dry_run=False,
    )
    assert report.applied
    assert report.created == {"socially_vulnerable": 5}
    entry = QueueEntry.objects.get(application=app)
    from kezek.housing_queue.selectors import queue_entry_position

    assert queue_entry_position(entry=entry) == 6  # the imported 2015 entries go first
    assert QueueEvent.objects.filter(event_type="imported").count() == 5
    assert AuditRecord.objects.filter(action="queue.imported").count() == 1
    assert_exact(district)
    again = queue_import(
        actor=None, district=district, data=text.encode(), filename="q.csv", dry_run=True
    )
    assert {p.column for p in again.problems} == {"request_number", "iin"}


def test_bulk_path_for_an_empty_list(district, monkeypatch) -> None:
    monkeypatch.setattr(ranking, "BLOCK_TARGET", 16)
    monkeypatch.setattr(ranking, "SEGMENT_BLOCKS", 4)
    odd = f'socially_vulnerable,OLD-X\\1,{iin(5000)},"O\'Brien\\Әлі\tұлы",Қанат,,2015-01-01 09:00:00\n'
    text = HEADER + good_rows(300) + odd + good_rows(250, start=1000, list_code="public_servants")
    report = queue_import(
        actor=None, district=district, data=text.encode(), filename="q.csv", dry_run=False
    )
    assert report.applied
    assert report.created == {"socially_vulnerable": 301, "public_servants": 250}
    # Backslashes, quotes and tabs survive the bulk path (COPY's text format on PostgreSQL).
    odd_entry = QueueEntry.objects.get(request_number="OLD-X\\1")
    assert odd_entry.last_name == "O'Brien\\Әлі\tұлы"
    lists = QueueList.objects.filter(district=district)
    assert ranking.blocks_consistent([ql.pk for ql in lists]) == []
    assert lists.get(code="socially_vulnerable").blocks.count() == 19  # 301 / 16, rounded up
    assert lists.get(code="socially_vulnerable").segments.count() == 5  # 19 blocks / 4
    assert_exact(district)
    event = QueueEvent.objects.filter(event_type="imported").order_by("position_after").last()
    assert event is not None
    assert event.position_after == 301


def test_xlsx_with_russian_headers_and_date_cells(district) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Список", "Номер заявления", "ИИН", "Фамилия", "Имя", "Отчество", "Документы приняты"]
    )
    sheet.append(
        [
            "emergency_dwelling",
            101,
            iin(1),
            "Қасымов",
            "Ерлан",
            None,
            dt.datetime(2016, 5, 4, 9, 30),
        ]
    )
    sheet.append(
        ["emergency_dwelling", "AKT-7", iin(2), "Нұрланов", "Ұлан", "Әлиұлы", dt.date(2016, 5, 3)]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(
        ["emergency_dwelling", "AKT-8", "not an iin", "Нұрланов", "Ұлан", None, "2016-05-05"]
    )
    out = io.BytesIO()
    book.save(out)
    report = queue_import(
        actor=None, district=district, data=out.getvalue(), filename="queue.xlsx", dry_run=True
    )
    assert [(p.line, p.column) for p in report.problems] == [(5, "iin")]
    assert report.rows == 3
    report = queue_import(
        actor=None, district=district, data=out.getvalue(), filename="queue.xlsx", dry_run=False
    )
    assert not report.applied
    sheet.delete_rows(5)
    out = io.BytesIO()
    book.save(out)
    report = queue_import(
        actor=None, district=district, data=out.getvalue(), filename="queue.xlsx", dry_run=False
    )
    assert report.applied
    order = list(QueueEntry.objects.order_by("sort_key").values_list("request_number", flat=True))
    assert order == ["AKT-7", "101"]  # 3 May before 4 May


def test_unreadable_files_are_field_errors(district) -> None:
    from kezek.common.errors import KezekError

    with pytest.raises(KezekError) as fmt:
        queue_import(actor=None, district=district, data=b"x", filename="q.doc", dry_run=True)
    assert fmt.value.field == "file"
    with pytest.raises(KezekError) as broken:
        queue_import(
            actor=None, district=district, data=b"not a zip", filename="q.xlsx", dry_run=True
        )
    assert broken.value.field == "file"
    report = queue_import(
        actor=None, district=district, data=b"list,iin\n", filename="q.csv", dry_run=True
    )
    assert {p.column for p in report.problems} == {
        "request_number",
        "last_name",
        "first_name",
        "accepted_at",
    }


def test_command_dry_run_and_real_run(district, tmp_path, capsys) -> None:
    path = tmp_path / "queue.csv"
    path.write_text(
        HEADER + good_rows(3) + "socially_vulnerable,X,1,А,Б,,2015-01-01\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit) as exit_code:
        call_command("queue", "import", str(path), "--district", "akt", "--dry-run")
    assert exit_code.value.code == 1
    out = capsys.readouterr().out
    assert "line 5, column iin" in out
    assert "dry run, nothing changed" in out
    assert QueueEntry.objects.count() == 0
    path.write_text(HEADER + good_rows(3), encoding="utf-8")
    call_command("queue", "import", str(path), "--district", "akt")
    assert "applied" in capsys.readouterr().out
    assert QueueEntry.objects.count() == 3
    call_command("queue", "verify", "--district", "akt")
    assert capsys.readouterr().out.strip().endswith("ok")


def test_insertions_in_one_place_split_blocks_and_renumber_them(district, monkeypatch) -> None:
    """Entries keep landing between the same two blocks: splits halve the ordinal gap until the
    list's ordinals are spread out again; positions stay exact throughout."""
    from kezek.housing_queue.models import QueueBlock
    from kezek.housing_queue.services import imports as import_service

    monkeypatch.setattr(ranking, "BLOCK_TARGET", 1)
    monkeypatch.setattr(ranking, "BLOCK_SPLIT_AT", 2)
    monkeypatch.setattr(ranking, "ORDINAL_GAP", 4)
    monkeypatch.setattr(ranking, "SEGMENT_BLOCKS", 2)
    monkeypatch.setattr(import_service, "BULK_THRESHOLD", 1)
    ends = HEADER + "".join(
        f"socially_vulnerable,E-{y},{iin(y)},Әлиев,Қанат,,{y}-01-01 10:00:00\n"
        for y in (2010, 2020)
    )
    assert queue_import(
        actor=None, district=district, data=ends.encode(), filename="q.csv", dry_run=False
    ).applied
    queue_list = QueueList.objects.get(district=district, code="socially_vulnerable")
    assert list(queue_list.blocks.order_by("ordinal").values_list("ordinal", flat=True)) == [4, 8]
    middle = HEADER + "".join(
        f"socially_vulnerable,M-{n:02d},{iin(100 + n)},Әлиев,Қанат,,2015-01-01 10:{n:02d}:00\n"
        for n in range(12)
    )
    assert queue_import(
        actor=None, district=district, data=middle.encode(), filename="q.csv", dry_run=False
    ).applied
    ordinals = list(queue_list.blocks.order_by("ordinal").values_list("ordinal", flat=True))
    assert len(ordinals) > 5
    assert max(ordinals) > 8  # spread out again: the gap between 4 and 8 ran out
    assert QueueBlock.objects.filter(queue_list=queue_list, size__gt=2).count() == 0
    assert_exact(district)
    order = list(
        QueueEntry.objects.filter(queue_list=queue_list)
        .order_by("sort_key")
        .values_list("request_number", flat=True)
    )
    assert order == ["E-2010", *(f"M-{n:02d}" for n in range(12)), "E-2020"]


def test_import_endpoint_for_the_administrator_only(client, staff, district) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(dry_run: str):
        data = (HEADER + good_rows(2) + "socially_vulnerable,Z,1,А,Б,,2015-01-01\n").encode()
        return client.post(
            "/api/v1/queue/import",
            {"file": SimpleUploadedFile("queue.csv", data, "text/csv"), "dry_run": dry_run},
        )

    client.force_login(staff[Role.AB_HEAD])
    assert upload("true").status_code == 403
    client.force_login(staff[Role.ADMINISTRATOR])
    response = upload("true")
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True
    assert body["applied"] is False
    assert body["rows"] == 3
    assert [(p["line"], p["column"]) for p in body["problems"]] == [(4, "iin")]
    assert upload("false").json()["applied"] is False
    assert QueueEntry.objects.count() == 0
