"""What the queue tells the citizen: removal, reinstatement and the monthly change of position.

Queued in the outbox in the step's transaction (sent by a worker after the commit); the words
here, the channels in kezek.paperwork. An SMS names the request number and nothing else
personal: the ground of a removal is in the e-mail and in the cabinet, never in an SMS.
Imported entries have no application and so no contact: they are told nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from kezek.applications.models import Application
from kezek.paperwork.choices import MessageTemplate
from kezek.paperwork.models import OutboxMessage
from kezek.paperwork.services.notify import cabinet_link, citizen_notify

from ..choices import REMOVAL_BASIS, EntryStatus, RemovalReason
from ..models import QueueEntry, QueueList
from ..selectors import EntryView, queue_entry_view

#: The SMS texts (msgids); each fits two segments in Kazakh and Russian (tests count them).
QUEUE_SMS_TEXTS = {
    "removed": gettext_noop(
        "Kezek: on application %(number)s a decision to remove you from the register was made. "
        "%(link)s"
    ),
    "allocated": gettext_noop(
        "Kezek: on application %(number)s a decision to provide you with a dwelling was made. "
        "%(link)s"
    ),
    "reinstated": gettext_noop(
        "Kezek: on application %(number)s you are reinstated in the housing queue. %(link)s"
    ),
    "digest": gettext_noop(
        "Kezek: %(number)s: since %(date)s your place in the queue changed "
        "from %(before)s to %(after)s. %(link)s"
    ),
}


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _sms(key: str, values: Mapping[str, object]) -> Callable[[], str]:
    return lambda: gettext(QUEUE_SMS_TEXTS[key]) % values


def _families(entries: Iterable[QueueEntry]) -> list[tuple[Application, list[QueueEntry]]]:
    """One message a family: its entries on every list it stands in, with its application
    (entries need it loaded: `select_related("application")`). Imported entries are skipped."""
    grouped: dict[int, list[QueueEntry]] = defaultdict(list)
    for entry in entries:
        if entry.application_id is not None:
            grouped[entry.application_id].append(entry)
    return [(own[0].application, own) for own in grouped.values() if own[0].application]


def _list_names(entries: Sequence[QueueEntry]) -> str:
    return ", ".join(str(QueueList.Code(e.queue_list.code).label) for e in entries)


def _decision_values(
    application: Application, decision_number: str, decision_date: dt.date | None
) -> dict[str, str]:
    """What a message of a queue decision names: the request, the decision, the cabinet."""
    return {
        "number": application.request_number,
        "link": cabinet_link(),
        "decision": decision_number,
        "date": _date(decision_date) if decision_date else "—",
    }


def citizen_told_removed(
    *,
    entries: Sequence[QueueEntry],
    reason: str,
    decision_number: str,
    decision_date: dt.date | None,
) -> None:
    """Removed from the register (Law «On housing relations», art. 73): the ground in words,
    the decision, and that it can be appealed. Nobody is written to after a death."""
    if reason == RemovalReason.DEATH:
        return
    basis = REMOVAL_BASIS[reason]
    for application, own in _families(entries):
        values = _decision_values(application, decision_number, decision_date)

        def email(own: list[QueueEntry] = own, values: dict[str, str] = values) -> tuple[str, str]:
            subject = gettext("Application %(number)s: removed from the housing register") % values
            body = gettext(
                "By decision No. %(decision)s of %(date)s you are removed from the register of "
                "citizens in need of housing (lists: %(lists)s)."
            ) % {**values, "lists": _list_names(own)}
            body += "\n" + gettext("Ground: %(reason)s (%(basis)s).") % {
                "reason": RemovalReason(reason).label,
                "basis": basis.text,
            }
            body += "\n\n" + gettext(
                "You may appeal the decision to the akimat or to a court. "
                "If the ground no longer applies, apply again."
            )
            return subject, body

        citizen_notify(
            application=application,
            template=MessageTemplate.CITIZEN_REMOVED,
            email=email,
            sms=_sms("removed", values),
        )


def citizen_told_allocated(
    *,
    entries: Sequence[QueueEntry],
    decision_number: str,
    decision_date: dt.date | None,
    address: str,
) -> None:
    """A dwelling provided (Law «On housing relations», art. 74): the decision and the address;
    the family leaves every list it stood on."""
    for application, own in _families(entries):
        values = {
            **_decision_values(application, decision_number, decision_date),
            "address": address,
        }

        def email(own: list[QueueEntry] = own, values: dict[str, str] = values) -> tuple[str, str]:
            subject = gettext("Application %(number)s: a dwelling is provided") % values
            body = (
                gettext(
                    "By decision No. %(decision)s of %(date)s you are provided with a dwelling: "
                    "%(address)s."
                )
                % values
            )
            body += "\n" + gettext(
                "Your family leaves the housing queue (lists: %(lists)s). The housing department "
                "will invite you to sign the tenancy agreement."
            ) % {"lists": _list_names(own)}
            return subject, body

        citizen_notify(
            application=application,
            template=MessageTemplate.CITIZEN_ALLOCATED,
            email=email,
            sms=_sms("allocated", values),
        )


def citizen_told_reinstated(*, entries: Sequence[QueueEntry]) -> None:
    """A removal annulled: the family is back at its places, with the numbers it has now."""
    for application, own in _families(entries):
        values = {"number": application.request_number, "link": cabinet_link()}
        views = [queue_entry_view(entry=entry) for entry in own]

        def email(
            views: list[EntryView] = views, values: dict[str, str] = values
        ) -> tuple[str, str]:
            subject = gettext("Application %(number)s: reinstated in the housing queue") % values
            body = gettext("The decision that removed you from the register is annulled.")
            body += "\n" + gettext("Your number in the queue: %(positions)s.") % {
                "positions": ", ".join(
                    f"{QueueList.Code(v.list_code).label} — {v.position}" for v in views
                )
            }
            return subject, body

        citizen_notify(
            application=application,
            template=MessageTemplate.CITIZEN_REINSTATED,
            email=email,
            sms=_sms("reinstated", values),
        )


@dataclass(frozen=True)
class DigestReport:
    families: int  # families with an application and an active place
    told: int  # of them, those whose place moved and who were told
    already_told: int  # told earlier this month (a task run again)


def queue_digest_send(*, since: dt.date, today: dt.date | None = None) -> DigestReport:
    """The monthly digest: to every family whose place moved since ``since``, once a month,
    how many ahead received housing, left or joined, and the place then and now.

    Run again in the same month (a worker killed midway), it tells only those not yet told.
    """
    today = today or timezone.localdate()
    month_start = timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time.min))
    told_already = set(
        OutboxMessage.objects.filter(
            template=MessageTemplate.CITIZEN_QUEUE_DIGEST, created_at__gte=month_start
        ).values_list("application_id", flat=True)
    )
    entries = (
        QueueEntry.objects.filter(status=EntryStatus.ACTIVE, application__isnull=False)
        .select_related("queue_list", "application")
        .order_by("application_id", "queue_list_id")
    )
    families = told = skipped = 0
    for application, own in _families(entries.iterator(chunk_size=500)):
        families += 1
        if application.pk in told_already:
            skipped += 1
            continue
        moved = [
            view
            for view in (queue_entry_view(entry=e, since=since) for e in own)
            if view.movement is not None
            and view.movement.position_then != view.movement.position_now
        ]
        if not moved:
            continue
        with transaction.atomic():
            _digest_queue(application, moved, since)
        told += 1
    return DigestReport(families=families, told=told, already_told=skipped)


def _digest_queue(application: Application, moved: list[EntryView], since: dt.date) -> None:
    first = moved[0].movement
    assert first is not None  # only moved entries come here
    values = {
        "number": application.request_number,
        "date": _date(since),
        "before": first.position_then,
        "after": first.position_now,
        "link": cabinet_link(),
    }

    def email() -> tuple[str, str]:
        subject = gettext("Application %(number)s: your place in the housing queue") % values
        lines = [
            f"{QueueList.Code(v.list_code).label}: {v.movement.text}" for v in moved if v.movement
        ]
        return subject, "\n".join(lines)

    citizen_notify(
        application=application,
        template=MessageTemplate.CITIZEN_QUEUE_DIGEST,
        email=email,
        sms=_sms("digest", values),
    )
