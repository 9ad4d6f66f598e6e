"""Writes to the housing queue. Each locks the list rows it changes (in id order), writes one
history event per changed entry and an audit record in the same transaction.

`actor=None` is the system (management commands, the workflow's automation); a staff actor must
hold the right role in the district of the list, or the entry is "not found" / the act forbidden.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import uuid
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

from kezek.accounts.permissions import QUEUE_ADMINISTRATORS, QUEUE_KEEPERS
from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.audit.actions import SYSTEM_ACTOR
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin
from kezek.offices.models import District

from . import bulk, ranking
from .choices import (
    ALLOCATION_BASIS,
    EVENT_SHIFT,
    IMPORT_BASIS,
    REINSTATEMENT_BASIS,
    REMOVAL_BASIS,
    SUCCESSION_BASIS,
    EntryStatus,
    EventType,
    LegalBasis,
    RemovalReason,
)
from .importing import ImportProblem, ImportReport, ImportRow, check_rows, read_cells
from .keys import GENERAL_PRIORITY_RANK, sort_key, truncate_to_second
from .models import QueueEntry, QueueEvent, QueueList, QueuePriorityClass

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application


@dataclass(frozen=True)
class SuccessorInput:
    """The family member who keeps the place after the citizen's death (art. 73 p. 2)."""

    iin: str
    last_name: str
    first_name: str
    patronymic: str = ""


# The clauses of reg:6 behind each list, for entries whose groups Kezek does not know (imports).
LIST_CLAUSES: dict[str, list[str]] = {
    QueueList.Code.SOCIALLY_VULNERABLE: ["reg:6.1", "reg:6.2"],
    QueueList.Code.PUBLIC_SERVANTS: ["reg:6.3"],
    QueueList.Code.EMERGENCY_DWELLING: ["reg:6.4"],
}


def list_clause(code: str, claimed_groups: Sequence[str] = ()) -> str:
    """The clause of reg:6 that puts a family with these groups on this list."""
    if code == QueueList.Code.SOCIALLY_VULNERABLE:
        return "reg:6.1" if "wwii_veteran" in claimed_groups else "reg:6.2"
    if code == QueueList.Code.PUBLIC_SERVANTS:
        return "reg:6.3"
    return "reg:6.4"


def _require(actor: User | None, *, roles: Collection[str], district_id: int, message: Any) -> None:
    if actor is None:
        return
    office = actor.office if actor.office_id else None
    if not actor.is_active or office is None or office.district_id != district_id:
        # Another district's queue does not exist for this actor.
        raise NotFoundError(_("No such queue entry."), field="entry_id", code=ErrorCode.NOT_FOUND)
    if actor.role not in roles:
        raise PermissionDeniedError(message, field="actor", code=ErrorCode.FORBIDDEN)


def _label(actor: User | None) -> str:
    return actor.display_name if actor is not None else SYSTEM_ACTOR


def _canonical(text: Any) -> str:
    """The untranslated text of a legal basis, stored as written in the code."""
    with translation.override(None):
        return str(text)


def _write_event(
    entry: QueueEntry,
    event_type: str,
    *,
    actor: User | None,
    act_id: uuid.UUID,
    basis: LegalBasis,
    occurred_at: dt.datetime,
    reason: str = "",
    position_before: int | None = None,
    position_after: int | None = None,
    behind_count: int = 0,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    details: Mapping[str, Any] | None = None,
    clauses: Sequence[str] | None = None,
) -> QueueEvent:
    moved = behind_count if EVENT_SHIFT[event_type] else 0
    return QueueEvent.objects.create(
        entry=entry,
        queue_list_id=entry.queue_list_id,
        event_type=event_type,
        reason=reason,
        legal_basis=_canonical(basis.text),
        clauses=list(clauses if clauses is not None else basis.clauses),
        position_before=position_before,
        position_after=position_after,
        behind_count=moved,
        # Only an event that moved somebody is ever compared by key ("families ahead").
        sort_key=ranking.as_bytes(entry.sort_key) if moved else b"",
        act_id=act_id,
        decision_number=decision_number,
        decision_date=decision_date,
        details=dict(details or {}),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=_label(actor),
        occurred_at=occurred_at,
    )


def _lists_for_update(district: District, codes: Sequence[str]) -> dict[str, QueueList]:
    for code in codes:
        QueueList.objects.get_or_create(district=district, code=code)
    locked = ranking.lock_lists(
        QueueList.objects.filter(district=district, code__in=codes).values_list("pk", flat=True)
    )
    return {ql.code: ql for ql in locked}


def _check_decision(decision_number: str, decision_date: dt.date | None) -> None:
    if not decision_number or not decision_number.strip():
        raise KezekError(_("Give the number of the decision."), field="decision_number")
    if decision_date is None:
        raise KezekError(_("Give the date of the decision."), field="decision_date")
    if decision_date > timezone.localdate():
        raise KezekError(_("The decision date is in the future."), field="decision_date")


def _priority(queue_list: QueueList, class_code: str | None, field: str) -> tuple[int, str]:
    if not class_code:
        return GENERAL_PRIORITY_RANK, ""
    rank = (
        QueuePriorityClass.objects.filter(queue_list=queue_list, code=class_code)
        .values_list("rank", flat=True)
        .first()
    )
    if rank is None:
        raise KezekError(_("This list has no such priority class."), field=field)
    return rank, class_code


def queue_entries_register(
    *,
    actor: User | None,
    application: Application,
    lists: Sequence[str],
    registered_at: dt.datetime | None = None,
    priority_classes: Mapping[str, str] | None = None,
) -> list[QueueEntry]:
    """Put a family on the lists its registration notice names (reg:5, reg:6): one entry a list.

    Ordered by the time the complete documents were accepted, to the second, then the request
    number. Idempotent per (application, list): signing twice returns the same entries.
    """
    _require(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=application.district_id,
        message=_("Only the AB head or the administrator may register a family in the queue."),
    )
    if not lists:
        raise KezekError(_("Name at least one queue list."), field="lists")
    codes: list[str] = []
    for i, code in enumerate(lists):
        if code not in QueueList.Code.values:
            raise KezekError(_("Unknown queue list."), field=f"lists[{i}]")
        if code not in codes:
            codes.append(code)
    when = registered_at or timezone.now()
    applicant = application.applicant
    accepted_at = truncate_to_second(application.accepted_at)
    groups = list(application.claimed_groups or [])
    entries: dict[str, QueueEntry] = {}
    with transaction.atomic():
        locked = _lists_for_update(application.district, codes)
        act_id = uuid.uuid4()
        for code in sorted(codes, key=lambda c: locked[c].pk):
            queue_list = locked[code]
            existing = QueueEntry.objects.filter(
                application=application, queue_list=queue_list
            ).first()
            if existing is not None:
                entries[code] = existing
                continue
            if QueueEntry.objects.filter(
                queue_list=queue_list, request_number=application.request_number
            ).exists():
                raise KezekError(
                    _("This list already holds an entry with this request number."),
                    field="application.request_number",
                    code=ErrorCode.DUPLICATE,
                )
            rank, class_code = _priority(
                queue_list, (priority_classes or {}).get(code), f"priority_classes.{code}"
            )
            entry = QueueEntry(
                queue_list=queue_list,
                application=application,
                iin=applicant.iin,
                last_name=applicant.last_name,
                first_name=applicant.first_name,
                patronymic=applicant.patronymic,
                request_number=application.request_number,
                accepted_at=accepted_at,
                registered_at=when,
                priority_rank=rank,
                priority_class=class_code,
                sort_key=sort_key(
                    priority_rank=rank,
                    accepted_at=accepted_at,
                    request_number=application.request_number,
                ),
                status_changed_at=when,
            )
            ranking.insert_entry(entry)
            position = ranking.position_of_entry(entry.pk) or 0
            total = ranking.active_total(queue_list.pk)
            clause = list_clause(code, groups)
            basis = LegalBasis(
                _("Registration notice signed by the head of the authorized body"),
                ("reg:5", clause),
            )
            _write_event(
                entry,
                EventType.REGISTERED,
                actor=actor,
                act_id=act_id,
                basis=basis,
                occurred_at=when,
                position_after=position,
                behind_count=total - position,
                details={"priority_class": class_code} if class_code else None,
            )
            audit_record_write(
                actor=actor,
                action="queue.entry_registered",
                obj=entry,
                after={
                    "list": code,
                    "request_number": entry.request_number,
                    "accepted_at": accepted_at.isoformat(),
                    "position": position,
                    "priority_class": class_code,
                },
                clauses=["reg:5", clause],
                district_code=application.district.code,
            )
            entries[code] = entry
    return [entries[c] for c in codes]


def _family_entries(entry: QueueEntry, *, status: str) -> list[QueueEntry]:
    """The family's entries on every list of the district (the family is the holder's IIN)."""
    return list(
        QueueEntry.objects.filter(
            queue_list__district_id=entry.queue_list.district_id, iin=entry.iin, status=status
        ).order_by("queue_list_id")
    )


def _relock(entry: QueueEntry, *, whole_family: bool, status: str) -> list[QueueEntry]:
    """Lock the lists concerned, then re-read the entries under the lock."""
    candidates = _family_entries(entry, status=status) if whole_family else [entry]
    if entry.pk not in {c.pk for c in candidates}:
        candidates.append(entry)
    ranking.lock_lists(c.queue_list_id for c in candidates)
    fresh = list(
        QueueEntry.objects.select_related("queue_list", "queue_list__district")
        .filter(pk__in=[c.pk for c in candidates])
        .order_by("queue_list_id")
    )
    main = next(e for e in fresh if e.pk == entry.pk)
    if main.status != status:
        raise KezekError(
            _("This entry is not in the queue.")
            if status == EntryStatus.ACTIVE
            else _("This entry was not removed from the register."),
            field="entry_id",
            code=ErrorCode.STATE,
        )
    return [e for e in fresh if e.status == status]


def _leave(
    entries: Sequence[QueueEntry],
    *,
    status: str,
    event_type: str,
    actor: User | None,
    basis: LegalBasis,
    reason: str,
    decision_number: str,
    decision_date: dt.date | None,
    details: Mapping[str, Any],
    action: str,
) -> None:
    when = timezone.now()
    act_id = uuid.uuid4()
    for entry in entries:
        before = ranking.entry_position(entry)
        total = ranking.active_total(entry.queue_list_id)
        ranking.set_status(entry, status, when=when)
        behind = total - (before or 0)
        _write_event(
            entry,
            event_type,
            actor=actor,
            act_id=act_id,
            basis=basis,
            occurred_at=when,
            reason=reason,
            position_before=before,
            behind_count=behind,
            decision_number=decision_number,
            decision_date=decision_date,
            details=details,
        )
        audit_record_write(
            actor=actor,
            action=action,
            obj=entry,
            before={"status": EntryStatus.ACTIVE, "position": before},
            after={
                "status": status,
                "reason": reason,
                "decision_number": decision_number,
                "decision_date": decision_date.isoformat() if decision_date else None,
                **details,
            },
            clauses=list(basis.clauses),
            district_code=entry.queue_list.district.code,
        )


def queue_entry_allocate(
    *,
    actor: User | None,
    entry: QueueEntry,
    decision_number: str,
    decision_date: dt.date | None,
    address: str,
) -> list[QueueEntry]:
    """Record that a dwelling was provided (art. 74): the family leaves every list it is on."""
    _require(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator or the AB head may record an allocation."),
    )
    _check_decision(decision_number, decision_date)
    if not address or not address.strip():
        raise KezekError(_("Give the address of the dwelling."), field="address")
    with transaction.atomic():
        entries = _relock(entry, whole_family=True, status=EntryStatus.ACTIVE)
        _leave(
            entries,
            status=EntryStatus.ALLOCATED,
            event_type=EventType.ALLOCATED,
            actor=actor,
            basis=ALLOCATION_BASIS,
            reason="",
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            details={"address": address.strip(), "list": entry.queue_list.code},
            action="queue.entry_allocated",
        )
    return entries


def queue_entry_remove(
    *,
    actor: User | None,
    entry: QueueEntry,
    reason: str,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str = "",
    whole_family: bool = True,
    successor: SuccessorInput | None = None,
) -> list[QueueEntry]:
    """Remove from the register (есептен шығару) on a ground of art. 73, by default from every list.

    Death with a family member who remains (`successor`) is no removal: the member keeps the
    family's place with the original acceptance date (art. 73 p. 2).
    """
    _require(
        actor,
        roles=QUEUE_KEEPERS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator or the AB head may remove a family from the register."),
    )
    if reason not in RemovalReason.values:
        raise KezekError(_("Unknown ground of removal."), field="reason")
    _check_decision(decision_number, decision_date)
    if successor is not None:
        if reason != RemovalReason.DEATH:
            raise KezekError(
                _("A family member keeps the place only after the citizen's death."),
                field="successor",
            )
        return _replace_holder(
            actor=actor,
            entry=entry,
            successor=successor,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            comment=comment,
        )
    basis = REMOVAL_BASIS[reason]
    with transaction.atomic():
        entries = _relock(entry, whole_family=whole_family, status=EntryStatus.ACTIVE)
        _leave(
            entries,
            status=EntryStatus.REMOVED,
            event_type=EventType.REMOVED,
            actor=actor,
            basis=basis,
            reason=reason,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            details={"comment": comment.strip()} if comment.strip() else {},
            action="queue.entry_removed",
        )
    return entries


def _replace_holder(
    *,
    actor: User | None,
    entry: QueueEntry,
    successor: SuccessorInput,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str,
) -> list[QueueEntry]:
    try:
        parse_iin(successor.iin)
    except IINError as exc:
        raise KezekError(IIN_ERROR_MESSAGES[exc.code], field="successor.iin") from exc
    if successor.iin == entry.iin:
        raise KezekError(
            _("The family member who keeps the place must be another person."),
            field="successor.iin",
        )
    if not successor.last_name.strip():
        raise KezekError(_("This field is required."), field="successor.last_name")
    if not successor.first_name.strip():
        raise KezekError(_("This field is required."), field="successor.first_name")
    when = timezone.now()
    with transaction.atomic():
        entries = _relock(entry, whole_family=True, status=EntryStatus.ACTIVE)
        act_id = uuid.uuid4()
        for item in entries:
            position = ranking.entry_position(item)
            previous = {"last_name": item.last_name, "first_name": item.first_name, "iin": item.iin}
            item.iin = successor.iin
            item.last_name = successor.last_name.strip()
            item.first_name = successor.first_name.strip()
            item.patronymic = successor.patronymic.strip()
            try:
                item.save(update_fields=["iin", "last_name", "first_name", "patronymic"])
            except IntegrityError as exc:  # pragma: no cover - no unique key on the holder
                raise KezekError(_("The place cannot be transferred."), field="successor") from exc
            _write_event(
                item,
                EventType.HOLDER_REPLACED,
                actor=actor,
                act_id=act_id,
                basis=SUCCESSION_BASIS,
                occurred_at=when,
                reason=RemovalReason.DEATH,
                position_before=position,
                position_after=position,
                decision_number=decision_number,
                decision_date=decision_date,
                details={"previous_holder": previous, "comment": comment.strip()},
            )
            audit_record_write(
                actor=actor,
                action="queue.holder_replaced",
                obj=item,
                before=previous,
                after={"iin": item.iin, "last_name": item.last_name, "first_name": item.first_name},
                clauses=list(SUCCESSION_BASIS.clauses),
                district_code=item.queue_list.district.code,
            )
    return entries


def _removal_act(entry: QueueEntry) -> list[int]:
    """The entries removed by the same act as this entry's last removal (annulled together)."""
    removal = (
        QueueEvent.objects.filter(entry_id=entry.pk, event_type=EventType.REMOVED)
        .order_by("-id")
        .first()
    )
    if removal is None:
        return [entry.pk]
    return sorted(
        set(
            QueueEvent.objects.filter(
                act_id=removal.act_id, event_type=EventType.REMOVED
            ).values_list("entry_id", flat=True)
        )
        | {entry.pk}
    )


def queue_entry_reinstate(
    *,
    actor: User | None,
    entry: QueueEntry,
    decision_number: str,
    decision_date: dt.date | None,
    comment: str = "",
) -> list[QueueEntry]:
    """Annul a removal: the entries it removed return to their original places (same key)."""
    _require(
        actor,
        roles=QUEUE_ADMINISTRATORS,
        district_id=entry.queue_list.district_id,
        message=_("Only the administrator may reinstate a family in the queue."),
    )
    _check_decision(decision_number, decision_date)
    with transaction.atomic():
        act_entries = _removal_act(entry)
        ranking.lock_lists(
            QueueEntry.objects.filter(pk__in=act_entries).values_list("queue_list_id", flat=True)
        )
        # Under the lock: the entry may have changed since it was read.
        fresh = QueueEntry.objects.get(pk=entry.pk)
        if fresh.status != EntryStatus.REMOVED:
            raise KezekError(
                _("This entry was not removed from the register."),
                field="entry_id",
                code=ErrorCode.STATE,
            )
        if set(_removal_act(fresh)) != set(act_entries):
            raise KezekError(
                _("The entry changed meanwhile; try again."),
                field="entry_id",
                code=ErrorCode.CONFLICT,
            )
        entries = list(
            QueueEntry.objects.select_related("queue_list__district")
            .filter(pk__in=act_entries, status=EntryStatus.REMOVED)
            .order_by("queue_list_id")
        )
        when = timezone.now()
        act_id = uuid.uuid4()
        for item in entries:
            ranking.set_status(item, EntryStatus.ACTIVE, when=when)
            position = ranking.entry_position(item)
            total = ranking.active_total(item.queue_list_id)
            _write_event(
                item,
                EventType.REINSTATED,
                actor=actor,
                act_id=act_id,
                basis=REINSTATEMENT_BASIS,
                occurred_at=when,
                position_after=position,
                behind_count=total - (position or 0),
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                details={"comment": comment.strip()} if comment.strip() else None,
            )
            audit_record_write(
                actor=actor,
                action="queue.entry_reinstated",
                obj=item,
                before={"status": EntryStatus.REMOVED},
                after={"status": EntryStatus.ACTIVE, "position": position},
                clauses=list(REINSTATEMENT_BASIS.clauses),
                district_code=item.queue_list.district.code,
            )
    return entries


def queue_priority_class_save(
    *,
    actor: User | None,
    district: District,
    list_code: str,
    code: str,
    rank: int,
    name_kk: str,
    name_ru: str,
    clause: str,
) -> QueuePriorityClass:
    """Configure an out-of-turn class of a list (set by a later rule version); audited."""
    _require(
        actor,
        roles=QUEUE_ADMINISTRATORS,
        district_id=district.pk,
        message=_("Only the administrator may configure priority classes."),
    )
    if list_code not in QueueList.Code.values:
        raise KezekError(_("Unknown queue list."), field="list")
    if not 1 <= rank < GENERAL_PRIORITY_RANK:
        raise KezekError(_("The rank must be between 1 and 999."), field="rank")
    if not clause.strip():
        raise KezekError(_("Name the legal basis of the class."), field="clause")
    with transaction.atomic():
        queue_list = _lists_for_update(district, [list_code])[list_code]
        if QueueEntry.objects.filter(queue_list=queue_list, priority_class=code).exists():
            # The rank is part of the entries' immutable keys: it cannot change under them.
            raise KezekError(
                _("Entries already hold this class; create a new class instead."), field="code"
            )
        obj, created = QueuePriorityClass.objects.update_or_create(
            queue_list=queue_list,
            code=code,
            defaults={"rank": rank, "name_kk": name_kk, "name_ru": name_ru, "clause": clause},
        )
        audit_record_write(
            actor=actor,
            action="queue.priority_class_saved",
            obj=obj,
            after={"list": list_code, "code": code, "rank": rank, "clause": clause},
            comment="created" if created else "changed",
            clauses=["reg:6"],
            district_code=district.code,
        )
    return obj


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
    _require(
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
        _lists_for_update(district, list(QueueList.Code.values))
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
                legal_basis=_canonical(IMPORT_BASIS.text),
                clauses=clauses,
                actor_id=actor.pk if actor is not None and actor.pk else None,
                actor_label=_label(actor),
            )
        else:
            for row in list_rows:
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
                _write_event(
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
