"""Taking over a district's queue from a spreadsheet: read, check every row, then write all or
nothing under the locks of the district's lists (ADR 0003 for the bulk path)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import uuid
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

from kezek.accounts.permissions import QUEUE_ADMINISTRATORS
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode
from kezek.offices.models import District

from .. import ranking
from ..choices import IMPORT_BASIS, EntryStatus, EventType
from ..imports import bulk
from ..imports.checking import ImportProblem, ImportReport, ImportRow, check_rows
from ..imports.reading import read_cells
from ..models import QueueEntry, QueueList, QueuePriorityClass
from ._shared import (
    LIST_CLAUSES,
    actor_label,
    canonical_text,
    queue_actor_check,
    queue_event_write,
    queue_lists_lock,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User


# Above this many rows into an empty list the import takes the bulk path and refreshes the
# planner's statistics; below it every row goes through the ordinary insertion.
BULK_THRESHOLD = 200


def queue_import(
    *,
    actor: User | None,
    district: District,
    data: bytes,
    filename: str,
    dry_run: bool,
) -> ImportReport:
    """Take over a district's queue from a spreadsheet (XLSX or CSV), with the original dates.

    A dry run reports every bad row (line, column, reason) and writes nothing; a real run is
    all-or-nothing: any bad row, and nothing is written.
    """
    queue_actor_check(
        actor,
        roles=QUEUE_ADMINISTRATORS,
        district_id=district.pk,
        message=_("Only the administrator may import a queue."),
    )
    report = ImportReport(dry_run=dry_run)
    try:
        cells = read_cells(data, filename)
    except ValueError:
        raise KezekError(
            _("Upload an .xlsx or .csv file."), field="file", code=ErrorCode.FORMAT
        ) from None
    try:
        with _collector_paused(len(data) > BIG_FILE):
            return _run_import(
                actor=actor,
                district=district,
                cells=cells,
                report=report,
                data=data,
                filename=filename,
            )
    except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, InvalidFileException) as exc:
        raise KezekError(
            _("The file cannot be read as a spreadsheet."), field="file", code=ErrorCode.FORMAT
        ) from exc


# A file this big holds hundreds of thousands of rows: the cyclic garbage collector, which
# rescans every live object again and again while millions are built, is paused meanwhile.
BIG_FILE = 8 * 1024 * 1024


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    was_enabled = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause and was_enabled:
            gc.enable()


def _run_import(
    *,
    actor: User | None,
    district: District,
    cells: Iterator[list[Any]],
    report: ImportReport,
    data: bytes,
    filename: str,
) -> ImportReport:
    if report.dry_run:
        _check_import(district=district, cells=cells, report=report)
        return report
    with transaction.atomic():
        # Checked and written under the locks of the district's lists.
        queue_lists_lock(district, list(QueueList.Code.values))
        rows = _check_import(district=district, cells=cells, report=report)
        if not rows and not report.problems:
            report.problems.append(ImportProblem(2, "", str(_("The file has no rows."))))
        if report.problems:
            return report
        _apply_import(
            actor=actor,
            district=district,
            rows=rows,
            report=report,
            data=data,
            filename=filename,
        )
        report.applied = True
    return report


def _check_import(
    *, district: District, cells: Iterator[list[Any]], report: ImportReport
) -> list[ImportRow]:
    ranks: dict[str, dict[str, int]] = {}
    for list_code, code, rank in QueuePriorityClass.objects.filter(
        queue_list__district=district
    ).values_list("queue_list__code", "code", "rank"):
        ranks.setdefault(list_code, {})[code] = rank
    numbers: dict[str, set[str]] = {}
    iins: dict[str, set[str]] = {}
    for queue_list in QueueList.objects.filter(district=district):
        entries = QueueEntry.objects.filter(queue_list=queue_list)
        numbers[queue_list.code] = set(entries.values_list("request_number", flat=True))
        iins[queue_list.code] = set(
            entries.filter(status=EntryStatus.ACTIVE).values_list("iin", flat=True)
        )
    return check_rows(
        cells, priority_ranks=ranks, existing_numbers=numbers, existing_iins=iins, report=report
    )


def _apply_import(
    *,
    actor: User | None,
    district: District,
    rows: list[ImportRow],
    report: ImportReport,
    data: bytes,
    filename: str,
) -> None:
    when = timezone.now()
    act_id = uuid.uuid4()
    by_list: dict[str, list[ImportRow]] = {}
    for row in rows:
        by_list.setdefault(row.list_code, []).append(row)
    lists = {ql.code: ql for ql in QueueList.objects.filter(district=district)}
    # The file is named once, in the audit record of the act; its events carry the act's id.
    source = {
        "file": filename[:200],
        "sha256": hashlib.sha256(data).hexdigest(),
        "act_id": str(act_id),
    }
    loaded_in_bulk = False
    for code, list_rows in by_list.items():
        queue_list = lists[code]
        clauses = [*IMPORT_BASIS.clauses, *LIST_CLAUSES[code]]
        list_rows.sort(key=lambda r: r.sort_key)
        empty = not QueueEntry.objects.filter(queue_list=queue_list).exists()
        if empty and len(list_rows) >= BULK_THRESHOLD:
            loaded_in_bulk = True
            bulk.load_sorted(
                queue_list=queue_list,
                rows=list_rows,
                act_id=act_id,
                when=when,
                legal_basis=canonical_text(IMPORT_BASIS.text),
                clauses=clauses,
                actor_id=actor.pk if actor is not None and actor.pk else None,
                actor_label=actor_label(actor),
            )
        else:
            _insert_one_by_one(
                actor=actor,
                queue_list=queue_list,
                rows=list_rows,
                act_id=act_id,
                when=when,
                clauses=clauses,
            )
        report.created[code] = len(list_rows)
        audit_record_write(
            actor=actor,
            action="queue.imported",
            obj=queue_list,
            after={"rows": len(list_rows), **source},
            clauses=clauses,
            district_code=district.code,
        )
    if loaded_in_bulk:
        bulk.analyze()


def _insert_one_by_one(
    *,
    actor: User | None,
    queue_list: QueueList,
    rows: list[ImportRow],
    act_id: uuid.UUID,
    when: dt.datetime,
    clauses: list[str],
) -> None:
    """Rows into a list that has entries: each through the ordinary insertion, with its event."""
    for row in rows:
        entry = QueueEntry(
            queue_list=queue_list,
            iin=row.iin,
            last_name=row.last_name,
            first_name=row.first_name,
            patronymic=row.patronymic,
            request_number=row.request_number,
            accepted_at=row.accepted_at,
            registered_at=row.registered_at,
            priority_rank=row.priority_rank,
            priority_class=row.priority_class,
            sort_key=row.sort_key,
            status_changed_at=when,
        )
        ranking.insert_entry(entry)
        position = ranking.entry_position(entry) or 0
        total = ranking.active_total(queue_list.pk)
        queue_event_write(
            entry,
            EventType.IMPORTED,
            actor=actor,
            act_id=act_id,
            basis=IMPORT_BASIS,
            clauses=clauses,
            occurred_at=when,
            position_after=position,
            behind_count=total - position,
        )
