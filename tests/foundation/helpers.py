from __future__ import annotations

import datetime as dt
from typing import Any

from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
)
from kezek.core.iin import Sex, make_iin


def application_input(
    *, serial: int = 1, birth_date: dt.date = dt.date(1980, 5, 5), **overrides: Any
) -> ApplicationInput:
    values: dict[str, Any] = {
        "applicant": PersonInput(
            iin=make_iin(birth_date, Sex.MALE, serial),
            last_name="Сапаров",
            first_name="Ғабит",
            patronymic="Әлиұлы",
            birth_date=birth_date,
            phone="+7 701 000 00 00",
        ),
        "claimed_groups": ["large_family"],
        "family": [
            FamilyMemberInput(
                relation="spouse", full_name="Сапарова Әйгерім", birth_date=dt.date(1982, 1, 1)
            )
        ],
        "documents": [
            DocumentInput(
                doc_type="application_form", content=b"%PDF-1.4 form", filename="form.pdf"
            )
        ],
        "facts": {"income_12_months": 1_000_000},
    }
    values.update(overrides)
    return ApplicationInput(**values)
