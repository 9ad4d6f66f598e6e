"""The result (reg:18, reg:19.4, Annex 3 actions 6–8): signed or returned by the head,
registered with its outgoing number, received at the PSC, handed out and journaled, or delivered
to the portal's personal cabinet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import Channel, Decision
from kezek.applications.models import Application
from kezek.audit.actions import SYSTEM_ACTOR
from kezek.common.errors import KezekError
from kezek.common.numbering import counter_next
from kezek.core.calendar import local_date
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin
from kezek.paperwork.choices import MessageTemplate
from kezek.paperwork.services.orders import document_order_place

from .. import queue_link
from ..models import (
    Counter,
    IssueJournalEntry,
    ResultDraft,
)
from ..transitions import SYSTEM, find_transition
from ._transition import move, transition_step
from .notifications import (
    citizen_told_result,
    citizen_told_result_at_psc,
    staff_told,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User


def _awaiting_draft(application: Application) -> ResultDraft:
    draft = (
        ResultDraft.objects.select_for_update()
        .filter(application=application, state=ResultDraft.State.AWAITING_SIGNATURE)
        .order_by("-drafted_at", "-id")
        .first()
    )
    if draft is None:
        raise KezekError(_("There is no draft awaiting signature."), field="status")
    return draft


def _signed_draft(application: Application) -> ResultDraft:
    draft = (
        ResultDraft.objects.select_for_update()
        .filter(application=application, state=ResultDraft.State.SIGNED)
        .order_by("-signed_at", "-id")
        .first()
    )
    if draft is None:
        raise KezekError(_("There is no signed result."), field="status")
    return draft


def result_sign(*, actor: User, application: Application) -> ResultDraft:
    """Annex 3, action 6: the head signs. A registration notice enters the applicant in the
    housing queue in the same transaction, ordered by the time of acceptance."""
    with transition_step(actor=actor, application=application, action="sign") as step:
        file = step.application
        draft = _awaiting_draft(file)
        draft.state = ResultDraft.State.SIGNED
        draft.signed_by = actor
        draft.signed_at = step.now
        if draft.kind == Decision.REGISTER:
            queue_link.register(actor=actor, application=file, lists=list(draft.lists))
            draft.queue_positions = [list(p) for p in queue_link.positions(application=file)]
        draft.save()
        step.after.update(
            {
                "result": draft.kind,
                "draft": draft.pk,
                "grounds": draft.grounds,
                "lists": draft.lists,
                "queue_positions": draft.queue_positions,
            }
        )
    return draft


def result_return(*, actor: User, application: Application, comment: str) -> ResultDraft:
    """The head sends the draft back to the executor with a comment."""
    with transition_step(
        actor=actor, application=application, action="return_draft", comment=comment
    ) as step:
        file = step.application
        draft = _awaiting_draft(file)
        draft.state = ResultDraft.State.RETURNED
        draft.returned_by = actor
        draft.returned_at = step.now
        draft.return_comment = step.comment
        draft.save()
        step.after["draft"] = draft.pk
        executor = file.executor
        if executor is not None:
            staff_told(
                users=[executor],
                template=MessageTemplate.STAFF_DRAFT_RETURNED,
                application=file,
                subject=gettext_noop("File %(number)s: the draft is sent back"),
                body=gettext_noop("The head sent back the draft of file %(number)s: %(comment)s"),
                values={"number": file.request_number, "comment": step.comment},
            )
    return draft


def result_register(*, actor: User, application: Application) -> ResultDraft:
    """Annex 3, action 7: the signed result is registered at the AB office (for a PSC file, the
    transfer to the PSC). A portal result goes on to the personal cabinet at once (reg:18)."""
    with transition_step(actor=actor, application=application, action="register_result") as step:
        file = step.application
        draft = _signed_draft(file)
        office = actor.office
        assert office is not None
        year = local_date(step.now).year
        number = counter_next(Counter, kind=Counter.Kind.OUTGOING, office=office, year=year)
        draft.outgoing_number = f"{office.code.upper()}-{year}-{number:05d}"
        draft.registered_by = actor
        draft.registered_at = step.now
        draft.save()
        step.after.update({"outgoing_number": draft.outgoing_number, "result": draft.kind})
        if file.channel == Channel.PORTAL:
            now = step.now
            step.then.append(lambda: _deliver_to_cabinet(application=file, draft=draft, now=now))
        # The result document carries the outgoing number given here; the head's signature of
        # action 6 goes onto it as their EDS when it is sent electronically (reg:18).
        document_order_place(
            actor=actor,
            kind="registration_notice" if draft.kind == Decision.REGISTER else "motivated_refusal",
            application=file,
        )
        citizen_told_result(file, draft=draft)
    return draft


def _deliver_to_cabinet(*, application: Application, draft: ResultDraft, now: dt.datetime) -> None:
    transition = find_transition(
        action="deliver", status=application.status, channel=application.channel
    )
    assert SYSTEM in transition.roles
    email = application.contact_email or application.applicant.email
    entry = IssueJournalEntry.objects.create(
        application=application,
        result=draft,
        office=None,
        year=local_date(now).year,
        number=None,
        issued_at=now,
        issued_by=None,
        issued_by_name=gettext("E-government portal"),
        recipient=IssueJournalEntry.Recipient.PERSONAL_CABINET,
        recipient_name=application.applicant.full_name,
        recipient_iin=application.applicant.iin,
        delivered_to_email=email,
    )
    move(
        actor=None,
        application=application,
        transition=transition,
        now=now,
        after={"issue_entry": entry.pk, "email": email},
        actor_label=SYSTEM_ACTOR,
    )


def result_receive_at_psc(*, actor: User, application: Application) -> ResultDraft:
    """The PSC receives the registered result from the AB (reg:9.1: one day before the term)."""
    with transition_step(actor=actor, application=application, action="receive_result") as step:
        draft = _signed_draft(step.application)
        draft.received_at_psc_by = actor
        draft.received_at_psc_at = step.now
        draft.save()
        step.after["outgoing_number"] = draft.outgoing_number
        citizen_told_result_at_psc(step.application)
    return draft


@dataclass(frozen=True)
class RecipientInput:
    """Who takes the result (reg:18): the applicant in person, or a representative with a power
    of attorney (given here, or the one recorded at acceptance)."""

    kind: str = IssueJournalEntry.Recipient.APPLICANT
    full_name: str = ""
    iin: str = ""
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None


def _recipient(
    application: Application, recipient: RecipientInput, today: dt.date
) -> dict[str, Any]:
    if recipient.kind == IssueJournalEntry.Recipient.APPLICANT:
        return {
            "recipient": recipient.kind,
            "recipient_name": application.applicant.full_name,
            "recipient_iin": application.applicant.iin,
        }
    if recipient.kind != IssueJournalEntry.Recipient.REPRESENTATIVE:
        raise KezekError(_("Choose the applicant or a representative."), field="recipient")
    recorded = getattr(application, "representative", None)
    name = recipient.full_name.strip() or (recorded.full_name if recorded else "")
    iin = recipient.iin.strip() or (recorded.iin if recorded else "")
    number = recipient.power_of_attorney_number.strip() or (
        recorded.power_of_attorney_number if recorded else ""
    )
    date = recipient.power_of_attorney_date or (
        recorded.power_of_attorney_date if recorded else None
    )
    if not name:
        raise KezekError(
            _("This field is required."), field="recipient_name", code=ErrorCode.REQUIRED
        )
    try:
        parse_iin(iin)
    except IINError:
        raise KezekError(
            _("Give the representative's valid IIN."),
            field="recipient_iin",
            code=ErrorCode.IIN_INVALID,
        ) from None
    if not number or date is None:
        raise KezekError(
            _(
                "A representative takes the result only with a power of attorney: give its number and date."
            ),
            field="power_of_attorney_number",
            code=ErrorCode.REQUIRED,
        )
    if (
        recorded is not None
        and recorded.iin == iin
        and recorded.power_of_attorney_valid_until is not None
        and recorded.power_of_attorney_valid_until < today
    ):
        raise KezekError(
            _("The power of attorney expired on %(date)s.")
            % {"date": recorded.power_of_attorney_valid_until.strftime("%d.%m.%Y")},
            field="power_of_attorney_number",
            code=ErrorCode.EXPIRED,
        )
    return {
        "recipient": recipient.kind,
        "recipient_name": name,
        "recipient_iin": iin,
        "power_of_attorney_number": number,
        "power_of_attorney_date": date,
    }


def result_issue(
    *, actor: User, application: Application, recipient: RecipientInput | None = None
) -> IssueJournalEntry:
    """Annex 3, action 8 / reg:18: the result is handed out, recorded in the issue journal."""
    recipient = recipient or RecipientInput()
    with transition_step(actor=actor, application=application, action="issue") as step:
        file = step.application
        who = _recipient(file, recipient, local_date(step.now))
        draft = _signed_draft(file)
        office = actor.office
        assert office is not None
        year = local_date(step.now).year
        entry = IssueJournalEntry.objects.create(
            application=file,
            result=draft,
            office=office,
            year=year,
            number=counter_next(Counter, kind=Counter.Kind.ISSUE_JOURNAL, office=office, year=year),
            issued_at=step.now,
            issued_by=actor,
            issued_by_name=actor.display_name,
            **who,
        )
        step.after.update(
            {
                "issue_entry": entry.pk,
                "journal_number": entry.number,
                "recipient": entry.recipient,
                "recipient_name": entry.recipient_name,
                "office": office.code,
            }
        )
    return entry
