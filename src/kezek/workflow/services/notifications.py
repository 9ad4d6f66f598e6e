"""E-mail after commit to the staff and applicants a step concerns, each in their language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from kezek.accounts.models import User
from kezek.offices.models import Office

logger = logging.getLogger(__name__)


def notify_after_commit(recipients: Sequence[tuple[str, str]], render: Any) -> None:
    """E-mail after commit; `render(language)` gives (subject, body) in each recipient's language."""
    messages = []
    for address, language in recipients:
        if not address:
            continue
        with translation.override(language):
            subject, body = render(language)
        messages.append((str(subject), str(body), address))

    def send() -> None:
        for subject, body, address in messages:
            try:
                send_mail(subject, body, None, [address])
            except OSError:
                # The change is committed; a lost notification must not undo it. Logged for ops.
                logger.exception("could not send the workflow e-mail to %s", address)

    if messages:
        transaction.on_commit(send)


def staff_of(district_id: int, *roles: str, office: Office | None = None) -> list[User]:
    qs = User.objects.filter(is_active=True, role__in=roles, office__district_id=district_id)
    if office is not None:
        qs = qs.filter(office=office)
    return list(qs.order_by("pk"))


def user_language(user: User) -> str:
    return user.preferred_language or "kk"
