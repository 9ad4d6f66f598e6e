"""The citizen's self-check form ("can I be registered?"): the same engine, nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kezek.applications.choices import ClaimedGroup, Fund, HistoryEventKind, HousingFact, Relation
from kezek.applications.validators import validate_iin

FAMILY_ROWS = 8
HISTORY_ROWS = 3

EVENTS = [("", _("— no event —")), *HistoryEventKind.choices]


class SelfCheckForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12, validators=[validate_iin])
    claimed_groups = forms.MultipleChoiceField(
        label=_("Your groups"), choices=ClaimedGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    fund = forms.ChoiceField(label=_("Housing fund"), choices=Fund.choices, initial=Fund.COMMUNAL)
    citizen_of_kz = forms.BooleanField(
        label=_("I am a citizen of Kazakhstan"), required=False, initial=True
    )
    permanent_resident_in_locality = forms.BooleanField(
        label=_("I live permanently in this locality"), required=False, initial=True
    )
    income_12_months = forms.DecimalField(
        label=_("Total income of the family over the last 12 months, tenge"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    military_service_months = forms.IntegerField(
        label=_("Months of compulsory military service (orphans)"),
        min_value=0,
        max_value=120,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in HousingFact.choices:
            self.fields[f"housing_{code}"] = forms.BooleanField(label=label, required=False)
        relation_choices = [("", _("— nobody —")), *Relation.choices]
        for i in range(FAMILY_ROWS):
            self.fields[f"family_{i}_relation"] = forms.ChoiceField(
                label=_("Relation"), choices=relation_choices, required=False
            )
            self.fields[f"family_{i}_birth_date"] = forms.DateField(
                label=_("Birth date"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"family_{i}_disabled"] = forms.BooleanField(
                label=pgettext_lazy("person with a disability", "Disabled"), required=False
            )
            self.fields[f"family_{i}_recognized_by_court"] = forms.BooleanField(
                label=_("Recognized as family by a court"), required=False
            )
        for i in range(HISTORY_ROWS):
            self.fields[f"history_{i}_event"] = forms.ChoiceField(
                label=_("Event"), choices=EVENTS, required=False
            )
            self.fields[f"history_{i}_date"] = forms.DateField(
                label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"history_{i}_lender_buyout"] = forms.BooleanField(
                label=_("Bought back by the akimat from a mortgage borrower"), required=False
            )

    def family_rows(self) -> list[list[forms.BoundField]]:
        return [
            [
                self[f"family_{i}_{name}"]
                for name in ("relation", "birth_date", "disabled", "recognized_by_court")
            ]
            for i in range(FAMILY_ROWS)
        ]

    def history_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"history_{i}_{name}"] for name in ("event", "date", "lender_buyout")]
            for i in range(HISTORY_ROWS)
        ]

    def housing_fields(self) -> list[forms.BoundField]:
        return [self[f"housing_{code}"] for code, _label in HousingFact.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(FAMILY_ROWS):
            if data.get(f"family_{i}_relation") and not data.get(f"family_{i}_birth_date"):
                self.add_error(
                    f"family_{i}_birth_date", _("Give the birth date of this family member.")
                )
        for i in range(HISTORY_ROWS):
            if data.get(f"history_{i}_event") and not data.get(f"history_{i}_date"):
                self.add_error(f"history_{i}_date", _("Give the date of this event."))
        return data

    def to_case(self, *, today: dt.date | None = None) -> dict[str, Any]:
        """The decision-case JSON (decision-case.md) for today; no `documents` key: a self-check."""
        data = self.cleaned_data
        # Blank rows are skipped; remember which form row each case entry came from.
        self._rows = {
            "family": [i for i in range(FAMILY_ROWS) if data.get(f"family_{i}_relation")],
            "history": [i for i in range(HISTORY_ROWS) if data.get(f"history_{i}_event")],
        }
        case: dict[str, Any] = {
            "application_date": (today or timezone.localdate()).isoformat(),
            "fund": data["fund"],
            "claimed_groups": list(data["claimed_groups"]),
            "applicant": {
                "iin": data["iin"],
                "citizen_of_kz": bool(data["citizen_of_kz"]),
                "permanent_resident_in_locality": bool(data["permanent_resident_in_locality"]),
            },
            "family": [
                {
                    "relation": data[f"family_{i}_relation"],
                    "birth_date": data[f"family_{i}_birth_date"].isoformat(),
                    "disabled": bool(data[f"family_{i}_disabled"]),
                    **(
                        {"recognized_by_court": True}
                        if data[f"family_{i}_recognized_by_court"]
                        else {}
                    ),
                }
                for i in range(FAMILY_ROWS)
                if data.get(f"family_{i}_relation")
            ],
            "housing": {
                code: True for code, _label in HousingFact.choices if data.get(f"housing_{code}")
            },
            "history": [
                {
                    "date": data[f"history_{i}_date"].isoformat(),
                    "event": data[f"history_{i}_event"],
                    **({"lender_buyout": True} if data[f"history_{i}_lender_buyout"] else {}),
                }
                for i in range(HISTORY_ROWS)
                if data.get(f"history_{i}_event")
            ],
            "military_service_months": data.get("military_service_months") or 0,
        }
        if data.get("income_12_months") is not None:
            case["income_12_months"] = float(data["income_12_months"])
        return case

    def field_for_case_path(self, path: str) -> str | None:
        """Map an engine field path (family[2].birth_date) to this form's field, for the error."""
        simple = {
            "applicant.iin": "iin",
            "applicant.birth_date": "iin",
            "fund": "fund",
            "income_12_months": "income_12_months",
            "military_service_months": "military_service_months",
        }
        if path in simple:
            return simple[path]
        if path.startswith("claimed_groups"):
            return "claimed_groups"
        for prefix, rows in getattr(self, "_rows", {}).items():
            for index, row in enumerate(rows):
                if path.startswith(f"{prefix}[{index}]."):
                    name = f"{prefix}_{row}_{path.split('.', 1)[1].split('.')[0]}"
                    return name if name in self.fields else None
        return None
