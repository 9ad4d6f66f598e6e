"""JSON → the intake input of kezek.applications, with errors that name the field.

The same shape serves the staff API (`POST /api/v1/workflow/applications`) and the portal's
signed request (`POST /api/v1/workflow/portal/applications`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentSource
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
    RepresentativeInput,
)
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

FACT_KEYS = (
    "citizen_of_kz",
    "permanent_resident_in_locality",
    "lost_parents_before_majority",
    "income_12_months",
    "housing",
    "history",
    "military_service_months",
)
APPLICANT_KEYS = (
    "iin",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "phone",
    "email",
    "address",
)
FAMILY_KEYS = ("relation", "full_name", "birth_date", "iin", "disabled", "recognized_by_court")
REPRESENTATIVE_KEYS = (
    "full_name",
    "iin",
    "phone",
    "power_of_attorney_number",
    "power_of_attorney_date",
    "power_of_attorney_valid_until",
)
TOP_KEYS = (
    "applicant",
    "claimed_groups",
    "fund",
    "family",
    "representative",
    "documents",
    "facts",
    "language",
    "contact_email",
    "notify_by_sms",
    "notify_by_email",
)


def _obj(value: Any, field: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise KezekError(_("Must be an object."), field=field, code=ErrorCode.TYPE)
    for key in value:
        if key not in allowed:
            raise KezekError(
                _("Unknown field."),
                field=f"{field}.{key}" if field else str(key),
                code=ErrorCode.UNKNOWN_FIELD,
            )
    return value


def _text(data: Mapping[str, Any], key: str, field: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise KezekError(_("This field is required."), field=field, code=ErrorCode.REQUIRED)
        return ""
    if not isinstance(value, str):
        raise KezekError(_("Must be text."), field=field, code=ErrorCode.TYPE)
    return value.strip()


def _date(
    data: Mapping[str, Any], key: str, field: str, *, required: bool = False
) -> dt.date | None:
    text = _text(data, key, field, required=required)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise KezekError(
            _("Not a date in the form YYYY-MM-DD."), field=field, code=ErrorCode.DATE_FORMAT
        ) from None


def _bool(data: Mapping[str, Any], key: str, field: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise KezekError(_("Must be true or false."), field=field, code=ErrorCode.TYPE)
    return value


def _optional_bool(data: Mapping[str, Any], key: str, field: str) -> bool | None:
    return None if data.get(key) is None else _bool(data, key, field)


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise KezekError(_("Must be a list."), field=field, code=ErrorCode.TYPE)
    return value


def application_input_from_json(
    data: Any,
    *,
    extra_keys: tuple[str, ...] = (),
    documents: list[DocumentInput] | None = None,
) -> ApplicationInput:
    """Parse the intake JSON. `documents` replaces the `documents` key (the portal's scans)."""
    body = _obj(data, "", TOP_KEYS + extra_keys)
    raw_applicant = _obj(body.get("applicant"), "applicant", APPLICANT_KEYS)
    applicant = PersonInput(
        iin=_text(raw_applicant, "iin", "applicant.iin", required=True),
        last_name=_text(raw_applicant, "last_name", "applicant.last_name", required=True),
        first_name=_text(raw_applicant, "first_name", "applicant.first_name", required=True),
        patronymic=_text(raw_applicant, "patronymic", "applicant.patronymic"),
        birth_date=_date(raw_applicant, "birth_date", "applicant.birth_date"),
        phone=_text(raw_applicant, "phone", "applicant.phone"),
        email=_text(raw_applicant, "email", "applicant.email"),
        address=_text(raw_applicant, "address", "applicant.address"),
    )
    groups = _list(body.get("claimed_groups"), "claimed_groups")
    for i, group in enumerate(groups):
        if not isinstance(group, str):
            raise KezekError(_("Must be text."), field=f"claimed_groups[{i}]", code=ErrorCode.TYPE)
    family = []
    for i, raw in enumerate(_list(body.get("family"), "family")):
        path = f"family[{i}]"
        member = _obj(raw, path, FAMILY_KEYS)
        birth = _date(member, "birth_date", f"{path}.birth_date", required=True)
        assert birth is not None
        family.append(
            FamilyMemberInput(
                relation=_text(member, "relation", f"{path}.relation", required=True),
                full_name=_text(member, "full_name", f"{path}.full_name", required=True),
                birth_date=birth,
                iin=_text(member, "iin", f"{path}.iin"),
                disabled=_bool(member, "disabled", f"{path}.disabled"),
                recognized_by_court=_bool(
                    member, "recognized_by_court", f"{path}.recognized_by_court"
                ),
            )
        )
    representative = None
    if body.get("representative") is not None:
        rep = _obj(body["representative"], "representative", REPRESENTATIVE_KEYS)
        poa_date = _date(
            rep, "power_of_attorney_date", "representative.power_of_attorney_date", required=True
        )
        assert poa_date is not None
        representative = RepresentativeInput(
            full_name=_text(rep, "full_name", "representative.full_name", required=True),
            iin=_text(rep, "iin", "representative.iin", required=True),
            phone=_text(rep, "phone", "representative.phone"),
            power_of_attorney_number=_text(
                rep,
                "power_of_attorney_number",
                "representative.power_of_attorney_number",
                required=True,
            ),
            power_of_attorney_date=poa_date,
            power_of_attorney_valid_until=_date(
                rep, "power_of_attorney_valid_until", "representative.power_of_attorney_valid_until"
            ),
        )
    if documents is None:
        documents = []
        for i, raw in enumerate(_list(body.get("documents"), "documents")):
            # A code handed in on paper, or {"doc_type": ..., "source": "fetched"} (reg:15.1.m).
            if isinstance(raw, str):
                documents.append(DocumentInput(doc_type=raw, source=DocumentSource.HANDED_IN))
                continue
            item = _obj(raw, f"documents[{i}]", ("doc_type", "source"))
            documents.append(
                DocumentInput(
                    doc_type=_text(item, "doc_type", f"documents[{i}].doc_type", required=True),
                    source=_text(item, "source", f"documents[{i}].source")
                    or DocumentSource.HANDED_IN,
                )
            )
    facts = dict(_obj(body.get("facts") or {}, "facts", FACT_KEYS))
    return ApplicationInput(
        applicant=applicant,
        claimed_groups=groups,
        fund=_text(body, "fund", "fund") or "communal",
        family=family,
        representative=representative,
        documents=documents,
        facts=facts,
        language=_text(body, "language", "language") or "kk",
        contact_email=_text(body, "contact_email", "contact_email"),
        notify_by_sms=_optional_bool(body, "notify_by_sms", "notify_by_sms"),
        notify_by_email=_optional_bool(body, "notify_by_email", "notify_by_email"),
    )
