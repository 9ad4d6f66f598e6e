"""Deployment checks of Kezek's own settings (`kezek check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def signing_is_real_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.KEZEK_SIGNING_BACKEND == "local":
        errors.append(
            Error(
                "KEZEK_SIGNING_BACKEND is 'local': documents would be signed with test certificates",
                hint="Set KEZEK_SIGNING_BACKEND=ncanode and KEZEK_NCANODE_URL.",
                id="kezek.E010",
            )
        )
    if not str(settings.KEZEK_PUBLIC_URL).startswith("https://"):
        errors.append(
            Error(
                "KEZEK_PUBLIC_URL must be the https:// address citizens use: QR codes on documents point to it",
                id="kezek.E011",
            )
        )
    if settings.KEZEK_SMS_BACKEND != "smpp":
        errors.append(
            Error(
                f"KEZEK_SMS_BACKEND is {settings.KEZEK_SMS_BACKEND!r}: citizens would get no SMS",
                hint="Set KEZEK_SMS_BACKEND=smpp and the KEZEK_SMPP_* settings of the SMSC.",
                id="kezek.E012",
            )
        )
    return errors
