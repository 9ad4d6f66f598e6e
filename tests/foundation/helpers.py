from __future__ import annotations

import datetime as dt
from typing import Any

from kezek.applications.services import ApplicationInput
from tests.factories import ApplicationInputFactory


def application_input(
    *, serial: int = 1, birth_date: dt.date = dt.date(1980, 5, 5), **overrides: Any
) -> ApplicationInput:
    """The large family of the foundation tests (`ApplicationInputFactory`'s default), the
    applicant born on `birth_date` with IIN serial `serial`; any field may be replaced."""
    if "applicant" not in overrides:
        overrides["applicant__serial"] = serial
        overrides["applicant__birth_date"] = birth_date
    return ApplicationInputFactory(**overrides)
