"""Forms of the staff pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kezek.applications.choices import (
    ApplicationStatus,
    Channel,
    ClaimedGroup,
    DocumentType,
    Fund,
    HistoryEventKind,
    HousingFact,
    Relation,
)
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
    RepresentativeInput,
)

HISTORY_EVENTS = [("", "—"), *HistoryEventKind.choices]


class FiltersForm(forms.Form):
    q = forms.CharField(
        label=_("Request number, IIN or name"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", "—"), *ApplicationStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", "—"), *Channel.choices]
    )
    office = forms.ChoiceField(label=_("Branch"), required=False, choices=[("", "—")])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, offices: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "—"), *(offices or [])]  # type: ignore[attr-defined]


def _date_input() -> forms.DateInput:
    # The browser's date field sends ISO dates and is typed digit by digit from the keyboard.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _iin_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}"}
    )


class IntakeForm(forms.Form):
    """The application at the window (Annex 2) with the facts the rules engine reads."""

    iin = forms.CharField(label=_("IIN"), max_length=12, widget=_iin_input())
    last_name = forms.CharField(label=_("surname"), max_length=150)
    first_name = forms.CharField(label=_("name"), max_length=150)
    patronymic = forms.CharField(label=_("patronymic"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("e-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    # The citizen's choice of how to be told of each step (issue 12); SMS unless they decline.
    notify_by_sms = forms.BooleanField(label=_("Tell by SMS"), required=False, initial=True)
    notify_by_email = forms.BooleanField(label=_("Tell by e-mail"), required=False)
    address = forms.CharField(
        label=_("address"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("language of documents"), choices=[("kk", "Қазақша"), ("ru", "Русский")]
    )
    claimed_groups = forms.MultipleChoiceField(
        label=_("claimed groups"), choices=ClaimedGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    fund = forms.ChoiceField(label=_("housing fund"), choices=Fund.choices)
    documents = forms.MultipleChoiceField(
        label=_("Documents handed in"),
        choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    citizen_of_kz = forms.BooleanField(label=_("Citizen of Kazakhstan"), required=False)
    permanent_resident_in_locality = forms.BooleanField(
        label=_("Permanently resides in the locality"), required=False
    )
    income_12_months = forms.IntegerField(
        label=_("Family income for the last 12 months, tenge"), min_value=0, required=False
    )
    military_service_months = forms.IntegerField(
        label=_("Compulsory military service, months"), min_value=0, required=False
    )
    housing = forms.MultipleChoiceField(
        label=_("Housing facts (reg:8)"),
        choices=HousingFact.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    history_event = forms.ChoiceField(
        label=_("Event of the last five years (reg:12)"), choices=HISTORY_EVENTS, required=False
    )
    history_date = forms.DateField(
        label=_("Date of the event"), required=False, widget=_date_input()
    )
    history_lender_buyout = forms.BooleanField(
        label=_("Bought out by the local executive body from a mortgage pledger"), required=False
    )
    representative_name = forms.CharField(label=_("Representative"), max_length=300, required=False)
    representative_iin = forms.CharField(
        label=_("Representative's IIN"), max_length=12, required=False, widget=_iin_input()
    )
    representative_phone = forms.CharField(
        label=_("Representative's phone"), max_length=40, required=False
    )
    power_of_attorney_number = forms.CharField(
        label=_("power of attorney number"), max_length=100, required=False
    )
    power_of_attorney_date = forms.DateField(
        label=_("power of attorney date"), required=False, widget=_date_input()
    )
    executor_id = forms.TypedChoiceField(
        label=_("Responsible executor"), coerce=int, required=False, empty_value=None, choices=[]
    )
    # The state registers were asked for this form: the documents they answered for are
    # fetched (read again from the stored answers when the form comes back, never from here).
    registers_asked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, executors: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if executors:
            self.fields["executor_id"].choices = [("", "—"), *executors]  # type: ignore[attr-defined]
        else:
            del self.fields["executor_id"]

    def to_input(
        self, family: list[FamilyMemberInput], documents: list[DocumentInput] | None = None
    ) -> ApplicationInput:
        """The application; `documents` (the fetched ones and the paper ones) replace the
        ticked boxes when the registers answered for some of them."""
        data = self.cleaned_data
        facts: dict[str, Any] = {
            "citizen_of_kz": bool(data["citizen_of_kz"]),
            "permanent_resident_in_locality": bool(data["permanent_resident_in_locality"]),
            "housing": dict.fromkeys(data["housing"], True),
        }
        if data.get("income_12_months") is not None:
            facts["income_12_months"] = data["income_12_months"]
        if data.get("military_service_months"):
            facts["military_service_months"] = data["military_service_months"]
        if data.get("history_event") and data.get("history_date"):
            event: dict[str, Any] = {
                "date": data["history_date"].isoformat(),
                "event": data["history_event"],
            }
            if data["history_event"] == "alienated_dwelling":
                event["lender_buyout"] = bool(data["history_lender_buyout"])
            facts["history"] = [event]
        representative = None
        if data.get("representative_name"):
            representative = RepresentativeInput(
                full_name=data["representative_name"],
                iin=data.get("representative_iin") or "",
                phone=data.get("representative_phone") or "",
                power_of_attorney_number=data.get("power_of_attorney_number") or "",
                power_of_attorney_date=data["power_of_attorney_date"],
            )
        return ApplicationInput(
            applicant=PersonInput(
                iin=data["iin"].strip(),
                last_name=data["last_name"],
                first_name=data["first_name"],
                patronymic=data.get("patronymic") or "",
                phone=data.get("phone") or "",
                email=data.get("email") or "",
                address=data.get("address") or "",
            ),
            claimed_groups=list(data["claimed_groups"]),
            fund=data["fund"],
            family=family,
            representative=representative,
            documents=documents
            if documents is not None
            else [DocumentInput(doc_type=code) for code in data["documents"]],
            facts=facts,
            language=data["language"],
            contact_email=data.get("email") or "",
            notify_by_sms=bool(data.get("notify_by_sms")),
            notify_by_email=bool(data.get("notify_by_email")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("representative_name") and not data.get("power_of_attorney_date"):
            self.add_error(
                "power_of_attorney_date",
                _("A representative acts with a power of attorney: give its date."),
            )
        if data.get("notify_by_sms") and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Give a phone number to be told by SMS, or untick SMS."))
        if data.get("notify_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Give an e-mail address to be told by e-mail, or untick e-mail.")
            )
        return data


class FamilyMemberForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("relation"), choices=[("", "—"), *Relation.choices], required=False
    )
    full_name = forms.CharField(label=_("full name"), max_length=300, required=False)
    birth_date = forms.DateField(label=_("birth date"), required=False, widget=_date_input())
    iin = forms.CharField(label=_("IIN"), max_length=12, required=False, widget=_iin_input())
    disabled = forms.BooleanField(
        label=pgettext_lazy("person with a disability", "disabled"), required=False
    )
    recognized_by_court = forms.BooleanField(
        label=_("recognized as family by a court"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("relation") or data.get("full_name"):
            for name in ("relation", "full_name", "birth_date"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
        return data

    def to_input(self) -> FamilyMemberInput | None:
        data = self.cleaned_data
        if not data.get("relation"):
            return None
        return FamilyMemberInput(
            relation=data["relation"],
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            iin=data.get("iin") or "",
            disabled=bool(data.get("disabled")),
            recognized_by_court=bool(data.get("recognized_by_court")),
        )


FamilyFormSet = forms.formset_factory(FamilyMemberForm, extra=4, max_num=12)


def initial_from_data(form: forms.Form, data: Any) -> dict[str, Any]:
    """What the user typed, as the initial values of an unbound copy of `form`: the window's
    "update the checklist" round trip shows the form again without judging it yet."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def family_initial_from_data(data: Any, prefix: str = "family") -> list[dict[str, Any]]:
    """The family rows typed so far (empty rows left out), for an unbound formset."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 12)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        probe = FamilyMemberForm(prefix=f"{prefix}-{index}")
        row = initial_from_data(probe, data)
        if row.get("relation") or row.get("full_name"):
            rows.append(row)
    return rows
