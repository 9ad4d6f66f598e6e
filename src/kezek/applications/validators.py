from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kezek.core.iin import IINError, parse_iin

IIN_ERROR_MESSAGES = {
    "type": _("The IIN must be 12 digits."),
    "length": _("The IIN must have exactly 12 digits."),
    "digits": _("The IIN may contain digits only."),
    "century": _("The 7th digit of the IIN (century and sex) must be 1 to 6."),
    "birth_date": _("The first six digits of the IIN are not a real birth date."),
    "checksum": _("The IIN check digit is wrong: please check the number."),
}


def validate_iin(value: str) -> None:
    """Django's face of kezek.core.iin: the same parser, messages in the user's language."""
    try:
        parse_iin(value)
    except IINError as exc:
        raise ValidationError(IIN_ERROR_MESSAGES[exc.code], code=f"iin_{exc.code}") from exc
