"""Tell citizens and staff of a step: render each message in the recipient's language and queue
it in the outbox, in the step's own transaction (sent after the commit, never in the request).

The owner app (workflow, housing_queue) writes the words; this module picks the channels:
staff by e-mail; the citizen by the channels they chose on the application
(``Application.notify_channels``: chosen, with the contact on the file). An SMS names the request number and nothing else personal (no IIN, name or grounds).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation

from ..choices import MessageChannel
from ..sms import SEGMENT_BUDGET, segments
from .outbox import Outgoing, outbox_messages_queue

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application

#: (subject, body) of an e-mail, rendered in the language it is called in.
EmailText = Callable[[], tuple[str, str]]
#: The text of an SMS, rendered in the language it is called in.
SmsText = Callable[[], str]


def cabinet_link() -> str:
    """Where a citizen reads the details an SMS leaves out (kept short: SMS are counted)."""
    return str(settings.KEZEK_PUBLIC_URL).rstrip("/") + "/portal/"


def _email_in(language: str, email: EmailText) -> tuple[str, str]:
    with translation.override(language):
        subject, body = email()
        return str(subject), str(body)


def _sms_in(language: str, sms: SmsText) -> str:
    with translation.override(language):
        return str(sms())


def staff_notify(
    *,
    users: Sequence[User],
    template: str,
    email: EmailText,
    district_id: int,
    application: Application | None = None,
) -> None:
    """E-mail staff members, each in their own language; those without an address are skipped
    (their work queue shows the file anyway)."""
    outgoing = []
    for user in users:
        if not user.email:
            continue
        language = user.preferred_language or "kk"
        subject, body = _email_in(language, email)
        outgoing.append(
            Outgoing(
                channel=MessageChannel.EMAIL,
                recipient=user.email,
                language=language,
                template=template,
                subject=subject,
                body=body,
            )
        )
    if outgoing:
        outbox_messages_queue(messages=outgoing, district_id=district_id, application=application)


def citizen_notify(
    *,
    application: Application,
    template: str,
    email: EmailText,
    sms: SmsText | None = None,
    actor: User | None = None,
) -> None:
    """Tell the applicant, in the application's language, by every channel they chose."""
    language = application.language if application.language in ("kk", "ru") else "kk"
    outgoing = []
    channels = application.notify_channels()
    address = application.contact_email
    if MessageChannel.EMAIL in channels:
        subject, body = _email_in(language, email)
        outgoing.append(
            Outgoing(
                channel=MessageChannel.EMAIL,
                recipient=address,
                language=language,
                template=template,
                subject=subject,
                body=body,
            )
        )
    phone = application.contact_phone or application.applicant.phone
    if sms is not None and MessageChannel.SMS in channels:
        text = _sms_in(language, sms)
        if segments(text) > SEGMENT_BUDGET:
            # A comment or a long office name made it long: the link carries the rest.
            text = _shortened(text)
        outgoing.append(
            Outgoing(
                channel=MessageChannel.SMS,
                recipient=phone,
                language=language,
                template=template,
                subject="",
                body=text,
            )
        )
    if outgoing:
        outbox_messages_queue(
            messages=outgoing,
            district_id=application.district_id,
            application=application,
            actor=actor,
        )


def _shortened(text: str) -> str:
    """Cut the middle of a too long SMS, keeping its start (the number) and its end (the link)."""
    link = cabinet_link()
    head = text.removesuffix(link).rstrip()
    while head and segments(f"{head}… {link}") > SEGMENT_BUDGET:
        head = head[:-1]
    return f"{head.rstrip()}… {link}"
