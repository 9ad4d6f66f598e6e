"""The rules engine: one decision case in, one motivated decision out.

Every rule below names the clause of docs/spec/regulation.md it implements
(`Rule(clause="reg:8.1", ...)`, and the clause ids carried by the rule
version's tables), so that a reader can go from the text to the code and
back; `kezek.rules.clauses` is the map from every clause to its code.

The engine is pure: no I/O, no clock, no Django. The subsistence minimum is
looked up through the `SubsistenceMinimumLookup` given by the caller, and
only when the income test applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Final

from kezek.rules.clause_ids import clause_key, sort_clauses
from kezek.rules.dates import add_months, add_years, age_on
from kezek.rules.model import Case, HistoryEvent, Housing, MovedPerson
from kezek.rules.motivation import explain
from kezek.rules.outcomes import (
    CITIZEN,
    DOCUMENTS,
    NEED,
    NO_COMMUNAL_IN_USE,
    OWNS_NONE_IN_KZ,
    OWNS_NONE_IN_LOCALITY,
    REFUSE,
    REGISTER,
    SEVERE_ILLNESS,
    SHARED_ROOMS,
    SUBSTANDARD,
    Decision,
    Ground,
    GroupOutcome,
    IncomeTest,
    NeedAssessment,
)
from kezek.rules.parse import check_against_version
from kezek.rules.subsistence import SubsistenceMinimumLookup
from kezek.rules.versions import DEFAULT_VERSIONS, select_version
from kezek.rules.versions.base import LANGUAGES, GroupSpec, RuleVersion

FUNDS_OWNING_NONE_IN_KZ: Final = ("communal", "state_enterprise", "private_rented")


# --------------------------------------------------------------------------- rules


def check_requirements(case: Case) -> tuple[str, ...]:
    """reg:6: the service is for citizens of Kazakhstan permanently residing in the locality."""
    facts: list[str] = []
    if not case.applicant.citizen_of_kz:
        facts.append("not_citizen")  # CITIZEN
    if not case.applicant.permanent_resident_in_locality:
        facts.append("not_resident")  # RESIDENT
    return tuple(facts)


def run_income_test(
    case: Case, version: RuleVersion, subsistence_minimum: SubsistenceMinimumLookup
) -> IncomeTest:
    """reg:6.2 (reading of decision-case.md): applies when a claimed group takes the test.

    The groups of reg:7.2-7.12 take it except orphans (reg:7.7) and families with
    disabled children (reg:7.4); never wwii_veteran (reg:6.1), reg:6.3, reg:6.4.
    threshold = coefficient x SM in force on application_date, exactly;
    passed = income / 12 / family_size < threshold, strictly, compared exactly
    (as income < threshold x 12 x family_size). NoSubsistenceMinimum propagates.
    """
    if not any(version.groups[g].income_test for g in case.claimed_groups):
        return IncomeTest(applies=False)
    income = case.income_12_months
    assert income is not None  # check_against_version refuses a missing income (CaseError)
    row = subsistence_minimum.value_on(case.application_date)
    threshold = version.coefficient * Decimal(row.amount)
    passed = income < threshold * 12 * case.family_size
    return IncomeTest(
        applies=True,
        family_size=case.family_size,
        income_12_months=income,
        subsistence_minimum=row,
        coefficient=version.coefficient,
        passed=passed,
    )


def age_limit_until(case: Case, group: GroupSpec) -> dt.date | None:
    """reg:7.7: the day the age limit is reached (the applicant is under it before that day).

    Under 29 on application_date; the limit is extended by the months of
    compulsory military service (`military_service_months`).
    """
    if group.age_limit_years is None:
        return None
    until = add_years(case.applicant.birth_date, group.age_limit_years)
    if group.age_limit_extended_by_military_service:
        until = add_months(until, case.military_service_months)
    return until


def raises_disabled_child(case: Case, version: RuleVersion) -> bool:
    """reg:7.4: «мүгедек балалары бар немесе оларды тәрбиелеушi отбасылар».

    A disabled child of the family (`child`, `disabled`), or a disabled minor the family
    raises (`other`, recognized as a family member, under the age of majority on the
    application date). The claim of the group alone is not enough.
    """
    for member in case.family:
        if not member.disabled:
            continue
        if member.relation == "child":
            return True
        if (
            member.relation == "other"
            and member.birth_date is not None
            and age_on(member.birth_date, case.application_date) < version.majority_age_years
        ):
            return True
    return False


def check_group(case: Case, version: RuleVersion, code: str, income: IncomeTest) -> GroupOutcome:
    """The conditions of one claimed group; any one qualifying group suffices (reg:6)."""
    group = version.groups[code]
    grounds: list[Ground] = []
    if group.income_test and income.applies and not income.passed:
        grounds.append(Ground(clause=group.requirement_clause, kind="income"))  # INCOME_TEST
    facts: list[str] = []
    if (
        group.requires_only_dwelling_declared_emergency
        and not case.housing.only_dwelling_declared_emergency
    ):
        facts.append("not_declared_emergency")  # EMERGENCY_DECLARED, reg:6.4
    if group.requires_disabled_child and not raises_disabled_child(case, version):
        facts.append("no_disabled_child")  # DISABLED_CHILD, reg:7.4
    until = age_limit_until(case, group)
    if until is not None and not case.application_date < until:
        facts.append("age_limit")  # AGE_LIMIT
    if (
        group.requires_parents_lost_before_majority
        and not case.applicant.lost_parents_before_majority
    ):
        facts.append("parents_not_lost")  # PARENTS_LOST
    if facts:
        grounds.append(
            Ground(
                clause=group.group_clause or group.requirement_clause,
                kind="group_conditions",
                facts=tuple(facts),
                group=code,
                age_limit_years=group.age_limit_years,
                service_months=case.military_service_months
                if group.age_limit_extended_by_military_service
                else 0,
                limit_until=until,
            )
        )
    return GroupOutcome(group=code, grounds=tuple(grounds))


def assess_need(case: Case) -> NeedAssessment:
    """reg:8 for a case (see `assess_housing_need`)."""
    return assess_housing_need(housing=case.housing, fund=case.fund)


def assess_housing_need(*, housing: Housing, fund: str) -> NeedAssessment:
    """reg:8, in the reading adopted by decision-case.md:

    > Need (`reg:8`): `8.3` together with `8.1` (communal, state enterprise,
    > private rented) or `8.2` (state institution); or any of `8.4`, `8.5`,
    > `8.6`. An applicant under `emergency_dwelling` is in need through `8.4`
    > (their only dwelling is in emergency condition).

    So: need = (8.3 and (8.1 for the communal, state enterprise and private
    rented funds, or 8.2 for the state institution fund)) or 8.4 or 8.5 or 8.6.
    8.1 is "owns no dwelling anywhere in Kazakhstan", 8.2 "owns none in this
    locality", 8.3 "no communal dwelling in permanent use in this locality";
    ownership counts the applicant and the family living with them (the
    `housing` facts are stated for the whole family). The fact
    `only_dwelling_declared_emergency` (the LEB's decision, reg:6.4) makes 8.4
    hold; claiming `emergency_dwelling` without it does not (the Kazakh text of
    reg:6.4 rests the group on the declaration). The clauses listed as
    the basis are those that hold and establish need: the ownership pair only
    when both hold, and each of 8.4-8.6 that holds.
    """
    if fund in FUNDS_OWNING_NONE_IN_KZ:
        ownership = OWNS_NONE_IN_KZ
        owns_none = not housing.owns_dwelling_in_kz
        owns_fact = "owns_in_kz"
    else:  # state_institution
        ownership = OWNS_NONE_IN_LOCALITY
        owns_none = not housing.owns_dwelling_in_locality
        owns_fact = "owns_in_locality"
    no_communal = not housing.communal_dwelling_in_use_in_locality  # NO_COMMUNAL_IN_USE
    by_ownership = owns_none and no_communal
    emergency = housing.only_dwelling_declared_emergency
    clauses: list[str] = [ownership.clause, NO_COMMUNAL_IN_USE.clause] if by_ownership else []
    if housing.dwelling_substandard or emergency:
        clauses.append(SUBSTANDARD.clause)
    if housing.shared_non_isolated_rooms:
        clauses.append(SHARED_ROOMS.clause)
    if housing.severe_illness_cohabitation_impossible:
        clauses.append(SEVERE_ILLNESS.clause)
    facts_against: list[str] = []
    if not owns_none:
        facts_against.append(owns_fact)
    if not no_communal:
        facts_against.append("communal_in_use")
    return NeedAssessment(
        in_need=bool(clauses),
        by_ownership=by_ownership,
        ownership_clause=ownership.clause,
        clauses=tuple(sort_clauses(clauses)),
        emergency=emergency,
        substandard=housing.dwelling_substandard,
        facts_against=tuple(facts_against),
    )


def moved_person_allowed(person: MovedPerson, event_date: dt.date, majority_age: int) -> bool:
    """reg:12.5: may this person be moved in without it being a ground for refusal?

    The Kazakh original, which prevails, reads «жұбайынан, кәмелетке толмаған
    және еңбекке жарамсыз балаларынан, сондай-ақ еңбекке жарамсыз
    ата-аналарынан басқа адамдарды тұрғызғаны»: persons other than the
    spouse, minor children, children *unable to work* and parents *unable to
    work* (нетрудоспособные). The English rendering and decision-case.md say
    "disabled"; we accept both: a person stated as disabled or as unable to
    work is allowed. Everyone else (`other`, an adult child able to work, a
    parent able to work) establishes the ground.

    Readings for incomplete statements (reg:12 requires the worsening to be
    *established*, so doubt goes to the applicant): the plain strings `child`
    and `parent` are allowed persons; a child object without a birth date is
    allowed; a child object whose birth date makes them of age (18) on the
    event date and who is neither disabled nor unable to work is a ground; a
    parent object that is neither disabled nor unable to work is a ground.
    """
    if person.relation == "spouse":
        return True
    if person.relation == "other":
        return False
    if person.disabled or person.unable_to_work:
        return True
    if person.relation == "child":
        if person.minor:
            return True
        if person.birth_date is None:
            return True
        return age_on(person.birth_date, event_date) < majority_age
    # parent: allowed only when disabled / unable to work, or not detailed (plain string)
    return not person.detailed


def event_is_ground(event: HistoryEvent, version: RuleVersion) -> bool:
    """Whether an event inside the window establishes its clause of reg:12."""
    spec = version.events[event.event]
    if spec.exception_field == "lender_buyout" and event.lender_buyout:
        return False  # ALIENATION_EXCEPTION, reg:12.2
    if spec.persons_rule and event.persons is not None:
        # ALLOWED_PERSONS, reg:12.5: absent `persons` means others were moved in.
        return not all(
            moved_person_allowed(p, event.date, version.majority_age_years) for p in event.persons
        )
    return True


def worsening_window_start(case: Case, version: RuleVersion) -> dt.date:
    """reg:12: "within the last five years": on or after the same calendar date 5 years before."""
    return add_years(case.application_date, -version.worsening_window_years)


def check_history(case: Case, version: RuleVersion) -> tuple[Ground, ...]:
    """reg:12.1-12.5: one ground per clause, with the dates of the events that establish it."""
    start = worsening_window_start(case, version)
    dates: dict[str, list[dt.date]] = {}
    for event in case.history:
        if start <= event.date <= case.application_date and event_is_ground(event, version):
            dates.setdefault(event.event, []).append(event.date)
    grounds = [
        Ground(
            clause=version.events[code].clause,
            kind="worsening",
            event=code,
            dates=tuple(sorted(days)),
        )
        for code, days in dates.items()
    ]
    return tuple(sorted(grounds, key=lambda g: clause_key(g.clause)))


def required_documents(
    case: Case,
    version: RuleVersion,
    groups: Sequence[str],
    income: IncomeTest,
    need: NeedAssessment,
) -> tuple[str, ...]:
    """reg:15.1: the documents this case needs, in the order of reg:15.1.

    Always a, b, d, e, f; c (civil status certificates) when the family is
    non-empty (reading: with no family there is no marriage, death or birth to
    certify), and, whatever the family, when a group rests on them (a group
    document of reg:7.11 and reg:7.12); g when a member is `other`; the group
    documents (c, h, j, k) of `groups` (the groups that otherwise qualify, or
    every claimed group when none does; a cosmonaut's j is the Government's
    document of the status, not the employer's certificate); i when the
    income test applies; for need resting only on
    reg:8.4-8.6: k when the emergency of the only dwelling establishes it,
    else l. When 8.3 with 8.1/8.2 already establishes need, no certificate
    of condition is required.
    """
    return documents_required(
        version,
        has_family=bool(case.family),
        other_member=any(member.relation == "other" for member in case.family),
        groups=groups,
        income_test=income.applies,
        need=need,
    )


def documents_required(
    version: RuleVersion,
    *,
    has_family: bool,
    other_member: bool,
    groups: Sequence[str],
    income_test: bool,
    need: NeedAssessment,
) -> tuple[str, ...]:
    """reg:15.1 from what decides it (see `required_documents`); the window's checklist and the
    decision both come from here."""
    rules = version.document_rules
    required = set(rules.always)
    if has_family:
        required.add(rules.family_certificates)
    if other_member:
        required.add(rules.court_decision_family)
    for code in groups:
        required.update(version.groups[code].documents)
    if income_test:
        required.add(rules.income_statement)
    if need.in_need and not need.by_ownership:
        required.add(rules.emergency_certificate if need.emergency else rules.condition_certificate)
    return tuple(code for code in version.documents if code in required)


def documents_for_claim(
    version: RuleVersion,
    *,
    fund: str,
    claimed_groups: Sequence[str],
    housing: Housing,
    has_family: bool,
    other_member: bool,
) -> tuple[str, ...]:
    """reg:15.1 at the PSC window and the AB desk, before the facts are checked: the documents
    of the claimed groups (each of them, and the income statement when one takes the income
    test) and of the housing need as declared, by the same rules as the decision."""
    groups = [code for code in claimed_groups if code in version.groups]
    need = assess_housing_need(housing=housing, fund=fund)
    return documents_required(
        version,
        has_family=has_family,
        other_member=other_member,
        groups=groups,
        income_test=any(version.groups[code].income_test for code in groups),
        need=need,
    )


# --------------------------------------------------------------------------- decision


def decide(
    case: Case,
    *,
    subsistence_minimum: SubsistenceMinimumLookup,
    versions: Sequence[RuleVersion] = DEFAULT_VERSIONS,
) -> Decision:
    """Decide `case` under the rule version in force on its application date.

    Raises NoRuleVersion, NoSubsistenceMinimum (only when the income test
    applies), or CaseError (codes unknown to the version in force).
    """
    version = select_version(versions, case.application_date)
    check_against_version(case, version)

    requirement_facts = check_requirements(case)
    income = run_income_test(case, version, subsistence_minimum)
    outcomes = [check_group(case, version, code, income) for code in case.claimed_groups]
    qualifying = [o.group for o in outcomes if o.qualifies]
    not_qualified = tuple(o for o in outcomes if not o.qualifies)
    need = assess_need(case)
    worsening = check_history(case, version)

    documents_checked = case.documents is not None
    missing: tuple[str, ...] = ()
    if case.documents is not None:
        groups_for_documents = qualifying or list(case.claimed_groups)
        required = required_documents(case, version, groups_for_documents, income, need)
        missing = tuple(code for code in required if code not in case.documents)

    grounds: list[Ground] = []
    if not qualifying:
        # SOME_GROUP: no claimed group qualifies. Every group that does not qualify
        # has its own, more specific ground (reg:6.2, reg:6.4, reg:7.4, reg:7.7), reported
        # instead of reg:6.
        grounds.extend(g for o in outcomes for g in o.grounds)
    if requirement_facts:
        grounds.append(Ground(clause=CITIZEN.clause, kind="requirements", facts=requirement_facts))
    if not need.in_need:
        grounds.append(Ground(clause=NEED.clause, kind="not_in_need", facts=need.facts_against))
    grounds.extend(worsening)
    if missing:
        grounds.append(Ground(clause=DOCUMENTS.clause, kind="documents", documents=missing))
    unique: list[Ground] = []
    for ground in sorted(grounds, key=lambda g: clause_key(g.clause)):
        if ground not in unique:
            unique.append(ground)

    register = not unique
    lists: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    if register:
        chosen = {version.groups[g].list_code for g in qualifying}
        lists = tuple(spec.code for spec in version.lists if spec.code in chosen)
        basis_clauses: list[str] = []
        for code in qualifying:
            spec = version.groups[code]
            basis_clauses.append(spec.requirement_clause)
            if spec.group_clause:
                basis_clauses.append(spec.group_clause)
        basis_clauses.extend(need.clauses)
        basis = tuple(sort_clauses(basis_clauses))

    decision = Decision(
        decision=REGISTER if register else REFUSE,
        rules_version=version.id,
        lists=lists,
        basis=basis,
        grounds=tuple(unique),
        income_test=income,
        missing_documents=missing,
        documents_checked=documents_checked,
        not_qualified=not_qualified,
        need=need,
    )
    reasons = {lang: explain(decision, case, version, lang, qualifying) for lang in LANGUAGES}
    return replace(decision, reasons=reasons)
