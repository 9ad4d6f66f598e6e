"""The rules engine's input error codes, as messages in the user's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.applications.validators import IIN_ERROR_MESSAGES

CASE_ERROR_MESSAGES: dict[str, Promise] = {
    "unknown_field": _("This field is not part of the form."),
    "required": _("This field is required."),
    "type": _("This value has the wrong type."),
    "date_format": _("Enter a date as YYYY-MM-DD."),
    "future_date": _("The date cannot be in the future."),
    "after_application_date": _("The date cannot be after the date of the application."),
    "after_event_date": _("The birth date cannot be after the date of the event."),
    "before_birth": _("The date cannot be before the birth date."),
    "negative": _("The amount cannot be negative."),
    "not_integer": _("Enter a whole number."),
    "unknown_group": _("Unknown group."),
    "unknown_value": _("Unknown value."),
    "court_decision_required": _(
        "Other persons count as family only by a court decision (reg:15.1.g)."
    ),
    "iin_birth_date_mismatch": _("The birth date does not match the IIN."),
    "duplicate": _("The same value is given twice."),
    "empty": _("Give at least one value."),
    "not_applicable": _("This answer does not apply to the chosen event."),
    "inconsistent": _(
        "The answers contradict each other: a dwelling in the locality is also a dwelling in Kazakhstan."
    ),
}


def case_error_message(code: str) -> Promise:
    if code.startswith("iin_") and code[4:] in IIN_ERROR_MESSAGES:
        return IIN_ERROR_MESSAGES[code[4:]]
    return CASE_ERROR_MESSAGES.get(code, _("This value cannot be accepted."))
