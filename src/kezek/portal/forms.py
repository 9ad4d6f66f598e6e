"""The forms of the application steps: they check the shape of the answers (required, dates,
IINs, amounts); the rules engine then checks the facts together (kezek.portal.case)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kezek.applications.choices import ClaimedGroup, Fund, HousingFact, Relation
from kezek.applications.validators import validate_iin
from kezek.core.iin import IINError, parse_iin
from kezek.decisions.forms import EVENTS
from kezek.offices.models import District, Office

from .case import format_money, money_json, parse_money

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
PHONE_RE = re.compile(r"^\+?[\d\s()\-]{10,20}$")
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский")]
# reg:12.5: who was moved in (the engine's person codes).
MOVED_PERSONS = [
    ("spouse", _("Spouse")),
    ("minor_child", _("Minor child")),
    ("disabled_child", _("Disabled child")),
    ("disabled_parent", _("Disabled parent")),
    ("other", _("Other persons")),
]
MAX_FAMILY = 15
MAX_HISTORY = 10


class DateInput(forms.TextInput):
    """Dates are typed as dd.mm.yyyy, the local format (ISO is accepted too)."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "placeholder": _("dd.mm.yyyy"),
                "maxlength": "10",
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime("%d.%m.%Y")
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        formatted: str | None = super().format_value(value)
        return formatted


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as dd.mm.yyyy, for example 05.03.1985.")},
    )


def _past(value: dt.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")
    if value is not None and value.year < 1900:
        raise ValidationError(_("Check the year: the date is too early."), code="too_early")


def district_choices() -> list[tuple[str, str]]:
    """Districts whose authorized body is open for applications (reg:17: by residence)."""
    codes = (
        Office.objects.filter(kind=Office.Kind.AUTHORIZED_BODY, is_active=True)
        .values_list("district_id", flat=True)
        .distinct()
    )
    return [(d.code, d.name) for d in District.objects.filter(pk__in=codes).order_by("code")]


class ApplicantForm(forms.Form):
    """Step 1: who applies (the IIN and the birth date come from the certificate)."""

    last_name = forms.CharField(label=_("Surname"), max_length=150)
    first_name = forms.CharField(label=_("Name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        help_text=_("For example +7 701 123 45 67."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The signed result is also sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.kz.")},
    )
    notify_by_sms = forms.BooleanField(
        label=_("Send me an SMS at each step"), required=False, initial=True
    )
    notify_by_email = forms.BooleanField(label=_("Send me an e-mail at each step"), required=False)
    address = forms.CharField(
        label=_("Address where you live"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    district = forms.ChoiceField(label=_("District"), choices=())
    language = forms.ChoiceField(
        label=_("Language of the documents"), choices=LANGUAGES, widget=forms.RadioSelect
    )
    citizen_of_kz = forms.BooleanField(label=_("I am a citizen of Kazakhstan"), required=False)
    permanent_resident_in_locality = forms.BooleanField(
        label=_("I live permanently in this locality"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = district_choices()
        self.fields["district"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            self.fields["district"].initial = choices[0][0]

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone) or len(re.sub(r"\D", "", phone)) not in range(10, 13):
            raise ValidationError(
                _("Enter a phone number of 10 to 12 digits, for example +7 701 123 45 67.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("notify_by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Give an e-mail address to be told by e-mail, or untick e-mail.")
            )
        return data

    def to_section(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "last_name": data["last_name"].strip(),
            "first_name": data["first_name"].strip(),
            "patronymic": data["patronymic"].strip(),
            "phone": data["phone"],
            "email": data["email"],
            "notify_by_sms": bool(data["notify_by_sms"]),
            "notify_by_email": bool(data["notify_by_email"]),
            "address": data["address"].strip(),
            "district": data["district"],
            "language": data["language"],
            "citizen_of_kz": bool(data["citizen_of_kz"]),
            "permanent_resident_in_locality": bool(data["permanent_resident_in_locality"]),
        }


class FamilyMemberForm(forms.Form):
    """A member who permanently lives with the applicant; a blank row is no member."""

    relation = forms.ChoiceField(
        label=_("Relation"), choices=[("", _("— choose —")), *Relation.choices], required=False
    )
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    birth_date = date_field(_("Birth date"), required=False)
    iin = forms.CharField(label=_("IIN (if known)"), max_length=12, required=False)
    disabled = forms.BooleanField(
        label=pgettext_lazy("person with a disability", "Disabled"), required=False
    )
    recognized_by_court = forms.BooleanField(
        label=_("Recognized as family by a court"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Optional for a blank row, required for a member: not marked "optional" on the page.
        for name in ("relation", "full_name", "birth_date"):
            self.fields[name].row_required = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        filled = [data.get(k) for k in ("relation", "full_name", "birth_date", "iin")]
        self.is_blank = not any(filled)
        if self.is_blank:
            return data
        for key, message in (
            ("relation", _("Choose who this person is to you.")),
            ("full_name", _("Give the full name of this family member.")),
            ("birth_date", _("Give the birth date of this family member.")),
        ):
            if not data.get(key):
                self.add_error(key, message)
        birth = data.get("birth_date")
        try:
            _past(birth)
        except ValidationError as exc:
            self.add_error("birth_date", exc)
        iin = (data.get("iin") or "").strip()
        if iin:
            try:
                validate_iin(iin)
                if birth and parse_iin(iin).birth_date != birth:
                    self.add_error("iin", _("The birth date does not match the IIN."))
            except (ValidationError, IINError) as exc:
                self.add_error("iin", exc if isinstance(exc, ValidationError) else str(exc))
        if data.get("relation") == Relation.OTHER and not data.get("recognized_by_court"):
            self.add_error(
                "recognized_by_court",
                _("Other persons count as family only by a court decision (reg:15.1.g)."),
            )
        return data

    def to_item(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "relation": data["relation"],
            "full_name": data["full_name"].strip(),
            "birth_date": data["birth_date"].isoformat(),
            "iin": (data.get("iin") or "").strip(),
            "disabled": bool(data["disabled"]),
            "recognized_by_court": bool(data["recognized_by_court"]),
        }


class BaseRowsFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Rows of a step (family members, events): blank rows and rows marked "remove" are dropped."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")

    def kept_forms(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if not getattr(form, "is_blank", True)
            and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]

    def items(self) -> list[dict[str, Any]]:
        return [form.to_item() for form in self.kept_forms()]  # type: ignore[attr-defined]


FamilyFormSet = forms.formset_factory(
    FamilyMemberForm,
    formset=BaseRowsFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_FAMILY,
    validate_max=True,
)


class GroupsForm(forms.Form):
    """Step 3: the groups claimed (reg:6, reg:7), the fund, the family's income (reg:6.2)."""

    claimed_groups = forms.MultipleChoiceField(
        label=_("The groups you belong to"),
        choices=ClaimedGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group.")},
    )
    fund = forms.ChoiceField(label=_("Housing fund"), choices=Fund.choices, initial=Fund.COMMUNAL)
    income_12_months = forms.CharField(
        label=_("Total income of the family over the last 12 months, tenge"),
        required=False,
        max_length=20,
        help_text=_("The whole family's income, in tenge, for example 1 200 000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    military_service_months = forms.IntegerField(
        label=_("Months of compulsory military service (orphans)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    lost_parents_before_majority = forms.BooleanField(
        label=_("(Orphans) I lost my parents before I came of age"), required=False
    )

    def clean_income_12_months(self) -> int | float | None:
        text = (self.cleaned_data.get("income_12_months") or "").strip()
        if not text:
            return None
        amount = parse_money(text)
        if amount is None:
            raise ValidationError(
                _("Enter an amount in tenge with digits only, for example 1 200 000.")
            )
        if amount > 10**12:
            raise ValidationError(_("Check the amount: it is too large."))
        return money_json(amount)

    def to_section(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "claimed_groups": list(data["claimed_groups"]),
            "fund": data["fund"],
            "income_12_months": data["income_12_months"],
            "military_service_months": data.get("military_service_months") or 0,
            "lost_parents_before_majority": bool(data["lost_parents_before_majority"]),
        }

    @staticmethod
    def initial_from(section: dict[str, Any]) -> dict[str, Any]:
        initial = dict(section)
        if section.get("income_12_months") is not None:
            initial["income_12_months"] = format_money(section["income_12_months"])
        return initial


class HousingForm(forms.Form):
    """Step 4: the facts of reg:8 and reg:6.4 about where the family lives."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in HousingFact.choices:
            self.fields[code] = forms.BooleanField(label=label, required=False)

    def to_section(self) -> dict[str, Any]:
        return {code: bool(self.cleaned_data.get(code)) for code, _label in HousingFact.choices}


class HistoryEventForm(forms.Form):
    """An event of reg:12 in the last five years; a blank row is no event."""

    event = forms.ChoiceField(label=_("Event"), choices=EVENTS, required=False)
    date = date_field(_("Date of the event"), required=False)
    lender_buyout = forms.BooleanField(
        label=_("Bought back by the akimat from a mortgage borrower"), required=False
    )
    persons = forms.MultipleChoiceField(
        label=_("Who was moved in"),
        choices=MOVED_PERSONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("event", "date"):
            self.fields[name].row_required = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        self.is_blank = not data.get("event") and not data.get("date")
        if self.is_blank:
            return data
        if not data.get("event"):
            self.add_error("event", _("Choose what happened."))
        if not data.get("date"):
            self.add_error("date", _("Give the date of this event."))
        try:
            _past(data.get("date"))
        except ValidationError as exc:
            self.add_error("date", exc)
        if data.get("lender_buyout") and data.get("event") != "alienated_dwelling":
            self.add_error(
                "lender_buyout", _("This applies only when a dwelling was sold or given away.")
            )
        if data.get("persons") and data.get("event") != "moved_in_others":
            self.add_error("persons", _("This applies only when persons were moved in."))
        return data

    def to_item(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "event": data["event"],
            "date": data["date"].isoformat(),
            "lender_buyout": bool(data["lender_buyout"]),
            "persons": list(data.get("persons") or []),
        }


HistoryFormSet = forms.formset_factory(
    HistoryEventForm,
    formset=BaseRowsFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_HISTORY,
    validate_max=True,
)
