"""What the workflow tells staff and citizens at each step, in their language, through the
outbox (queued in the step's transaction, sent by a worker after the commit).

The words live here, one function a message; kezek.paperwork picks the channels and keeps the
SMS within its segment budget. An SMS names the request number and nothing else personal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from kezek.accounts.models import User
from kezek.applications.choices import Channel, Decision
from kezek.common.text import active_data_language
from kezek.offices.models import Office
from kezek.paperwork.choices import MessageTemplate
from kezek.paperwork.services.notify import cabinet_link, citizen_notify, staff_notify

if TYPE_CHECKING:
    from kezek.applications.models import Application

    from ..models import ResultDraft


def staff_of(district_id: int, *roles: str, office: Office | None = None) -> list[User]:
    qs = User.objects.filter(is_active=True, role__in=roles, office__district_id=district_id)
    if office is not None:
        qs = qs.filter(office=office)
    return list(qs.order_by("pk"))


def user_language(user: User) -> str:
    return user.preferred_language or "kk"


def staff_told(
    *,
    users: Sequence[User],
    template: MessageTemplate,
    application: Application,
    subject: str,
    body: str,
    values: dict[str, object],
) -> None:
    """E-mail staff; ``subject`` and ``body`` are msgids translated in each one's language."""
    staff_notify(
        users=users,
        template=template,
        district_id=application.district_id,
        application=application,
        email=lambda: (gettext(subject) % values, gettext(body) % values),
    )


# --------------------------------------------------------------------------- to the citizen

#: The SMS texts (msgids): the request number and a link, nothing personal; each fits two
#: segments in Kazakh and Russian (tests/paperwork/test_sms.py counts them).
SMS_TEXTS = {
    "accepted": gettext_noop(
        "Kezek: application %(number)s accepted. Result by %(date)s. %(link)s"
    ),
    "documents_requested": gettext_noop(
        "Kezek: documents are requested for application %(number)s. %(link)s"
    ),
    "result": gettext_noop("Kezek: the result of application %(number)s is ready. %(link)s"),
    "result_at_psc": gettext_noop(
        "Kezek: the result of application %(number)s is at the public service centre. %(link)s"
    ),
}


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _place_of_collection(application: Application) -> str:
    """Where the applicant takes the result (reg:18): the cabinet, the PSC, or the AB office."""
    if application.channel == Channel.PORTAL:
        return gettext("your personal cabinet on the e-government portal")
    office = application.accepted_office
    if office is None:
        return ""
    return ", ".join(part for part in (office.name, office.address) if part)


def citizen_told_accepted(
    application: Application, *, accepted_at: dt.datetime, result_due: dt.date
) -> None:
    """reg:16.2, reg:16.1: the documents are accepted and the result is due on a date."""
    number = application.request_number
    values = {
        "number": number,
        "accepted": timezone.localtime(accepted_at).strftime("%d.%m.%Y %H:%M"),
        "date": _date(result_due),
        "link": cabinet_link(),
    }
    citizen_notify(
        application=application,
        template=MessageTemplate.CITIZEN_ACCEPTED,
        email=lambda: (
            gettext("Your application %(number)s is accepted") % values,
            gettext(
                "The authorized body accepted your documents on %(accepted)s. "
                "The result will be ready on %(date)s."
            )
            % values,
        ),
        sms=lambda: gettext(SMS_TEXTS["accepted"]) % values,
    )


def _how_to_supply(application: Application) -> str:
    if application.channel == Channel.PORTAL:
        return gettext("Add them to your application in your personal cabinet on the portal.")
    if application.channel == Channel.PSC:
        return gettext("Bring them to the public service centre where you applied: %(place)s.") % {
            "place": _place_of_collection(application)
        }
    return gettext("Bring them to the housing department where you applied: %(place)s.") % {
        "place": _place_of_collection(application)
    }


def citizen_told_documents_requested(application: Application, *, comment: str) -> None:
    """The executor asks for missing documents: what, in their words, and how to bring them."""
    values = {"number": application.request_number, "comment": comment, "link": cabinet_link()}
    citizen_notify(
        application=application,
        template=MessageTemplate.CITIZEN_DOCUMENTS_REQUESTED,
        email=lambda: (
            gettext("Application %(number)s: documents are requested") % values,
            gettext("For your application %(number)s the housing department asks for: %(comment)s")
            % values
            + "\n\n"
            + _how_to_supply(application),
        ),
        sms=lambda: gettext(SMS_TEXTS["documents_requested"]) % values,
    )


def citizen_told_result(application: Application, *, draft: ResultDraft) -> None:
    """The result is registered: registered with the queue number(s), or refused with the
    grounds in plain words; where to collect it (reg:18)."""
    number = application.request_number
    registered = draft.kind == Decision.REGISTER
    positions = ", ".join(f"{position}" for _code, position in draft.queue_positions)

    def email() -> tuple[str, str]:
        values = {"number": number, "place": _place_of_collection(application)}
        subject = gettext("The result of your application %(number)s is ready") % values
        if registered:
            body = gettext(
                "You are registered as in need of housing. Your number in the queue: %(positions)s."
            ) % {"positions": positions or "—"}
        else:
            reasons = draft.reasons_ru if active_data_language() == "ru" else draft.reasons_kk
            body = gettext("The authorized body refused to register you, on these grounds:")
            body += "\n" + "\n".join(f"- {reason}" for reason in reasons)
            body += "\n\n" + gettext("How to appeal the refusal is written in the document.")
        body += "\n\n" + gettext("Collect the document at: %(place)s.") % values
        return subject, body

    citizen_notify(
        application=application,
        template=MessageTemplate.CITIZEN_REGISTERED
        if registered
        else MessageTemplate.CITIZEN_REFUSED,
        email=email,
        sms=lambda: gettext(SMS_TEXTS["result"]) % {"number": number, "link": cabinet_link()},
    )


def citizen_told_result_at_psc(application: Application) -> None:
    """A PSC file: the result has arrived at the centre and waits to be collected."""
    values = {"number": application.request_number, "link": cabinet_link()}
    citizen_notify(
        application=application,
        template=MessageTemplate.CITIZEN_RESULT_READY,
        email=lambda: (
            gettext("The result of your application %(number)s is ready") % values,
            gettext("Collect the document at: %(place)s.")
            % {"place": _place_of_collection(application)},
        ),
        sms=lambda: gettext(SMS_TEXTS["result_at_psc"]) % values,
    )
