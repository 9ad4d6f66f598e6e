"""The clause map: every clause from reg:6 to reg:16 (and Annex 3) and where it is implemented.

`implemented_by` lists the dotted names of the engine code that implements the
clause (a test resolves every one of them). A `procedural` clause is carried out
by the service around the engine (workflow, calendar, paperwork, portal): the
map lists the modules that cite it, and a test fails when none does. `planned`
says honestly why a clause needs no code. `decided` marks the
clauses the engine decides: they appear in `grounds` or `basis`, and each one
must have at least one test row naming it (tests/rules/test_rules_clausemap.py).
`python -m kezek.rules.clausemap > docs/clauses.md` prints the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ENGINE: Final = "kezek.rules.engine"
OUTCOMES: Final = "kezek.rules.outcomes"
MOTIVATION: Final = "kezek.rules.motivation"
PARSE: Final = "kezek.rules.parse"
VERSION: Final = "kezek.rules.versions.aktogay_2013"


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    implemented_by: tuple[str, ...] = ()
    planned: str | None = None
    decided: bool = False  # a ground or a basis clause of the engine
    # Carried out by the service around the engine (workflow, calendar, paperwork, portal): the
    # map lists the modules whose source cites the clause, found by reading them.
    procedural: bool = False
    note: str = ""


def _group(clause: str, title: str, code: str, *extra: str) -> Clause:
    return Clause(
        clause, title, (f"{VERSION}.GROUPS", *extra), decided=True, note=f"group `{code}`"
    )


def _event(clause: str, title: str, code: str, *extra: str) -> Clause:
    return Clause(
        clause,
        title,
        (f"{VERSION}.EVENTS", f"{ENGINE}.event_is_ground", f"{ENGINE}.check_history", *extra),
        decided=True,
        note=f"event `{code}`",
    )


def _document(clause: str, title: str, code: str, *extra: str, codes: str = "") -> Clause:
    return Clause(
        clause,
        title,
        (
            f"{VERSION}.DOCUMENTS",
            f"{VERSION}.DOCUMENT_RULES",
            f"{ENGINE}.required_documents",
            *extra,
        ),
        note=codes or f"document `{code}`",
    )


CLAUSES: Final[tuple[Clause, ...]] = (
    Clause(
        "reg:6",
        "Service recipients: citizens, permanent residents of the locality, in a listed category",
        (
            f"{ENGINE}.check_requirements",
            f"{OUTCOMES}.CITIZEN",
            f"{OUTCOMES}.RESIDENT",
            f"{OUTCOMES}.SOME_GROUP",
        ),
        decided=True,
    ),
    Clause(
        "reg:6.1",
        "WWII disabled veterans and participants",
        (f"{VERSION}.GROUPS", f"{ENGINE}.check_group"),
        decided=True,
        note="group `wwii_veteran`; no income test",
    ),
    Clause(
        "reg:6.2",
        "Socially vulnerable groups 7.2-7.12 with income below 3.1 x SM (orphans, disabled children exempt)",
        (
            f"{ENGINE}.run_income_test",
            f"{OUTCOMES}.INCOME_TEST",
            f"{ENGINE}.check_group",
            f"{VERSION}.COEFFICIENT",
        ),
        decided=True,
    ),
    Clause(
        "reg:6.3",
        "Civil servants, budget employees, military, cosmonauts, elected officials",
        (f"{VERSION}.GROUPS",),
        decided=True,
        note="groups `civil_servant`, `budget_employee`, `military`, `cosmonaut`, `elected_official`",
    ),
    Clause(
        "reg:6.4",
        "Citizens whose only dwelling was declared in emergency condition",
        (
            f"{VERSION}.GROUPS",
            f"{ENGINE}.check_group",
            f"{OUTCOMES}.EMERGENCY_DECLARED",
            f"{ENGINE}.assess_need",
        ),
        decided=True,
        note="group `emergency_dwelling`: rests on `only_dwelling_declared_emergency`, "
        "which makes need through reg:8.4",
    ),
    Clause("reg:7", "Socially vulnerable groups", (f"{VERSION}.GROUPS",)),
    _group("reg:7.1", "WWII disabled veterans and participants", "wwii_veteran"),
    _group("reg:7.2", "Persons equated to them", "equated_to_wwii"),
    _group("reg:7.3", "Disabled persons of groups 1 and 2", "disability_group_1_2"),
    _group(
        "reg:7.4",
        "Families having or raising disabled children",
        "family_with_disabled_child",
        f"{ENGINE}.raises_disabled_child",
        f"{ENGINE}.check_group",
        f"{OUTCOMES}.DISABLED_CHILD",
    ),
    _group("reg:7.5", "Severe chronic diseases (decree 1309)", "severe_chronic_disease"),
    _group("reg:7.6", "Pensioners by age", "age_pensioner"),
    _group(
        "reg:7.7",
        "Orphans under 29 who lost their parents before majority (limit extended by military service)",
        "orphan",
        f"{ENGINE}.age_limit_until",
        f"{ENGINE}.check_group",
        f"{OUTCOMES}.AGE_LIMIT",
        f"{OUTCOMES}.PARENTS_LOST",
    ),
    _group("reg:7.8", "Oralmans", "oralman"),
    _group(
        "reg:7.9", "Persons who lost their dwelling to disasters or emergencies", "disaster_victim"
    ),
    _group("reg:7.10", "Large families", "large_family"),
    _group("reg:7.11", "Families of persons who died on duty", "family_of_fallen"),
    _group("reg:7.12", "Single-parent families", "single_parent_family"),
    Clause(
        "reg:8", "In need of housing", (f"{ENGINE}.assess_need", f"{OUTCOMES}.NEED"), decided=True
    ),
    Clause(
        "reg:8.1",
        "Owns no dwelling in Kazakhstan (communal / state enterprise fund)",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.OWNS_NONE_IN_KZ"),
        decided=True,
    ),
    Clause(
        "reg:8.2",
        "Owns no dwelling in the locality (state institution fund)",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.OWNS_NONE_IN_LOCALITY"),
        decided=True,
    ),
    Clause(
        "reg:8.3",
        "No communal dwelling in permanent use in the locality",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.NO_COMMUNAL_IN_USE"),
        decided=True,
    ),
    Clause(
        "reg:8.4",
        "Dwelling fails sanitary and technical requirements",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.SUBSTANDARD"),
        decided=True,
    ),
    Clause(
        "reg:8.5",
        "Two or more families in adjoining non-isolated rooms",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.SHARED_ROOMS"),
        decided=True,
    ),
    Clause(
        "reg:8.6",
        "Severely ill family member, living together impossible",
        (f"{ENGINE}.assess_need", f"{OUTCOMES}.SEVERE_ILLNESS"),
        decided=True,
    ),
    Clause("reg:9", "Service terms", procedural=True),
    Clause("reg:9.1", "30 calendar days (PSC: day of acceptance not counted)", procedural=True),
    Clause("reg:9.2", "Longest wait in the desk queue: 20 min PSC, 15 min AB", procedural=True),
    Clause(
        "reg:10",
        "Free of charge",
        planned="nothing to compute: no fee exists anywhere in the product",
    ),
    Clause("reg:11", "Working hours", procedural=True),
    Clause("reg:11.1", "AB hours; WWII veterans served out of turn", procedural=True),
    Clause("reg:11.2", "PSC hours; electronic desk queue", procedural=True),
    Clause("reg:11.3", "Portal: around the clock", procedural=True),
    Clause(
        "reg:12",
        "Grounds for refusal: deliberate worsening within the last five years",
        (f"{ENGINE}.check_history", f"{ENGINE}.worsening_window_start", f"{OUTCOMES}.WORSENING"),
    ),
    _event("reg:12.1", "Exchanged the dwelling", "exchanged_dwelling"),
    _event(
        "reg:12.2",
        "Alienated a dwelling fit for living (except the LEB's buyout from a pledger)",
        "alienated_dwelling",
        f"{OUTCOMES}.ALIENATION_EXCEPTION",
    ),
    _event("reg:12.3", "Destroyed or damaged the dwelling by own fault", "destroyed_dwelling"),
    _event("reg:12.4", "Left a dwelling while not in need", "left_dwelling_not_in_need"),
    _event(
        "reg:12.5",
        "Moved in persons other than spouse, minor children, children and parents unable to work",
        "moved_in_others",
        f"{ENGINE}.moved_person_allowed",
        f"{OUTCOMES}.ALLOWED_PERSONS",
    ),
    Clause(
        "reg:12.6",
        "Refusal when the requirements (reg:6, reg:8, reg:15) are not met",
        (f"{ENGINE}.decide",),
        note="reported under the specific ids reg:6, reg:6.2, reg:6.4, reg:7.4, reg:7.7, reg:8, "
        "reg:15",
    ),
    Clause("reg:13", "Stages from application to result", procedural=True),
    Clause("reg:13.1", "Applicant applies to the AB or the PSC", procedural=True),
    Clause("reg:13.2", "PSC inspector registers, hands to the back office", procedural=True),
    Clause("reg:13.3", "Back office makes the dispatch registry, sends to the AB", procedural=True),
    Clause("reg:13.4", "AB executor checks, drafts the result, sends it", procedural=True),
    Clause("reg:13.5", "PSC inspector hands the result to the applicant", procedural=True),
    Clause("reg:14", "At least one employee accepts documents", procedural=True),
    Clause(
        "reg:15",
        "Documents",
        (f"{ENGINE}.required_documents", f"{OUTCOMES}.DOCUMENTS", f"{VERSION}.DOCUMENT_RULES"),
        decided=True,
    ),
    Clause(
        "reg:15.1",
        "Documents at the AB or the PSC",
        (f"{ENGINE}.required_documents", f"{VERSION}.DOCUMENTS", f"{VERSION}.DOCUMENT_RULES"),
    ),
    _document("reg:15.1.a", "Application form (Annex 2)", "application_form"),
    _document("reg:15.1.b", "ID documents of applicant and family", "id_documents"),
    _document(
        "reg:15.1.c",
        "Civil status certificates (when there is a family, or the group rests on them)",
        "civil_status_certificates",
    ),
    _document("reg:15.1.d", "Justice body certificate on owned dwellings", "property_certificate"),
    _document(
        "reg:15.1.e", "LEB certificate on communal dwellings", "communal_housing_certificate"
    ),
    _document("reg:15.1.f", "House book or address bureau certificate", "residence_proof"),
    _document(
        "reg:15.1.g",
        "Court decision recognizing other persons as family",
        "court_decision_family",
        f"{PARSE}.parse_case",
    ),
    _document("reg:15.1.h", "Proof of the socially vulnerable group", "group_proof"),
    _document(
        "reg:15.1.i", "Income of each member over 12 months (income test)", "income_statement"
    ),
    _document(
        "reg:15.1.j",
        "Certificate from the place of work (reg:6.3); cosmonauts: the Government's status document",
        "employment_certificate",
        codes="documents `employment_certificate`, `cosmonaut_status_document`",
    ),
    _document(
        "reg:15.1.k",
        "LEB certificate: only dwelling in emergency condition",
        "emergency_certificate",
    ),
    _document("reg:15.1.l", "Competent body certificate for reg:8.4-8.6", "condition_certificate"),
    Clause(
        "reg:15.1.m",
        "Data in state information systems fetched by staff, not asked of the applicant",
        procedural=True,
    ),
    Clause("reg:15.2", "Documents on the portal", procedural=True),
    Clause("reg:15.2.a", "Request signed with the applicant's EDS", procedural=True),
    Clause("reg:15.2.b", "Documents of reg:15.1 attached as scans", procedural=True),
    Clause(
        "reg:15.2.c", "State-resource data fetched by the AB through the portal", procedural=True
    ),
    Clause("reg:16", "What the applicant receives on handing in the documents", procedural=True),
    Clause("reg:16.1", "Receipt (қолхат) at the AB or the PSC", procedural=True),
    Clause("reg:16.2", "Notification-report in the portal's personal cabinet", procedural=True),
    Clause(
        "annex:3", "Actions, roles and time limits (main and alternative flow)", procedural=True
    ),
)

BY_ID: Final = {clause.id: clause for clause in CLAUSES}
DECIDED: Final = tuple(clause.id for clause in CLAUSES if clause.decided)
