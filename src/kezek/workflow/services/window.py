"""The window's form filled from the state registers (reg:15.1, last paragraph; ADR 0013).

The inspector enters the IIN and asks; the registers are asked in parallel within a few seconds
(`KEZEK_REGISTRIES_WINDOW_SECONDS`), every call recorded with the inspector and
`Purpose.LOOKUP`. The form comes back filled, each filled field with a note of where it came
from and when; a register that did not answer in time is "enter by hand". Nothing is saved
with the file until the inspector accepts it; then the documents the registers answered for are
attached as fetched, with the time of the answer, and are not asked for on paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentSource, DocumentType, Relation
from kezek.applications.services import DocumentInput
from kezek.core.calendar import local_date
from kezek.core.iin import IINError, parse_iin
from kezek.registries import client
from kezek.registries.consult import person_registers_consult_within
from kezek.registries.facts import (
    CivilStatusFacts,
    DisabilityFacts,
    DistrictFacts,
    IncomeFacts,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)
from kezek.registries.models import Purpose, RegisterChoice
from kezek.registries.selectors import locality_katos, lookup_calls_recent
from kezek.registries.services import APPLICANT_REGISTERS

if TYPE_CHECKING:
    from kezek.accounts.models import User

Results = Mapping[str, Mapping[str, client.CallResult]]

#: Where a value came from, as the note under the field says it.
SOURCE_NOTES: dict[Register, Promise] = {
    Register.PERSONS: _("from the state database of individuals, %(time)s"),
    Register.ADDRESSES: _("from the address register, %(time)s"),
    Register.CIVIL_STATUS: _("from the civil status records, %(time)s"),
    Register.REAL_ESTATE: _("from the real-estate register, %(time)s"),
    Register.DISABILITY: _("from the register of persons with disabilities, %(time)s"),
    Register.INCOME: _("from the pension contributions, %(time)s"),
    Register.DISTRICT: _("from the district's records, %(time)s"),
}
OUTCOME_WORDS: dict[str, Promise] = {
    client.ANSWERED: _("answered"),
    client.NOT_FOUND: _("has no record of this person"),
    client.UNAVAILABLE: _("did not answer: enter by hand"),
    client.MALFORMED: _("did not answer: enter by hand"),
}
#: A window's answers stay the evidence for the form it fills for this long.
RECALL_HOURS = 4

# The documents that are state resources, and the registers that answer for them (reg:15.1.b–f,
# i): for every person named in the form ("all") or for the applicant alone.
DOCUMENT_REGISTERS: dict[str, tuple[Register, bool]] = {
    DocumentType.ID_DOCUMENTS: (Register.PERSONS, True),
    DocumentType.CIVIL_STATUS_CERTIFICATES: (Register.CIVIL_STATUS, False),
    DocumentType.PROPERTY_CERTIFICATE: (Register.REAL_ESTATE, True),
    DocumentType.COMMUNAL_HOUSING_CERTIFICATE: (Register.DISTRICT, True),
    DocumentType.RESIDENCE_PROOF: (Register.ADDRESSES, False),
    DocumentType.INCOME_STATEMENT: (Register.INCOME, True),
}


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def source_note(result: client.CallResult) -> str:
    return str(SOURCE_NOTES[result.register] % {"time": _when(result.answered_at)})


@dataclass(frozen=True)
class RegisterLine:
    label: str
    outcome: str
    words: str
    answered: bool


@dataclass
class WindowFill:
    """What the registers gave the form: initial values with a note each, the family, the
    documents fetched (code → the time of the answer), and how each register answered."""

    asked_at: dt.datetime | None = None
    initial: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    family: list[dict[str, Any]] = field(default_factory=list)
    family_notes: dict[str, str] = field(default_factory=dict)  # by the member's IIN
    fetched: dict[str, dt.datetime] = field(default_factory=dict)
    registers: list[RegisterLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def all_answered(self) -> bool:
        return all(line.answered for line in self.registers)

    def fetched_notes(self) -> dict[str, str]:
        return {
            code: str(_("obtained from the state systems, %(time)s") % {"time": _when(at)})
            for code, at in self.fetched.items()
        }

    def documents(self, ticked: Sequence[str]) -> list[DocumentInput]:
        """The documents of the file: the fetched ones with their time, the rest on paper."""
        out = [
            DocumentInput(doc_type=code, source=DocumentSource.FETCHED, fetched_at=at)
            for code, at in self.fetched.items()
        ]
        out += [DocumentInput(doc_type=code) for code in ticked if code not in self.fetched]
        return out


def _facts(results: Results, iin: str, register: Register) -> Any:
    result = results.get(iin, {}).get(register.value)
    return result.facts if result is not None and result.outcome == client.ANSWERED else None


def _result(results: Results, iin: str, register: Register) -> client.CallResult | None:
    return results.get(iin, {}).get(register.value)


def _answered(results: Results, iin: str, register: Register) -> client.CallResult | None:
    result = _result(results, iin, register)
    return result if result is not None and result.outcome == client.ANSWERED else None


def fetched_documents(
    results: Results, *, applicant_iin: str, member_iins: Sequence[str]
) -> dict[str, dt.datetime]:
    """The documents the registers answered for, for the applicant and every member with an
    IIN (a member without one brings the paper: no register can be asked about them)."""
    everyone = [applicant_iin, *member_iins]
    fetched: dict[str, dt.datetime] = {}
    for code, (register, all_people) in DOCUMENT_REGISTERS.items():
        answers = [
            _answered(results, iin, register)
            for iin in (everyone if all_people else [applicant_iin])
        ]
        if not all(answers):
            continue
        if register is Register.ADDRESSES:
            facts = answers[0].facts if answers[0] else None
            if not (isinstance(facts, RegistrationFacts) and facts.permanent):
                continue
        fetched[code] = max(a.answered_at for a in answers if a is not None)
    return fetched


def _birth_date(iin: str) -> dt.date | None:
    try:
        return parse_iin(iin).birth_date
    except IINError:
        return None


def window_fill(
    results: Results,
    *,
    applicant_iin: str,
    katos: set[str],
    today: dt.date,
    member_iins: Sequence[str] | None = None,
) -> WindowFill:
    """The form's values from the answers (no queries). `member_iins`: the family as the form
    stands (shown again); None: the family the civil status records name (just asked)."""
    fill = WindowFill()
    iin = applicant_iin
    for register in APPLICANT_REGISTERS:
        result = _result(results, iin, register)
        outcome = result.outcome if result is not None else client.UNAVAILABLE
        fill.registers.append(
            RegisterLine(
                label=str(RegisterChoice(register.value).label),
                outcome=outcome,
                words=str(OUTCOME_WORDS[outcome]),
                answered=outcome in (client.ANSWERED, client.NOT_FOUND),
            )
        )
        if result is not None:
            fill.asked_at = max(fill.asked_at or result.answered_at, result.answered_at)

    person_call = _answered(results, iin, Register.PERSONS)
    person = person_call.facts if person_call else None
    if isinstance(person, PersonFacts) and person_call is not None:
        note = source_note(person_call)
        fill.initial.update(
            {
                "last_name": person.last_name,
                "first_name": person.first_name,
                "patronymic": person.patronymic,
                "citizen_of_kz": person.citizenship == "KZ",
            }
        )
        for name in ("last_name", "first_name", "patronymic", "citizen_of_kz", "iin"):
            fill.notes[name] = note
        if person.death_date is not None:
            fill.warnings.append(
                str(
                    _("The state database of individuals records this person's death on %(date)s.")
                    % {"date": person.death_date.strftime("%d.%m.%Y")}
                )
            )

    address_call = _answered(results, iin, Register.ADDRESSES)
    registration = address_call.facts if address_call else None
    if isinstance(registration, RegistrationFacts) and address_call is not None:
        note = source_note(address_call)
        if registration.permanent:
            where = ", ".join(x for x in (registration.settlement, registration.address) if x)
            fill.initial["address"] = where
            fill.notes["address"] = note
        fill.initial["permanent_resident_in_locality"] = bool(
            registration.permanent and registration.kato in katos
        )
        fill.notes["permanent_resident_in_locality"] = note

    civil_call = _answered(results, iin, Register.CIVIL_STATUS)
    civil = civil_call.facts if civil_call else None
    if member_iins is None:
        member_iins = []
        if isinstance(civil, CivilStatusFacts) and civil_call is not None:
            relations = {"spouse": Relation.SPOUSE, "child": Relation.CHILD}
            for member, relation in civil.family():
                fill.family.append(
                    _member(
                        results, member, relations[relation], civil.birth_date_of(member), today
                    )
                )
            member_iins = [m["iin"] for m in fill.family]
    if isinstance(civil, CivilStatusFacts) and civil_call is not None:
        named = {m.spouse_iin for m in civil.marriages} | {b.child_iin for b in civil.births}
        for member_iin in member_iins:
            if member_iin in named:
                fill.family_notes[member_iin] = _member_note(results, member_iin, civil_call)

    incomes = [_result(results, i, Register.INCOME) for i in [iin, *member_iins]]
    if incomes and all(r is not None and r.settled for r in incomes):
        total = sum(
            (r.facts.total for r in incomes if r is not None and isinstance(r.facts, IncomeFacts)),
            start=0,
        )
        fill.initial["income_12_months"] = int(total)
        latest = max((r for r in incomes if r is not None), key=lambda r: r.answered_at)
        fill.notes["income_12_months"] = source_note(latest)

    for register, kind in (
        (Register.REAL_ESTATE, RealEstateFacts),
        (Register.DISTRICT, DistrictFacts),
    ):
        for subject in [iin, *member_iins]:
            facts = _facts(results, subject, register)
            if isinstance(facts, RealEstateFacts) and kind is RealEstateFacts:
                owned = [d for d in facts.dwellings if d.owned_on(today)]
                if owned:
                    fill.warnings.append(
                        str(
                            _(
                                "The real-estate register names a dwelling owned by %(iin)s: %(address)s."
                            )
                            % {"iin": subject, "address": "; ".join(d.address for d in owned)}
                        )
                    )
            if (
                isinstance(facts, DistrictFacts)
                and kind is DistrictFacts
                and facts.communal_dwellings
            ):
                fill.warnings.append(
                    str(
                        _(
                            "The district's records name a communal dwelling used by %(iin)s: %(address)s."
                        )
                        % {
                            "iin": subject,
                            "address": "; ".join(d.address for d in facts.communal_dwellings),
                        }
                    )
                )

    fill.fetched = fetched_documents(results, applicant_iin=iin, member_iins=member_iins)
    return fill


def _member(
    results: Results, iin: str, relation: str, born: dt.date | None, today: dt.date
) -> dict[str, Any]:
    person = _facts(results, iin, Register.PERSONS)
    disability = _facts(results, iin, Register.DISABILITY)
    name = ""
    if isinstance(person, PersonFacts):
        name = " ".join(x for x in (person.last_name, person.first_name, person.patronymic) if x)
        born = person.birth_date
    return {
        "relation": relation,
        "full_name": name,
        "birth_date": born or _birth_date(iin),
        "iin": iin,
        "disabled": isinstance(disability, DisabilityFacts) and disability.disabled_on(today),
    }


def _member_note(results: Results, iin: str, civil_call: client.CallResult) -> str:
    notes = [source_note(civil_call)]
    for register in (Register.PERSONS, Register.DISABILITY):
        result = _result(results, iin, register)
        if result is not None and result.outcome == client.ANSWERED:
            notes.append(source_note(result))
        else:
            notes.append(
                f"{RegisterChoice(register.value).label}: {OUTCOME_WORDS[result.outcome if result else client.UNAVAILABLE]}"
            )
    return "; ".join(notes)


#: The window's pool: the applicant's seven registers at once, then the family's.
WINDOW_WORKERS = 6


def window_registers_ask(*, user: User, iin: str) -> WindowFill:
    """Ask the registers about the applicant and the family now, within the window's budget."""
    today = local_date(timezone.now())
    results = person_registers_consult_within(
        iin=iin,
        on=today,
        purpose=Purpose.LOOKUP,
        actor=user,
        budget=settings.KEZEK_REGISTRIES_WINDOW_SECONDS,
        workers=WINDOW_WORKERS,
    ).results
    return window_fill(results, applicant_iin=iin, katos=_katos(user), today=today)


def window_registers_recall(*, user: User, iin: str, member_iins: Sequence[str]) -> WindowFill:
    """The form shown again or accepted: the same answers, read again from the stored calls of
    this inspector in the last hours, for the people the form now names."""
    since = timezone.now() - dt.timedelta(hours=RECALL_HOURS)
    results = lookup_calls_recent(
        actor_id=user.pk, iins=[iin, *member_iins], since=since, purpose=Purpose.LOOKUP
    )
    return window_fill(
        results,
        applicant_iin=iin,
        katos=_katos(user),
        today=local_date(timezone.now()),
        member_iins=list(member_iins),
    )


def _katos(user: User) -> set[str]:
    return locality_katos(district_id=user.office.district_id) if user.office else set()
