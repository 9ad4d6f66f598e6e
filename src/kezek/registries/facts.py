"""What each register says of one person, as typed facts (no Django: the simulator and the
merge in `establish` use them too). Dates are dates; money is Decimal in tenge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Register(StrEnum):
    """The registers Kezek asks, by their service id on the gateway."""

    PERSONS = "GBDFL_PERSON"  # ГБД ФЛ / ЖТ МДҚ: the state database of individuals
    ADDRESSES = "ADDRESS_REGISTRATION"  # the address register: permanent registration
    CIVIL_STATUS = "ZAGS_CIVIL_STATUS"  # АХАЖ / ЗАГС: marriages, births, deaths
    REAL_ESTATE = "REAL_ESTATE_RIGHTS"  # the legal cadastre: dwellings owned, anywhere in KZ
    DISABILITY = "DISABILITY_REGISTER"  # the register of persons with disabilities
    INCOME = "PENSION_CONTRIBUTIONS"  # the base of the pension contributions, by month
    DISTRICT = "DISTRICT_RECORDS"  # the district's own: communal dwellings, emergency decisions


@dataclass(frozen=True)
class PersonFacts:
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date
    sex: str  # "male" | "female"
    citizenship: str  # ISO 3166 alpha-2; "KZ" for a citizen of Kazakhstan
    death_date: dt.date | None = None


@dataclass(frozen=True)
class RegistrationFacts:
    """Permanent registration; `kato` is the settlement's code (КАТО), reg:6 speaks of it."""

    iin: str
    permanent: bool
    kato: str = ""
    settlement: str = ""
    address: str = ""
    since: dt.date | None = None


@dataclass(frozen=True)
class Marriage:
    spouse_iin: str
    registered_on: dt.date
    certificate: str
    dissolved_on: dt.date | None = None
    spouse_died_on: dt.date | None = None


@dataclass(frozen=True)
class Birth:
    child_iin: str
    child_birth_date: dt.date
    certificate: str


@dataclass(frozen=True)
class CivilStatusFacts:
    iin: str
    marriages: tuple[Marriage, ...] = ()
    births: tuple[Birth, ...] = ()  # children born to this person
    death_certificate: str = ""  # this person's own death record

    def family(self) -> list[tuple[str, str]]:
        """The current spouse (a marriage neither dissolved nor ended by death) and the children,
        as (IIN, "spouse" | "child"): the family the records name (reg:1)."""
        people = [
            (m.spouse_iin, "spouse")
            for m in self.marriages
            if m.dissolved_on is None and m.spouse_died_on is None
        ]
        return people + [(b.child_iin, "child") for b in self.births]

    def birth_date_of(self, child_iin: str) -> dt.date | None:
        """A child's birth date as its birth record states it."""
        return next((b.child_birth_date for b in self.births if b.child_iin == child_iin), None)


@dataclass(frozen=True)
class Dwelling:
    cadastral_number: str
    kato: str
    address: str
    acquired_on: dt.date
    acquired_by: str  # purchase, privatization, inheritance, gift, exchange, construction
    share: str = "1"
    alienated_on: dt.date | None = None
    # sale, gift, exchange, lender_buyout (the Housing Construction Savings Bank or a lender
    # bought it from the pledger: reg:12.2's exception), demolition
    alienated_by: str = ""

    def owned_on(self, day: dt.date) -> bool:
        return self.acquired_on <= day and (self.alienated_on is None or self.alienated_on > day)


@dataclass(frozen=True)
class RealEstateFacts:
    iin: str
    dwellings: tuple[Dwelling, ...] = ()


@dataclass(frozen=True)
class DisabilityFacts:
    iin: str
    group: int | None = None  # 1, 2, 3; None: not registered as disabled
    child: bool = False  # a disabled child (under 18)
    since: dt.date | None = None
    until: dt.date | None = None

    def disabled_on(self, day: dt.date) -> bool:
        if self.group is None:
            return False
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@dataclass(frozen=True)
class MonthIncome:
    period: str  # YYYY-MM
    amount: Decimal


@dataclass(frozen=True)
class IncomeFacts:
    iin: str
    period_from: str
    period_to: str
    months: tuple[MonthIncome, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((m.amount for m in self.months), Decimal("0"))


@dataclass(frozen=True)
class CommunalDwelling:
    address: str
    kato: str
    since: dt.date


@dataclass(frozen=True)
class EmergencyDecision:
    """The local executive body's decision declaring a dwelling in emergency condition (reg:6.4)."""

    number: str
    decided_on: dt.date
    cadastral_number: str
    address: str


@dataclass(frozen=True)
class DistrictFacts:
    iin: str
    communal_dwellings: tuple[CommunalDwelling, ...] = ()
    emergency_decisions: tuple[EmergencyDecision, ...] = field(default_factory=tuple)


Facts = (
    PersonFacts
    | RegistrationFacts
    | CivilStatusFacts
    | RealEstateFacts
    | DisabilityFacts
    | IncomeFacts
    | DistrictFacts
)
