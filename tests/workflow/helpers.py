"""Intake payloads and small helpers for the workflow tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kezek.applications.services import ApplicationInput
from kezek.core.calendar import ALMATY
from tests import factories

# A Monday that is a working day; the terms below are computed from it.
MONDAY_10AM = dt.datetime(2025, 2, 10, 10, 0, tzinfo=ALMATY)

PENSIONER_DOCS = list(factories.PENSIONER_DOCS)


def pensioner_iin(serial: int = 1) -> str:
    return factories.PersonInputFactory(pensioner=True, serial=serial).iin


def pensioner_input(serial: int = 1, **overrides: Any) -> ApplicationInput:
    """An age pensioner who owns nothing, with a low income: registered (reg:6.2, reg:7.6)."""
    return factories.ApplicationInputFactory(pensioner=True, applicant__serial=serial, **overrides)


def pensioner_payload(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    """The same pensioner as the API's JSON body."""
    payload = factories.api_payload(pensioner_input(serial))
    payload.update(overrides)
    return payload


def refused_payload(serial: int = 7) -> dict[str, Any]:
    """Refused on every ground the engine can find together: not a citizen (reg:6), income too
    high (reg:6.2), owns a dwelling (reg:8), sold a flat three years ago (reg:12.2)."""
    payload = pensioner_payload(serial)
    payload["applicant"]["last_name"] = "Бас-тартылған"
    payload["facts"] = {
        "citizen_of_kz": False,
        "permanent_resident_in_locality": True,
        "income_12_months": 90_000_000,
        "housing": {"owns_dwelling_in_kz": True},
        "history": [{"date": "2022-06-01", "event": "alienated_dwelling", "lender_buyout": False}],
    }
    return payload


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()
    return response.json()
