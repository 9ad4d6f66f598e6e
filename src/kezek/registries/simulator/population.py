"""A fictitious population for the registers' simulator (pure Python: no Django).

`population_generate(seed=…, households=…, today=…)` builds households of 1–6 people with what
each register knows of them: the person, the permanent registration, marriages, births and
deaths, dwellings, disability, the monthly base of the pension contributions and the district's
own records. The same seed and day give the same people and byte-identical answers.

Every fact about a relative is written from both sides at once (one marriage record on the two
spouses, one birth record on the two parents, a death on the person and on the spouse's
marriage), so that the merge of the answers can be tested on a population that is consistent.
The hard cases of the rules are generated at steady frequencies, and the first household of
each is named in `Population.cases`.

Memory stays modest: one small record per person; the typed facts are built on each answer.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TypeVar

from kezek.core.iin import Sex, make_iin
from kezek.offices.annex1 import ELSEWHERE_SETTLEMENTS, SETTLEMENTS

from ..facts import (
    Birth,
    CivilStatusFacts,
    CommunalDwelling,
    DisabilityFacts,
    DistrictFacts,
    Dwelling,
    EmergencyDecision,
    Facts,
    IncomeFacts,
    Marriage,
    MonthIncome,
    PersonFacts,
    RealEstateFacts,
    Register,
    RegistrationFacts,
)

#: The subsistence minimum the generated incomes are measured against (tenge a month).
SUBSISTENCE_MINIMUM = 45_000
#: reg:6.2: the income test's coefficient.
INCOME_COEFFICIENT = 3.1
#: A request for more months than this is refused: no register answers for decades at once.
MAX_INCOME_MONTHS = 120

#: The hard cases, in the order their named households are generated.
CASE_NAMES = (
    "clean",
    "deceased",
    "owns_flat_elsewhere",
    "owns_in_locality",
    "sold_three_years_ago",
    "lender_buyout",
    "disabled_child",
    "family_of_fallen",
    "emergency_decision",
    "communal_dwelling_in_use",
    "income_above",
    "not_citizen",
    "no_registration",
    "divorced_single_parent",
)
#: Of the households after the named ones, this share is ordinary; the rest are hard cases,
#: each about as often as the others (steady frequencies for statistics and load tests).
ORDINARY_SHARE = 0.55

AKTOGAY = SETTLEMENTS[0]  # село Актогай, the district's centre
BALKHASH = ELSEWHERE_SETTLEMENTS[0]

# Names as the registers write them, in Kazakh letters (ә ғ қ ң ө ұ ү һ і) and Russian ones.
KK_MALE = (
    "Ерлан", "Асқар", "Нұрлан", "Бауыржан", "Дәурен", "Ғабит", "Қайрат", "Серік", "Жанайдар",
    "Мұрат", "Ержан", "Талғат", "Әлібек", "Дархан", "Ақжол", "Бекзат", "Қуаныш", "Айдос",
    "Төлеген", "Ұлан", "Шыңғыс", "Әділ",
)  # fmt: skip
KK_FEMALE = (
    "Айгүл", "Гүлнар", "Әсем", "Жансая", "Динара", "Ақмарал", "Айжан", "Мөлдір", "Сәуле",
    "Гүлжан", "Назерке", "Ұлжан", "Аружан", "Балжан", "Меруерт", "Құралай", "Іңкәр", "Әйгерім",
)  # fmt: skip
KK_SURNAMES = (
    "Сапаров", "Байжанов", "Жұмабаев", "Оспанов", "Қасымов", "Төлеубаев", "Әбдірахманов",
    "Серікбаев", "Ахметов", "Исабеков", "Мұқанов", "Ғабитов", "Құсайынов", "Омаров",
    "Нұрпейісов", "Смағұлов", "Бекмұхамбетов", "Әлиев",
)  # fmt: skip
# A Russian first name with its patronymics (male, female): they are not one suffix.
RU_MALE = {
    "Иван": ("Иванович", "Ивановна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Николай": ("Николаевич", "Николаевна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Виктор": ("Викторович", "Викторовна"),
    "Пётр": ("Петрович", "Петровна"),
}
RU_MALE_NAMES = tuple(RU_MALE)
RU_FEMALE = (
    "Ольга", "Елена", "Татьяна", "Наталья", "Ирина", "Светлана", "Анна", "Мария", "Людмила",
    "Галина",
)  # fmt: skip
RU_SURNAMES = (
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов",
    "Новиков", "Фёдоров", "Ковалёв", "Лебедев",
)  # fmt: skip
STREETS = (
    "Ә. Бөкейхан көшесі", "Абай көшесі", "Тәуелсіздік көшесі", "Достық көшесі",
    "Жамбыл көшесі", "Қ. Сәтбаев көшесі", "Бейбітшілік көшесі", "Жеңіс көшесі",
)  # fmt: skip
FOREIGN_CITIZENSHIPS = ("RU", "UZ", "KG", "CN")
ACQUISITIONS_OWNED = ("purchase", "privatization", "inheritance", "gift", "construction")


T = TypeVar("T")


@dataclass(frozen=True)
class Household:
    """The people who would apply together: the applicant first, then the family."""

    applicant: str
    members: tuple[str, ...]
    kind: str  # "ordinary" or one of CASE_NAMES


@dataclass(slots=True, eq=False)  # people are told apart by identity, not by their fields
class PersonRecord:
    """What the registers know of one person, kept small; facts are built from it per answer."""

    iin: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date
    sex: Sex
    citizenship: str = "KZ"
    death_date: dt.date | None = None
    death_certificate: str = ""
    # (kato, settlement, address, since); None: no permanent registration
    registration: tuple[str, str, str, dt.date] | None = None
    marriages: tuple[Marriage, ...] = ()
    births: tuple[Birth, ...] = ()
    dwellings: tuple[Dwelling, ...] = ()
    disability: tuple[int, bool, dt.date, dt.date | None] | None = (
        None  # group, child, since, until
    )
    income: int = 0  # the monthly base of the contributions, tenge; 0: none paid
    irregular: bool = False  # some months without contributions
    steady: bool = False  # the same amount every month (the demo's people: what they declared)
    communal: tuple[CommunalDwelling, ...] = ()
    emergency: tuple[EmergencyDecision, ...] = ()


class PopulationError(ValueError):
    """A request the population cannot answer as asked (the parameters are wrong)."""


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@cache  # one string per surname, shared: 100,000 people keep few distinct names
def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname


def _month_index(period: str) -> int:
    try:
        year, month = period.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(period)
        value = int(year) * 12 + int(month) - 1
        if not 1 <= int(month) <= 12:
            raise ValueError(period)
    except ValueError:
        raise PopulationError(f"not a month (YYYY-MM): {period!r}") from None
    return value


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class Population:
    """The people, their households and the named hard cases; `answer` is what a register says."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        persons: dict[str, PersonRecord],
        households: list[Household],
        cases: dict[str, str],
    ) -> None:
        self.seed = seed
        self.today = today
        self._persons = persons
        self.households = households
        self.cases = cases

    def __len__(self) -> int:
        return len(self._persons)

    def __contains__(self, iin: object) -> bool:
        return iin in self._persons

    def iins(self) -> Iterator[str]:
        return iter(self._persons)

    def add_household(
        self, applicant: PersonRecord, members: Sequence[PersonRecord], *, kind: str
    ) -> Household:
        """People made elsewhere (the demo's applicants, `KEZEK_REGISTRIES_SIMULATOR_EXTRA`);
        an IIN already in the population is refused, so no one is answered for twice."""
        for person in (applicant, *members):
            if person.iin in self._persons:
                raise PopulationError(f"IIN {person.iin} is already in the population")
        for person in (applicant, *members):
            self._persons[person.iin] = person
        household = Household(
            applicant=applicant.iin, members=tuple(m.iin for m in members), kind=kind
        )
        self.households.append(household)
        return household

    def household_of(self, case: str) -> Household:
        """The named household of a hard case."""
        applicant = self.cases[case]
        return next(h for h in self.households if h.applicant == applicant)

    def answer(
        self, register: Register | str, iin: str, params: Mapping[str, str] | None = None
    ) -> Facts | None:
        """What `register` says of the person; None when it knows no such person. A
        PopulationError when the parameters are wrong (income: periodFrom, periodTo)."""
        person = self._persons.get(iin)
        if person is None:
            return None
        params = params or {}
        match Register(register):
            case Register.PERSONS:
                return PersonFacts(
                    iin=iin,
                    last_name=person.last_name,
                    first_name=person.first_name,
                    patronymic=person.patronymic,
                    birth_date=person.birth_date,
                    sex=person.sex.value,
                    citizenship=person.citizenship,
                    death_date=person.death_date,
                )
            case Register.ADDRESSES:
                if person.registration is None:
                    return RegistrationFacts(iin=iin, permanent=False)
                kato, settlement, address, since = person.registration
                return RegistrationFacts(
                    iin=iin,
                    permanent=True,
                    kato=kato,
                    settlement=settlement,
                    address=address,
                    since=since,
                )
            case Register.CIVIL_STATUS:
                return CivilStatusFacts(
                    iin=iin,
                    marriages=person.marriages,
                    births=person.births,
                    death_certificate=person.death_certificate,
                )
            case Register.REAL_ESTATE:
                return RealEstateFacts(iin=iin, dwellings=person.dwellings)
            case Register.DISABILITY:
                if person.disability is None:
                    return DisabilityFacts(iin=iin)
                group, child, since, until = person.disability
                return DisabilityFacts(iin=iin, group=group, child=child, since=since, until=until)
            case Register.INCOME:
                return self._income(person, params)
            case Register.DISTRICT:
                return DistrictFacts(
                    iin=iin,
                    communal_dwellings=person.communal,
                    emergency_decisions=person.emergency,
                )
        raise AssertionError(register)  # pragma: no cover (every register is matched)

    def _income(self, person: PersonRecord, params: Mapping[str, str]) -> IncomeFacts:
        this_month = self.today.year * 12 + self.today.month - 1
        if "periodFrom" in params or "periodTo" in params:
            first = _month_index(params.get("periodFrom", ""))
            last = _month_index(params.get("periodTo", ""))
        else:  # the 12 months before the month of the request (reg:6.2)
            first, last = this_month - 12, this_month - 1
        if first > last:
            raise PopulationError("periodFrom is after periodTo")
        if last - first + 1 > MAX_INCOME_MONTHS:
            raise PopulationError(f"more than {MAX_INCOME_MONTHS} months asked")
        months: list[MonthIncome] = []
        if person.income:
            adult = person.birth_date.year * 12 + person.birth_date.month - 1 + 18 * 12
            end = this_month - 1  # the current month's contributions are not in yet
            if person.death_date is not None:
                end = min(end, person.death_date.year * 12 + person.death_date.month - 1)
            for index in range(max(first, adult), min(last, end) + 1):
                period = _month_name(index)
                # A stable hash (not hash(): that one changes per process) varies the amounts.
                mix = zlib.crc32(f"{self.seed}:{person.iin}:{period}".encode())
                if person.irregular and mix % 6 == 0:
                    continue
                cents = (
                    person.income * 100
                    if person.steady
                    else person.income * 100 * (900 + mix % 201) // 1000
                )
                months.append(MonthIncome(period=period, amount=_money(cents)))
        return IncomeFacts(
            iin=person.iin,
            period_from=_month_name(first),
            period_to=_month_name(last),
            months=tuple(months),
        )


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class _Builder:
    """Draws the households one after the other from one seeded generator."""

    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (fictitious people, not secrets)
        self.today = today
        self.persons: dict[str, PersonRecord] = {}
        self.households: list[Household] = []
        self._serials: dict[tuple[dt.date, Sex], int] = {}
        self._numbers: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers

    def _number(self, kind: str) -> int:
        self._numbers[kind] = self._numbers.get(kind, 0) + 1
        return self._numbers[kind]

    # random()-based draws: randint and choice cost several times more, and 100,000 people
    # make millions of draws.
    def _int(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def _pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def _step(self, low: int, high: int, step: int) -> int:
        return low + step * self._int(0, (high - low) // step - 1)

    def _between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self._int(0, (last - first).days))

    def _iin(self, birth_date: dt.date, sex: Sex) -> str:
        # Serials count up per birth date and sex, so no two people ever share an IIN.
        key = (birth_date, sex)
        iin = make_iin(birth_date, sex, self._serials.get(key, 1))
        self._serials[key] = int(iin[7:11]) + 1
        assert iin not in self.persons
        return iin

    def _first_name(self, sex: Sex, culture: str) -> str:
        if culture == "ru":
            return self._pick(RU_MALE_NAMES if sex is Sex.MALE else RU_FEMALE)
        return self._pick(KK_MALE if sex is Sex.MALE else KK_FEMALE)

    def _surname(self, culture: str) -> str:
        return self._pick(RU_SURNAMES if culture == "ru" else KK_SURNAMES)

    @staticmethod
    @cache  # shared strings, as for the surnames
    def _patronymic(father: str, sex: Sex) -> str:
        if father in RU_MALE:
            return RU_MALE[father][0 if sex is Sex.MALE else 1]
        return father + ("ұлы" if sex is Sex.MALE else "қызы")

    def _person(
        self,
        *,
        birth_date: dt.date,
        sex: Sex,
        first_name: str,
        surname: str,
        father: str,
    ) -> PersonRecord:
        person = PersonRecord(
            iin=self._iin(birth_date, sex),
            last_name=surname if sex is Sex.MALE else _feminine(surname),
            first_name=first_name,
            patronymic=self._patronymic(father, sex),
            birth_date=birth_date,
            sex=sex,
        )
        self.persons[person.iin] = person
        return person

    def _certificate(self, kind: str, day: dt.date) -> str:
        return f"{kind}{day.year}{self._number(kind):07d}"

    def _marry(self, a: PersonRecord, b: PersonRecord, on: dt.date) -> str:
        certificate = self._certificate("AM", on)
        a.marriages += (Marriage(spouse_iin=b.iin, registered_on=on, certificate=certificate),)
        b.marriages += (Marriage(spouse_iin=a.iin, registered_on=on, certificate=certificate),)
        return certificate

    def _end_marriage(
        self, a: PersonRecord, b: PersonRecord, *, dissolved: dt.date | None = None
    ) -> None:
        """A divorce (both records dissolved), or a death: each record names the other's."""

        def ended(person: PersonRecord, spouse: PersonRecord) -> None:
            person.marriages = tuple(
                Marriage(
                    spouse_iin=m.spouse_iin,
                    registered_on=m.registered_on,
                    certificate=m.certificate,
                    dissolved_on=dissolved if dissolved is not None else m.dissolved_on,
                    spouse_died_on=spouse.death_date,
                )
                if m.spouse_iin == spouse.iin
                else m
                for m in person.marriages
            )

        ended(a, b)
        ended(b, a)

    def _die(self, person: PersonRecord, on: dt.date) -> None:
        person.death_date = on
        person.death_certificate = self._certificate("AD", on)
        person.registration = None  # the address register deregisters the dead
        for marriage in person.marriages:
            spouse = self.persons[marriage.spouse_iin]
            if marriage.dissolved_on is None:
                self._end_marriage(person, spouse)

    def _born(self, child: PersonRecord, *parents: PersonRecord) -> None:
        birth = Birth(
            child_iin=child.iin,
            child_birth_date=child.birth_date,
            certificate=self._certificate("AB", child.birth_date),
        )
        for parent in parents:
            parent.births += (birth,)

    def _settlement(self, where: str) -> tuple[str, str]:
        if where == "aktogay":
            kato, _kind, name_kk, _ru = AKTOGAY
        elif where == "district":
            # The district's centre holds most of its people.
            kato, _kind, name_kk, _ru = (
                AKTOGAY if self.rng.random() < 0.4 else self._pick(SETTLEMENTS)
            )
        else:
            kato, _kind, name_kk, _ru = self._pick(ELSEWHERE_SETTLEMENTS)
        return kato, name_kk

    def _address(self, settlement: str, *, flat: bool) -> str:
        house = self._int(1, 120)
        street = self._pick(STREETS)
        if flat:
            return f"{settlement}, {street}, {house}, {self._int(1, 80)}-пәтер"
        return f"{settlement}, {street}, {house}"

    def _cadastral(self, kato: str) -> str:
        return f"{kato[:2]}-{kato[2:5]}-{self._number('cad'):06d}"

    def _dwelling(
        self,
        *,
        kato: str,
        address: str,
        acquired_on: dt.date,
        acquired_by: str,
        share: str = "1",
        alienated_on: dt.date | None = None,
        alienated_by: str = "",
        cadastral: str = "",
    ) -> Dwelling:
        return Dwelling(
            cadastral_number=cadastral or self._cadastral(kato),
            kato=kato,
            address=address,
            acquired_on=acquired_on,
            acquired_by=acquired_by,
            share=share,
            alienated_on=alienated_on,
            alienated_by=alienated_by,
        )

    def _earns(self, person: PersonRecord, *, low: bool = False) -> None:
        age = (self.today - person.birth_date).days // 365
        if person.death_date is not None or not 18 <= age < 63:
            return
        if low:
            person.income = self._step(0, 90_000, 500) if self.rng.random() < 0.8 else 0
        elif self.rng.random() < 0.7:
            person.income = self._step(70_000, 350_000, 100)
            person.irregular = self.rng.random() < 0.2

    # ------------------------------------------------------------------ one household

    def household(self, kind: str, *, named: bool = False) -> Household:
        rng, today = self.rng, self.today
        married = rng.random() < 0.6
        divorced = widowed = False
        children = self._pick((0, 0, 1, 1, 2, 2, 3, 4))
        elderly = rng.random() < 0.1
        applicant_sex = self._pick((Sex.MALE, Sex.FEMALE))
        age = self._int(22, 58)
        if kind == "divorced_single_parent":
            married, divorced, children = False, True, max(children, 1)
            applicant_sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
        elif kind == "family_of_fallen":
            married, widowed, children = False, True, max(children, 1)
            applicant_sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
        elif kind == "disabled_child":
            married, children, age = True, max(children, 1), self._int(26, 42)
        elif kind == "clean":
            elderly = False
        spouse_in_household = married
        children = min(children, 5 - int(spouse_in_household) - int(elderly))
        if children and not (married or divorced or widowed):
            married = spouse_in_household = True  # children are born in a marriage here
            children = min(children, 5 - 1 - int(elderly))

        culture = "ru" if rng.random() < 0.3 else "kk"
        birth = _years_before(today, age) - dt.timedelta(days=self._int(0, 364))
        father_name = self._first_name(Sex.MALE, culture)
        father_surname = self._surname(culture)
        applicant = self._person(
            birth_date=birth,
            sex=applicant_sex,
            first_name=self._first_name(applicant_sex, culture),
            surname=father_surname,
            father=father_name,
        )
        members = [applicant]

        # An elderly mother in the household; the father, dead, is in the registers still.
        if elderly:
            mother = self._person(
                birth_date=_years_before(birth, self._int(20, 32)),
                sex=Sex.FEMALE,
                first_name=self._first_name(Sex.FEMALE, culture),
                surname=father_surname,
                father=self._first_name(Sex.MALE, culture),
            )
            father = self._person(
                birth_date=_years_before(birth, self._int(24, 36)),
                sex=Sex.MALE,
                first_name=father_name,
                surname=father_surname,
                father=self._first_name(Sex.MALE, culture),
            )
            # Married when both were adults, before the applicant was born.
            both_adult = max(mother.birth_date, father.birth_date)
            wedding = self._between(_years_before(both_adult, -18), birth - dt.timedelta(days=300))
            self._marry(mother, father, wedding)
            self._born(applicant, mother, father)
            self._die(father, self._between(_years_before(birth, -10), today - dt.timedelta(400)))
            members.append(mother)

        # The spouse: in the household, divorced (elsewhere) or dead (family_of_fallen).
        spouse: PersonRecord | None = None
        last_event = birth  # the applicant's latest record: a death comes after it
        if married or divorced or widowed:
            spouse_sex = Sex.FEMALE if applicant_sex is Sex.MALE else Sex.MALE
            gap = self._int(0, 6) * (1 if applicant_sex is Sex.MALE else -1)
            spouse_birth = min(
                birth + dt.timedelta(days=365 * gap + self._int(-180, 180)),
                _years_before(today, 21),  # an adult at the wedding, which is 2+ years ago
            )
            spouse_culture = culture if rng.random() < 0.85 else ("kk" if culture == "ru" else "ru")
            spouse_surname = self._surname(spouse_culture)
            spouse = self._person(
                birth_date=spouse_birth,
                sex=spouse_sex,
                first_name=self._first_name(spouse_sex, spouse_culture),
                surname=spouse_surname,
                father=self._first_name(Sex.MALE, spouse_culture),
            )
            husband, wife = (
                (applicant, spouse) if applicant_sex is Sex.MALE else (spouse, applicant)
            )
            if rng.random() < 0.75:  # most wives take the husband's surname
                wife.last_name = _feminine(husband.last_name)
            both_adult = max(_years_before(birth, -18), _years_before(spouse_birth, -18))
            latest = today - dt.timedelta(days=800 if children else 60)
            wedding = self._between(
                min(both_adult + dt.timedelta(days=self._int(0, 3 * 365)), latest),
                min(both_adult + dt.timedelta(days=10 * 365), latest),
            )
            self._marry(husband, wife, wedding)

            # Children: born in the marriage, before it ended, before the mother is 45.
            last_day = min(today - dt.timedelta(days=30), _years_before(wife.birth_date, -45))
            if divorced or widowed:
                last_day = min(last_day, today - dt.timedelta(days=400))
            first_day = wedding + dt.timedelta(days=280)
            if kind == "disabled_child":  # the disabled child is a minor
                first_day = max(first_day, _years_before(today, 16))
            days = sorted(self._between(first_day, last_day) for _ in range(children))
            kids: list[PersonRecord] = []
            for day in days:
                sex = self._pick((Sex.MALE, Sex.FEMALE))
                kid = self._person(
                    birth_date=day,
                    sex=sex,
                    first_name=self._first_name(sex, culture),
                    surname=husband.last_name,
                    father=husband.first_name,
                )
                self._born(kid, husband, wife)
                kids.append(kid)
            end_from = max(
                [wedding + dt.timedelta(days=365)] + [k.birth_date for k in kids]
            ) + dt.timedelta(days=30)
            last_event = end_from
            if divorced:
                self._end_marriage(
                    applicant, spouse, dissolved=self._between(end_from, today - dt.timedelta(30))
                )
            elif widowed:
                self._die(spouse, self._between(end_from, today - dt.timedelta(days=30)))
            if married:
                members.append(spouse)
            members.extend(kids)

        # Permanent registration: mostly in the district, the household at one address.
        where = "district"
        roll = rng.random()
        if kind == "clean":
            where = "aktogay"
        elif kind == "no_registration" or (kind == "ordinary" and roll < 0.05):
            where = "none"
        elif kind == "ordinary" and roll < 0.15:
            where = "elsewhere"
        kato, settlement = self._settlement("district" if where == "none" else where)
        address = self._address(settlement, flat=rng.random() < 0.5)
        settled = self._between(
            _years_before(birth, -18), max(_years_before(birth, -18), today - dt.timedelta(60))
        )
        if where != "none":
            for member in members:
                if member.death_date is None:
                    member.registration = (
                        kato,
                        settlement,
                        address,
                        max(settled, member.birth_date),
                    )
        if spouse is not None and spouse not in members and spouse.death_date is None:
            other_kato, other_settlement = self._settlement(self._pick(("district", "elsewhere")))
            spouse.registration = (
                other_kato,
                other_settlement,
                self._address(other_settlement, flat=True),
                self._between(_years_before(spouse.birth_date, -18), today - dt.timedelta(30)),
            )

        # The hard cases' own facts.
        share = "1/2" if married and spouse is not None else "1"
        owned_since = self._between(_years_before(today, 15), _years_before(today, 4))
        if kind == "deceased":
            died_from = max(_years_before(today, 3), last_event)
            self._die(applicant, self._between(died_from, today - dt.timedelta(days=10)))
        elif kind == "owns_flat_elsewhere":
            b_kato, _kind, b_name, _ru = BALKHASH
            applicant.dwellings += (
                self._dwelling(
                    kato=b_kato,
                    address=self._address(b_name, flat=True),
                    acquired_on=self._between(dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
                    acquired_by="purchase",
                ),
            )
        elif kind in ("owns_in_locality", "emergency_decision"):
            dwelling = self._dwelling(
                kato=kato,
                address=address,
                acquired_on=owned_since,
                acquired_by=self._pick(ACQUISITIONS_OWNED),
                share=share if kind == "owns_in_locality" else "1",
            )
            applicant.dwellings += (dwelling,)
            if kind == "owns_in_locality" and share == "1/2" and spouse is not None:
                spouse.dwellings += (dwelling,)  # one dwelling, two owners: both registers agree
            if kind == "emergency_decision":
                decided = self._between(_years_before(today, 3), today - dt.timedelta(30))
                applicant.emergency += (
                    EmergencyDecision(
                        number=f"{self._number('emergency'):03d}/{decided.year}",
                        decided_on=decided,
                        cadastral_number=dwelling.cadastral_number,
                        address=dwelling.address,
                    ),
                )
        elif kind == "sold_three_years_ago":
            applicant.dwellings += (
                self._dwelling(
                    kato=kato,
                    address=self._address(settlement, flat=True),
                    acquired_on=self._between(_years_before(today, 15), _years_before(today, 5)),
                    acquired_by="purchase",
                    alienated_on=_years_before(today, 3),
                    alienated_by="sale",
                ),
            )
        elif kind == "lender_buyout":
            applicant.dwellings += (
                self._dwelling(
                    kato=kato,
                    address=self._address(settlement, flat=True),
                    acquired_on=self._between(_years_before(today, 12), _years_before(today, 6)),
                    acquired_by="purchase",
                    alienated_on=self._between(_years_before(today, 4), _years_before(today, 1)),
                    alienated_by="lender_buyout",
                ),
            )
        elif kind == "disabled_child":
            kid = next(m for m in reversed(members) if m.birth_date > _years_before(today, 18))
            since = self._between(kid.birth_date, min(today, _years_before(kid.birth_date, -3)))
            kid.disability = (self._int(1, 3), True, since, _years_before(kid.birth_date, -18))
        elif kind == "communal_dwelling_in_use":
            applicant.communal += (CommunalDwelling(address=address, kato=kato, since=owned_since),)
        elif kind == "not_citizen":
            applicant.citizenship = "RU" if named else self._pick(FOREIGN_CITIZENSHIPS)

        # Disability and income for the rest; the clean case is low-income and not disabled.
        for member in members:
            if kind != "clean" and member.disability is None and rng.random() < 0.04:
                minor = member.birth_date > _years_before(today, 18)
                since = self._between(member.birth_date, today - dt.timedelta(30))
                until = (
                    _years_before(member.birth_date, -18)
                    if minor
                    else self._pick((None, _years_before(today, -1)))
                )
                member.disability = (self._int(1, 3), minor, since, until)
            self._earns(member, low=kind == "clean")
        if spouse is not None and spouse not in members:
            self._earns(spouse)
        if kind == "income_above":
            # Well above the test: twice 3.1 × SM for each member, earned by the applicant alone.
            need = INCOME_COEFFICIENT * SUBSISTENCE_MINIMUM * len(members) * 2
            applicant.income, applicant.irregular = int(need) // 1000 * 1000 + 1000, False
        elif kind == "clean":
            applicant.income = self._step(60_000, 90_000, 500)

        household = Household(
            applicant=applicant.iin, members=tuple(m.iin for m in members), kind=kind
        )
        self.households.append(household)
        return household


def population_generate(*, seed: int, households: int, today: dt.date) -> Population:
    """`households` households, the first of them one of each hard case (named in `cases`)."""
    if households < len(CASE_NAMES):
        raise ValueError(f"at least {len(CASE_NAMES)} households: one for each named case")
    builder = _Builder(seed=seed, today=today)
    cases: dict[str, str] = {}
    for name in CASE_NAMES:
        cases[name] = builder.household(name, named=True).applicant
    rng = builder.rng
    for _ in range(households - len(CASE_NAMES)):
        kind = "ordinary" if rng.random() < ORDINARY_SHARE else builder._pick(CASE_NAMES)
        builder.household(kind)
    return Population(
        seed=seed,
        today=today,
        persons=builder.persons,
        households=builder.households,
        cases=cases,
    )
