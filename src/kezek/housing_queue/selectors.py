"""Reads of the housing queue: exact positions, the citizen's lookup with the reasons of every
move, and the list as published on a date. Reads take no locks: an entry and its block counter
change in one transaction, so every read sees a consistent, exact ranking.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.common.errors import KezekError, NotFoundError
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin

from . import ranking
from .choices import ACTIVATING_EVENTS, EntryStatus, EventType, RemovalReason
from .lookup_connection import LOOKUP_CONNECTION
from .models import QueueBlock, QueueEntry, QueueEvent, QueueList

if TYPE_CHECKING:
    from kezek.applications.models import Application

_ENTRY = QueueEntry._meta.db_table
_BLOCK = QueueBlock._meta.db_table
_LIST = QueueList._meta.db_table
_EVENT = QueueEvent._meta.db_table
_LIST_ORDER = {code: i for i, code in enumerate(QueueList.Code.values)}
_ACTIVATING_SQL = ", ".join(f"'{t.value}'" for t in ACTIVATING_EVENTS)

# The entries with their exact positions (ADR 0003), in one statement.
_POSITIONED = (
    "SELECT e.id, l.code, e.status, CASE WHEN e.status = 'active' THEN "  # noqa: S608
    + ranking.position_sql(entry="e", block="b")
    + f" END FROM {_ENTRY} e JOIN {_BLOCK} b ON b.id = e.block_id"
    f" JOIN {_LIST} l ON l.id = e.queue_list_id"
)


# The citizen's lookup in one statement (one round trip): the entries with their positions and
# the moves that happened ahead of each active entry since it (re)joined the list (kind 0), then
# their history (kind 1). A move "ahead" is an event that moved somebody (behind_count > 0, a
# literal so that the partial index applies) whose entry sorts before this one, later than the
# entry's activation (its status_changed_at: the registration, import or reinstatement). Each
# count is a correlated subquery on that index: as a join, SQLite scanned every event.
def _ahead(types: str) -> str:
    return (
        f"(SELECT COUNT(*) FROM {_EVENT} x WHERE x.queue_list_id = me.queue_list_id"  # noqa: S608
        " AND x.behind_count > 0 AND x.occurred_at > me.status_changed_at"
        f" AND x.sort_key < me.sort_key AND x.event_type IN ({types}) {{since}})"
    )


_LOOKUP = (
    "WITH me AS ("  # noqa: S608
    " SELECT e.id, e.status, e.request_number, e.accepted_at, e.registered_at, e.priority_class,"
    " e.sort_key, e.queue_list_id, e.block_id, e.status_changed_at, b.ordinal, b.segment, l.code"
    f" FROM {_ENTRY} e JOIN {_BLOCK} b ON b.id = e.block_id JOIN {_LIST} l ON l.id = e.queue_list_id"
    " WHERE {where})"
    " SELECT 0, me.id, me.code, me.status, me.request_number, me.priority_class,"
    " me.accepted_at, me.registered_at,"
    f" CASE WHEN me.status = 'active' THEN {ranking.position_sql(entry='me', block='me')} END,"
    f" CASE WHEN me.status = 'active' THEN {_ahead(repr(EventType.ALLOCATED.value))} END,"
    f" CASE WHEN me.status = 'active' THEN {_ahead(repr(EventType.REMOVED.value))} END,"
    f" CASE WHEN me.status = 'active' THEN {_ahead(_ACTIVATING_SQL)} END,"
    " NULL, me.status_changed_at FROM me"
    " UNION ALL"
    " SELECT 1, v.entry_id, v.event_type, v.reason, v.legal_basis, v.decision_number,"
    " v.occurred_at, NULL, v.position_before, v.position_after, v.id, NULL, v.decision_date, NULL"
    f" FROM {_EVENT} v WHERE v.entry_id IN (SELECT id FROM me)"
)


# Translations of the few labels the lookup shows, per language (catalogues never change while
# the process runs): the hottest endpoint asks for the same dozen strings all day.
_TRANSLATED: dict[tuple[str, str, str], str] = {}


def _label(choices: type[models.TextChoices], code: str, lang: str) -> str:
    key = (lang, choices.__name__, code)
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = str(choices(code).label)
    return found


def _translated(text: str, lang: str | None = None) -> str:
    key = (lang if lang is not None else get_language() or "", "", text)
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = gettext(text)
    return found


def _moment(value: Any) -> dt.datetime:
    """A timestamp as the raw cursor returns it (SQLite: text or naive UTC) made aware."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return cast(dt.datetime, value)


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _positioned(where: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"{_POSITIONED} WHERE {where}", params)
        return list(cursor.fetchall())


def queue_entry_position(*, entry: QueueEntry) -> int | None:
    """The entry's position in its list now, or None when it is not in the queue."""
    return ranking.position_of_entry(entry.pk)


def queue_positions_for_application(*, application: Application) -> list[tuple[str, int]]:
    """(list code, position) of the application's active entries: what the notice states."""
    found = [
        (row[1], int(row[3]))
        for row in _positioned("e.application_id = %s", [application.pk])
        if row[3] is not None
    ]
    return sorted(found, key=lambda item: _LIST_ORDER[item[0]])


@dataclass(frozen=True)
class HistoryItem:
    event: str
    event_label: str
    occurred_at: dt.datetime
    reason: str
    reason_label: str
    legal_basis: str
    position_before: int | None
    position_after: int | None
    decision_number: str
    decision_date: dt.date | None


_ZONE = ZoneInfo(settings.TIME_ZONE)  # dates are shown in Kazakhstan's time
_MOVEMENT = gettext_noop(
    "Since %(date)s: %(allocated)s families ahead of you received housing, "
    "%(removed)s were removed from the register, %(joined)s joined ahead of you; "
    "you moved from %(before)s to %(after)s."
)


@dataclass(frozen=True)
class Movement:
    """Why the position changed since a date: the moves of the families that were ahead."""

    since: dt.datetime
    allocated_ahead: int
    removed_ahead: int
    joined_ahead: int
    position_then: int
    position_now: int

    @property
    def text(self) -> str:
        day = self.since.astimezone(_ZONE)
        return _translated(_MOVEMENT) % {
            "date": f"{day.day:02d}.{day.month:02d}.{day.year}",
            "allocated": self.allocated_ahead,
            "removed": self.removed_ahead,
            "joined": self.joined_ahead,
            "before": self.position_then,
            "after": self.position_now,
        }


@dataclass(frozen=True)
class EntryView:
    entry_id: int
    list_code: str
    list_name: str
    status: str
    status_label: str
    position: int | None
    request_number: str
    accepted_at: dt.datetime
    registered_at: dt.datetime
    priority_class: str
    movement: Movement | None
    history: list[HistoryItem] = field(default_factory=list)


def _fetch_hot(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run the lookup; on PostgreSQL, outside transactions, on the process's lookup connection.

    There the statement is prepared once (planning it cost PostgreSQL about three times its
    execution, and Django binds parameters on the client and prepares nothing) and its results
    read in binary; see kezek.housing_queue.lookup_connection and ADR 0006. Inside a transaction
    the lookup must see the transaction's own changes, so it runs on Django's connection.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor == "postgresql" and not conn.in_atomic_block:
        rows = LOOKUP_CONNECTION.fetch(sql, params)
        if rows is not None:
            return rows
    with conn.cursor() as plain:
        plain.execute(sql, params)
        return list(plain.fetchall())


@functools.cache
def _lookup_sql(where: str, with_since: bool) -> str:
    """The lookup's text for a condition, built once (the same string object every time)."""
    return _LOOKUP.replace("{where}", where).replace(
        "{since}", "AND x.occurred_at >= %s" if with_since else ""
    )


def _lookup(where: str, params: list[Any], since: dt.date | None) -> list[EntryView]:
    """Entries, positions, history and "families ahead" counts: one statement, then Python."""
    since_moment = (
        timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since is not None else None
    )
    args = list(params)
    if since_moment is not None:
        args += [connection.ops.adapt_datetimefield_value(since_moment)] * 3
    rows = _fetch_hot(_lookup_sql(where, since_moment is not None), args)
    entries = [r for r in rows if r[0] == 0]
    lang = get_language() or ""
    history: dict[int, list[tuple[Any, ...]]] = {r[1]: [] for r in entries}
    for row in rows:
        if row[0] == 1:
            history[row[1]].append(row)
    return [
        _view(row, sorted(history[row[1]], key=lambda r: r[10]), since_moment, lang)
        for row in sorted(entries, key=lambda r: _LIST_ORDER[r[2]])
    ]


def _view(
    row: tuple[Any, ...], events: list[tuple[Any, ...]], since: dt.datetime | None, lang: str
) -> EntryView:
    entry_id, code, status, number, klass, accepted, registered, position = row[1:9]
    allocated, removed, joined = (int(n or 0) for n in row[9:12])
    items = [
        HistoryItem(
            event=e[2],
            event_label=_label(EventType, e[2], lang),
            occurred_at=_moment(e[6]),
            reason=e[3],
            reason_label=_label(RemovalReason, e[3], lang) if e[3] else "",
            # Stored as written in the code; shown in the reader's language.
            legal_basis=_translated(e[4], lang) if e[4] else "",
            position_before=e[8],
            position_after=e[9],
            decision_number=e[5],
            decision_date=_day(e[12]),
        )
        for e in events
    ]
    movement = None
    if position is not None:
        start = _moment(row[13])  # when the entry (re)joined the list
        if since is not None and since > start:
            start = since
        movement = Movement(
            since=start,
            allocated_ahead=allocated,
            removed_ahead=removed,
            joined_ahead=joined,
            position_then=int(position) + allocated + removed - joined,
            position_now=int(position),
        )
    return EntryView(
        entry_id=entry_id,
        list_code=code,
        list_name=_label(QueueList.Code, code, lang),
        status=status,
        status_label=_label(EntryStatus, status, lang),
        position=int(position) if position is not None else None,
        request_number=number,
        accepted_at=_moment(accepted),
        registered_at=_moment(registered),
        priority_class=klass,
        movement=movement,
        history=items,
    )


def _check_iin(iin: str) -> None:
    try:
        parse_iin(iin)
    except IINError as exc:
        raise KezekError(IIN_ERROR_MESSAGES[exc.code], field="iin", code=f"iin_{exc.code}") from exc


def queue_lookup(*, iin: str, request_number: str, since: dt.date | None = None) -> list[EntryView]:
    """The citizen's entries by IIN and request number, with positions and the reasons of moves.

    A wrong pair is "not found" with the same message whether or not the IIN is known.
    """
    iin = (iin or "").strip()
    request_number = (request_number or "").strip()
    if not iin:
        raise KezekError(_("Give your IIN."), field="iin", code=ErrorCode.REQUIRED)
    # Every IIN in the queue was validated when it entered; so twelve digits go straight to the
    # lookup, and the full check (birth date, check digit) runs only when nothing matched,
    # to tell a mistyped IIN from a wrong pair. The messages are the same either way.
    well_formed = len(iin) == 12 and iin.isascii() and iin.isdigit()
    if not well_formed or not request_number:
        _check_iin(iin)
    if not request_number:
        raise KezekError(
            _("Give the request number from your receipt."),
            field="request_number",
            code=ErrorCode.REQUIRED,
        )
    views = _lookup("e.iin = %s AND e.request_number = %s", [iin, request_number], since)
    if not views:
        _check_iin(iin)
        raise NotFoundError(
            _(
                "No queue entry matches this IIN and request number. "
                "Check both against your receipt or notice."
            ),
            field="request_number",
            code=ErrorCode.NOT_FOUND,
        )
    return views


def queue_entry_view(*, entry: QueueEntry, since: dt.date | None = None) -> EntryView:
    """The same view for staff, for one entry they reached through the gate."""
    return _lookup("e.id = %s", [entry.pk], since)[0]


@dataclass(frozen=True)
class PublishedRow:
    number: int
    request_number: str
    accepted_on: dt.date
    registered_on: dt.date
    name_masked: str
    iin_masked: str
    priority_class: str


def mask_iin(iin: str) -> str:
    try:
        return parse_iin(iin).masked()
    except IINError:
        return "*" * 12


def mask_name(last_name: str, first_name: str, patronymic: str) -> str:
    """Initials only: the published list never shows a full name."""
    parts = [f"{last_name[:1]}***" if last_name else ""]
    parts += [f"{p[:1]}." for p in (first_name, patronymic) if p]
    return " ".join(p for p in parts if p)


def queue_list_public(*, district_code: str, list_code: str) -> QueueList:
    queue_list = (
        QueueList.objects.select_related("district")
        .filter(district__code=district_code, code=list_code)
        .first()
    )
    if queue_list is None:
        raise NotFoundError(_("No such queue list."), field="list", code=ErrorCode.NOT_FOUND)
    return queue_list


def publication_rows(*, queue_list: QueueList, as_of: dt.date) -> list[PublishedRow]:
    """The list as it stood at the end of `as_of`: sequence numbers 1..n in queue order.

    An entry counts from its registration date; the last allocation, removal or reinstatement
    recorded before the end of the day decides whether it was still in the queue.
    """
    cutoff = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    state: dict[int, bool] = {}
    for entry_id, event_type in (
        QueueEvent.objects.filter(
            queue_list=queue_list,
            occurred_at__lt=cutoff,
            event_type__in=[EventType.ALLOCATED, EventType.REMOVED, EventType.REINSTATED],
        )
        .order_by("id")
        .values_list("entry_id", "event_type")
    ):
        state[entry_id] = event_type == EventType.REINSTATED
    rows: list[PublishedRow] = []
    entries = (
        QueueEntry.objects.filter(queue_list=queue_list, registered_at__lt=cutoff)
        .order_by("sort_key")
        .values_list(
            "pk",
            "request_number",
            "accepted_at",
            "registered_at",
            "last_name",
            "first_name",
            "patronymic",
            "iin",
            "priority_class",
        )
        .iterator(chunk_size=5000)
    )
    for pk, number, accepted, registered, last, first, patronymic, iin, klass in entries:
        if not state.get(pk, True):
            continue
        rows.append(
            PublishedRow(
                number=len(rows) + 1,
                request_number=number,
                accepted_on=timezone.localtime(accepted).date(),
                registered_on=timezone.localtime(registered).date(),
                name_masked=mask_name(last, first, patronymic),
                iin_masked=mask_iin(iin),
                priority_class=klass,
            )
        )
    return rows


def queue_blocks_verify(*, queue_list: QueueList) -> list[str]:
    """Problems with the list's block counters (none expected; `kezek queue verify`)."""
    return ranking.blocks_consistent([queue_list.pk])
