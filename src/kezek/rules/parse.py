"""Parse and validate a decision case (decision-case.md, "Input").

Every problem is a CaseError naming the field path; unknown fields are an
error at every level, never ignored. Codes: unknown_field, required, type,
date_format, future_date, after_application_date, before_birth, after_event_date,
negative, not_integer, empty, duplicate, unknown_value, unknown_group,
iin_<reason> (reasons of kezek.core.iin: length, digits, century, birth_date,
checksum, type), iin_birth_date_mismatch, court_decision_required,
not_applicable, inconsistent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, cast

from kezek.core.iin import IINError, parse_iin
from kezek.rules.errors import CaseError
from kezek.rules.model import (
    FUNDS,
    HOUSING_FIELDS,
    RELATIONS,
    Applicant,
    Case,
    FamilyMember,
    Fund,
    HistoryEvent,
    Housing,
    MovedPerson,
    Relation,
)
from kezek.rules.versions import DEFAULT_VERSIONS, select_version
from kezek.rules.versions.base import RuleVersion

TOP_FIELDS: Final = (
    "application_date",
    "fund",
    "claimed_groups",
    "applicant",
    "family",
    "income_12_months",
    "housing",
    "history",
    "documents",
    "military_service_months",
)
APPLICANT_FIELDS: Final = (
    "iin",
    "citizen_of_kz",
    "permanent_resident_in_locality",
    "birth_date",
    "lost_parents_before_majority",
)
FAMILY_FIELDS: Final = ("relation", "birth_date", "disabled", "recognized_by_court")
HISTORY_FIELDS: Final = ("date", "event", "lender_buyout", "persons")
PERSON_FIELDS: Final = ("relation", "birth_date", "disabled", "unable_to_work")

# reg:12.5 persons given as strings (see kezek.rules.engine.moved_person_allowed).
PERSON_STRINGS: Final[Mapping[str, MovedPerson]] = {
    "spouse": MovedPerson("spouse", stated_as="spouse"),
    "minor_child": MovedPerson("child", minor=True, stated_as="minor_child"),
    "disabled_child": MovedPerson("child", disabled=True, stated_as="disabled_child"),
    "child_unable_to_work": MovedPerson(
        "child", unable_to_work=True, stated_as="child_unable_to_work"
    ),
    "disabled_parent": MovedPerson("parent", disabled=True, stated_as="disabled_parent"),
    "parent_unable_to_work": MovedPerson(
        "parent", unable_to_work=True, stated_as="parent_unable_to_work"
    ),
    "child": MovedPerson("child", detailed=False, stated_as="child"),
    "parent": MovedPerson("parent", detailed=False, stated_as="parent"),
    "other": MovedPerson("other", stated_as="other"),
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _one_of(values: Sequence[str]) -> str:
    return ", ".join(values)


class _Parser:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.application_date: dt.date | None = None

    # -- primitives --------------------------------------------------------------
    def obj(self, value: Any, path: str, allowed: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise CaseError(path, "type", f"{path}: must be an object", {"expected": "object"})
        for key in value:
            if key not in allowed:
                field = _join(path, str(key))
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise CaseError(
                    field,
                    "unknown_field",
                    f"{field}: unknown field{hint}",
                    {"field": str(key), "allowed": list(allowed)},
                )
        return cast(Mapping[str, Any], value)

    def required(self, data: Mapping[str, Any], key: str, path: str) -> Any:
        value = data.get(key)
        if value is None:
            field = _join(path, key)
            raise CaseError(field, "required", f"{field}: required")
        return value

    def boolean(self, value: Any, path: str, default: bool | None = None) -> bool:
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            raise CaseError(path, "type", f"{path}: must be true or false", {"expected": "boolean"})
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise CaseError(path, "type", f"{path}: must be a string", {"expected": "string"})
        return value

    def choice(
        self, value: Any, path: str, allowed: Sequence[str], code: str = "unknown_value"
    ) -> str:
        text = self.string(value, path)
        if text not in allowed:
            raise CaseError(
                path,
                code,
                f"{path}: unknown value {text!r} (one of: {_one_of(allowed)})",
                {"value": text, "allowed": list(allowed)},
            )
        return text

    def array(self, value: Any, path: str) -> Sequence[Any]:
        if not isinstance(value, list | tuple):
            raise CaseError(path, "type", f"{path}: must be a list", {"expected": "list"})
        return cast(Sequence[Any], value)

    def date(self, value: Any, path: str, *, not_after_application: bool = True) -> dt.date:
        text = self.string(value, path)
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise CaseError(
                path,
                "date_format",
                f"{path}: not a date in the form YYYY-MM-DD: {text!r}",
                {"value": text},
            ) from None
        if day > self.today:
            raise CaseError(
                path,
                "future_date",
                f"{path}: {day.isoformat()} is in the future (today is {self.today.isoformat()})",
                {"value": day.isoformat(), "today": self.today.isoformat()},
            )
        application = self.application_date
        if not_after_application and application is not None and day > application:
            raise CaseError(
                path,
                "after_application_date",
                f"{path}: {day.isoformat()} is after application_date {application.isoformat()}",
                {"value": day.isoformat(), "application_date": application.isoformat()},
            )
        return day

    def number(self, value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise CaseError(path, "type", f"{path}: must be a number", {"expected": "number"})
        if isinstance(value, float) and not math.isfinite(value):
            raise CaseError(
                path, "type", f"{path}: must be a finite number", {"expected": "number"}
            )
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not amount.is_finite():
            raise CaseError(
                path, "type", f"{path}: must be a finite number", {"expected": "number"}
            )
        if amount < 0:
            raise CaseError(
                path,
                "negative",
                f"{path}: must not be negative, got {value}",
                {"value": str(value)},
            )
        return amount

    def whole(self, value: Any, path: str) -> int:
        amount = self.number(value, path)
        if amount != amount.to_integral_value():
            raise CaseError(
                path,
                "not_integer",
                f"{path}: must be a whole number, got {value}",
                {"value": str(value)},
            )
        return int(amount)

    # -- sections ----------------------------------------------------------------
    def applicant(self, value: Any) -> Applicant:
        path = "applicant"
        data = self.obj(value, path, APPLICANT_FIELDS)
        raw_iin = self.string(self.required(data, "iin", path), "applicant.iin")
        try:
            iin = parse_iin(raw_iin)
        except IINError as exc:
            raise CaseError(
                "applicant.iin",
                f"iin_{exc.code}",
                f"applicant.iin: {exc.message}",
                {"reason": exc.code},
            ) from None
        if iin.birth_date > self.today:
            raise CaseError(
                "applicant.iin",
                "future_date",
                f"applicant.iin: its birth date {iin.birth_date.isoformat()} is in the future",
                {"value": iin.birth_date.isoformat()},
            )
        citizen = self.boolean(
            self.required(data, "citizen_of_kz", path), "applicant.citizen_of_kz"
        )
        resident = self.boolean(
            self.required(data, "permanent_resident_in_locality", path),
            "applicant.permanent_resident_in_locality",
        )
        birth_date = iin.birth_date
        if data.get("birth_date") is not None:
            birth_date = self.date(data["birth_date"], "applicant.birth_date")
            if birth_date != iin.birth_date:
                raise CaseError(
                    "applicant.birth_date",
                    "iin_birth_date_mismatch",
                    f"applicant.birth_date: {birth_date.isoformat()} does not match the birth date "
                    f"in applicant.iin ({iin.birth_date.isoformat()})",
                    {"value": birth_date.isoformat(), "iin_birth_date": iin.birth_date.isoformat()},
                )
        elif self.application_date is not None and birth_date > self.application_date:
            raise CaseError(
                "applicant.iin",
                "after_application_date",
                f"applicant.iin: its birth date {birth_date.isoformat()} is after application_date",
                {"value": birth_date.isoformat()},
            )
        lost = self.boolean(
            data.get("lost_parents_before_majority"),
            "applicant.lost_parents_before_majority",
            default=True,
        )
        return Applicant(
            iin=iin.value,
            birth_date=birth_date,
            citizen_of_kz=citizen,
            permanent_resident_in_locality=resident,
            lost_parents_before_majority=lost,
        )

    def family(self, value: Any) -> tuple[FamilyMember, ...]:
        members: list[FamilyMember] = []
        for index, item in enumerate(self.array(value, "family")):
            path = f"family[{index}]"
            data = self.obj(item, path, FAMILY_FIELDS)
            relation = cast(
                Relation,
                self.choice(self.required(data, "relation", path), f"{path}.relation", RELATIONS),
            )
            birth = data.get("birth_date")
            birth_date = None if birth is None else self.date(birth, f"{path}.birth_date")
            disabled = self.boolean(data.get("disabled"), f"{path}.disabled", default=False)
            court = self.boolean(
                data.get("recognized_by_court"), f"{path}.recognized_by_court", default=False
            )
            if relation == "other" and not court:
                # reg:15.1.g: other persons are family members only by a court decision.
                raise CaseError(
                    f"{path}.recognized_by_court",
                    "court_decision_required",
                    f"{path}.recognized_by_court: a member with relation 'other' must be recognized "
                    "as a family member by a court decision (reg:15.1.g)",
                    {"index": index},
                )
            members.append(FamilyMember(relation, birth_date, disabled, court))
        return tuple(members)

    def housing(self, value: Any) -> Housing:
        data = self.obj(value, "housing", HOUSING_FIELDS)
        facts = {
            key: self.boolean(data.get(key), f"housing.{key}", default=False)
            for key in HOUSING_FIELDS
        }
        if facts["owns_dwelling_in_locality"] and not facts["owns_dwelling_in_kz"]:
            raise CaseError(
                "housing.owns_dwelling_in_kz",
                "inconsistent",
                "housing.owns_dwelling_in_kz: must be true when housing.owns_dwelling_in_locality is "
                "true (the locality is in Kazakhstan)",
            )
        return Housing(**facts)

    def person(self, value: Any, path: str, event_date: dt.date) -> MovedPerson:
        if isinstance(value, str):
            choice = self.choice(value, path, tuple(PERSON_STRINGS))
            return PERSON_STRINGS[choice]
        if not isinstance(value, Mapping):
            raise CaseError(
                path,
                "type",
                f"{path}: must be a string or an object",
                {"expected": "string|object"},
            )
        data = self.obj(value, path, PERSON_FIELDS)
        relation = cast(
            Relation,
            self.choice(self.required(data, "relation", path), f"{path}.relation", RELATIONS),
        )
        birth = data.get("birth_date")
        birth_date = None if birth is None else self.date(birth, f"{path}.birth_date")
        if birth_date is not None and birth_date > event_date:
            raise CaseError(
                f"{path}.birth_date",
                "after_event_date",
                f"{path}.birth_date: {birth_date.isoformat()} is after the event date {event_date.isoformat()}",
                {"value": birth_date.isoformat(), "event_date": event_date.isoformat()},
            )
        return MovedPerson(
            relation=relation,
            birth_date=birth_date,
            disabled=self.boolean(data.get("disabled"), f"{path}.disabled", default=False),
            unable_to_work=self.boolean(
                data.get("unable_to_work"), f"{path}.unable_to_work", default=False
            ),
            detailed=True,
            stated_as=relation,
        )

    def history(self, value: Any, version: RuleVersion) -> tuple[HistoryEvent, ...]:
        events: list[HistoryEvent] = []
        for index, item in enumerate(self.array(value, "history")):
            path = f"history[{index}]"
            data = self.obj(item, path, HISTORY_FIELDS)
            day = self.date(self.required(data, "date", path), f"{path}.date")
            code = self.choice(
                self.required(data, "event", path), f"{path}.event", tuple(version.events)
            )
            spec = version.events[code]
            lender_buyout = False
            if data.get("lender_buyout") is not None:
                if spec.exception_field != "lender_buyout":
                    raise CaseError(
                        f"{path}.lender_buyout",
                        "not_applicable",
                        f"{path}.lender_buyout: applies only to an event that allows the lender-buyout exception",
                        {"event": code},
                    )
                lender_buyout = self.boolean(data["lender_buyout"], f"{path}.lender_buyout")
            persons: tuple[MovedPerson, ...] | None = None
            if data.get("persons") is not None:
                if not spec.persons_rule:
                    raise CaseError(
                        f"{path}.persons",
                        "not_applicable",
                        f"{path}.persons: applies only to an event of moving persons in",
                        {"event": code},
                    )
                raw = self.array(data["persons"], f"{path}.persons")
                if not raw:
                    raise CaseError(
                        f"{path}.persons",
                        "empty",
                        f"{path}.persons: must name at least one person when given (omit it if unknown)",
                    )
                persons = tuple(
                    self.person(p, f"{path}.persons[{j}]", day) for j, p in enumerate(raw)
                )
            events.append(
                HistoryEvent(date=day, event=code, lender_buyout=lender_buyout, persons=persons)
            )
        return tuple(events)

    def codes(
        self, value: Any, path: str, allowed: Sequence[str], code: str, what: str
    ) -> tuple[str, ...]:
        items = self.array(value, path)
        seen: list[str] = []
        for index, item in enumerate(items):
            field = f"{path}[{index}]"
            text = self.string(item, field)
            if text not in allowed:
                raise CaseError(
                    field,
                    code,
                    f"{field}: unknown {what} {text!r} (one of: {_one_of(allowed)})",
                    {"value": text, "allowed": list(allowed)},
                )
            if text in seen:
                raise CaseError(
                    field, "duplicate", f"{field}: {text!r} is listed twice", {"value": text}
                )
            seen.append(text)
        return tuple(seen)

    # -- the case ----------------------------------------------------------------
    def case(self, value: Any, versions: Sequence[RuleVersion]) -> Case:
        if not isinstance(value, Mapping):
            raise CaseError("case", "type", "case: must be a JSON object", {"expected": "object"})
        data = self.obj(value, "", TOP_FIELDS)
        self.application_date = None
        application_date = self.date(
            self.required(data, "application_date", ""), "application_date"
        )
        self.application_date = application_date
        version = select_version(versions, application_date)
        fund = cast(Fund, self.choice(self.required(data, "fund", ""), "fund", FUNDS))
        groups = self.codes(
            self.required(data, "claimed_groups", ""),
            "claimed_groups",
            tuple(version.groups),
            "unknown_group",
            "group",
        )
        if not groups:
            raise CaseError(
                "claimed_groups", "empty", "claimed_groups: at least one group must be claimed"
            )
        applicant = self.applicant(self.required(data, "applicant", ""))
        family = self.family(data["family"]) if data.get("family") is not None else ()
        income = None
        if data.get("income_12_months") is not None:
            income = self.number(data["income_12_months"], "income_12_months")
        housing = self.housing(data["housing"]) if data.get("housing") is not None else Housing()
        history = self.history(data["history"], version) if data.get("history") is not None else ()
        documents = None
        if data.get("documents") is not None:
            documents = self.codes(
                data["documents"],
                "documents",
                tuple(version.documents),
                "unknown_value",
                "document",
            )
        months = 0
        if data.get("military_service_months") is not None:
            months = self.whole(data["military_service_months"], "military_service_months")
        case = Case(
            application_date=application_date,
            fund=fund,
            claimed_groups=groups,
            applicant=applicant,
            family=family,
            income_12_months=income,
            housing=housing,
            history=history,
            documents=documents,
            military_service_months=months,
        )
        check_against_version(case, version)
        return case


def check_against_version(case: Case, version: RuleVersion) -> None:
    """The checks that depend on the rule version in force (also run by `decide`)."""
    for index, group in enumerate(case.claimed_groups):
        if group not in version.groups:
            field = f"claimed_groups[{index}]"
            raise CaseError(
                field,
                "unknown_group",
                f"{field}: unknown group {group!r} under rule version {version.id}",
                {"value": group, "rules_version": version.id},
            )
    for index, code in enumerate(case.documents or ()):
        if code not in version.documents:
            field = f"documents[{index}]"
            raise CaseError(
                field, "unknown_value", f"{field}: unknown document {code!r}", {"value": code}
            )
    for index, event in enumerate(case.history):
        if event.event not in version.events:
            field = f"history[{index}].event"
            raise CaseError(
                field,
                "unknown_value",
                f"{field}: unknown event {event.event!r}",
                {"value": event.event},
            )
    taking_test = [g for g in case.claimed_groups if version.groups[g].income_test]
    if taking_test and case.income_12_months is None:
        # reg:6.2: required whenever a claimed group is subject to the income test.
        raise CaseError(
            "income_12_months",
            "required",
            "income_12_months: required when the income test applies (reg:6.2)",
            {"groups": taking_test},
        )


def parse_case(
    data: Mapping[str, Any],
    *,
    today: dt.date,
    versions: Sequence[RuleVersion] = DEFAULT_VERSIONS,
) -> Case:
    """Validate `data` (decision-case.md input) and return the Case.

    Group, event and document codes are checked against the rule version in
    force on `application_date` (NoRuleVersion when there is none).
    """
    return _Parser(today).case(data, versions)
