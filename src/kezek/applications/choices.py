"""Codes shared with the rules engine, with their labels for people (kk/ru via gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    AB_DESK = "ab_desk", _("Authorized body desk")  # reg:11.1, reg:17
    PSC = "psc", _("Public service center")  # reg:11.2, Annex 3
    PORTAL = "portal", _("E-government portal")  # reg:11.3, reg:15.2


class Fund(models.TextChoices):
    COMMUNAL = "communal", _("Communal housing fund")
    STATE_ENTERPRISE = "state_enterprise", _("Housing fund of state enterprises")
    STATE_INSTITUTION = "state_institution", _("Housing fund of state institutions")
    PRIVATE_RENTED = "private_rented", _("Dwelling rented by the local executive body")


class ClaimedGroup(models.TextChoices):
    WWII_VETERAN = "wwii_veteran", _("WWII disabled veterans and participants")  # reg:6.1, reg:7.1
    EQUATED_TO_WWII = "equated_to_wwii", _("Persons equated to WWII veterans")  # reg:7.2
    DISABILITY_GROUP_1_2 = (
        "disability_group_1_2",
        _("Disabled persons of groups 1 and 2"),
    )  # reg:7.3
    FAMILY_WITH_DISABLED_CHILD = (
        "family_with_disabled_child",
        _("Families with disabled children"),
    )  # reg:7.4
    SEVERE_CHRONIC_DISEASE = (
        "severe_chronic_disease",
        _("Persons with severe chronic diseases"),
    )  # reg:7.5
    AGE_PENSIONER = "age_pensioner", _("Pensioners by age")  # reg:7.6
    ORPHAN = "orphan", _("Orphans and children left without parental care")  # reg:7.7
    ORALMAN = "oralman", _("Kandas (oralmans)")  # reg:7.8
    DISASTER_VICTIM = (
        "disaster_victim",
        _("Persons who lost their dwelling in a disaster"),
    )  # reg:7.9
    LARGE_FAMILY = "large_family", _("Large families")  # reg:7.10
    FAMILY_OF_FALLEN = "family_of_fallen", _("Families of persons who died on duty")  # reg:7.11
    SINGLE_PARENT_FAMILY = "single_parent_family", _("Single-parent families")  # reg:7.12
    CIVIL_SERVANT = "civil_servant", _("Civil servants")  # reg:6.3
    BUDGET_EMPLOYEE = "budget_employee", _("Employees of budget organizations")  # reg:6.3
    MILITARY = "military", _("Military servicemen")  # reg:6.3
    COSMONAUT = "cosmonaut", _("Cosmonauts and cosmonaut candidates")  # reg:6.3
    ELECTED_OFFICIAL = "elected_official", _("Persons holding elected state office")  # reg:6.3
    EMERGENCY_DWELLING = (
        "emergency_dwelling",
        _("Only dwelling declared in emergency condition"),
    )  # reg:6.4


class DocumentType(models.TextChoices):
    APPLICATION_FORM = "application_form", _("Application form (Annex 2)")  # reg:15.1.a
    ID_DOCUMENTS = "id_documents", _("Identity documents of the applicant and family")  # reg:15.1.b
    CIVIL_STATUS_CERTIFICATES = (
        "civil_status_certificates",
        _("Marriage, divorce, death and birth certificates"),
    )  # reg:15.1.c
    PROPERTY_CERTIFICATE = "property_certificate", _("Certificate on owned dwellings")  # reg:15.1.d
    COMMUNAL_HOUSING_CERTIFICATE = (
        "communal_housing_certificate",
        _("Certificate on communal dwellings"),
    )  # reg:15.1.e
    RESIDENCE_PROOF = "residence_proof", _("Proof of residence in the locality")  # reg:15.1.f
    COURT_DECISION_FAMILY = (
        "court_decision_family",
        _("Court decision recognizing family members"),
    )  # reg:15.1.g
    GROUP_PROOF = (
        "group_proof",
        _("Document confirming the socially vulnerable group"),
    )  # reg:15.1.h
    INCOME_STATEMENT = "income_statement", _("Family income for the last 12 months")  # reg:15.1.i
    EMPLOYMENT_CERTIFICATE = (
        "employment_certificate",
        _("Certificate from the place of work or service"),
    )  # reg:15.1.j
    # reg:15.1.j: cosmonaut candidates and cosmonauts bring this instead of the employer's one.
    COSMONAUT_STATUS_DOCUMENT = (
        "cosmonaut_status_document",
        _("Document confirming the cosmonaut status granted by the Government"),
    )  # reg:15.1.j
    EMERGENCY_CERTIFICATE = (
        "emergency_certificate",
        _("Certificate of the emergency condition of the dwelling"),
    )  # reg:15.1.k
    CONDITION_CERTIFICATE = (
        "condition_certificate",
        _("Certificate of the competent body on living conditions"),
    )  # reg:15.1.l


class DocumentSource(models.TextChoices):
    HANDED_IN = "handed_in", _("Handed in on paper")
    SCANNED = "scanned", _("Scanned attachment")
    FETCHED = "fetched", _("Fetched from a state information system")  # reg:15.1.m


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other (recognized by a court)")  # reg:15.1.g


class ApplicationStatus(models.TextChoices):
    """Where a file is; the workflow's transition table moves it between these."""

    ACCEPTED = "accepted", _("Accepted")
    COLLECTED = "collected", _("Collected by the back office")
    DISPATCHED = "dispatched", _("Sent to the authorized body")
    UNDER_CHECK = "under_check", _("Being checked by the executor")
    # The executor asked for a missing page; the file waits for it (sent back, Annex 3).
    DOCUMENTS_REQUESTED = "documents_requested", _("Missing documents requested")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting the head's signature")
    SIGNED = "signed", _("Signed")
    RESULT_REGISTERED = "result_registered", _("Result registered for issue")
    RESULT_AT_PSC = "result_at_psc", _("Result at the public service center")
    ISSUED = "issued", _("Result handed out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: A file ends when its result is handed out or the application is withdrawn.
FINAL_STATUSES = frozenset({ApplicationStatus.ISSUED, ApplicationStatus.WITHDRAWN})
#: A file is pending until then; a second application by the same IIN is refused meanwhile.
PENDING_STATUSES = frozenset(set(ApplicationStatus) - FINAL_STATUSES)


class Decision(models.TextChoices):
    REGISTER = "register", _("Registration")
    REFUSE = "refuse", _("Motivated refusal")


class HousingFact(models.TextChoices):
    """The housing facts of reg:8 as the family states them; the codes are the fields of the
    rules engine's `Housing` (a test holds the two together). One wording for the staff's
    intake form, the citizen's self-check and the portal."""

    OWNS_DWELLING_IN_KZ = (
        "owns_dwelling_in_kz",
        _("The family owns a dwelling somewhere in Kazakhstan"),
    )  # reg:8.1
    OWNS_DWELLING_IN_LOCALITY = (
        "owns_dwelling_in_locality",
        _("The family owns a dwelling in this locality"),
    )  # reg:8.2
    COMMUNAL_DWELLING_IN_USE_IN_LOCALITY = (
        "communal_dwelling_in_use_in_locality",
        _("The family uses a communal dwelling in this locality"),
    )  # reg:8.3
    DWELLING_SUBSTANDARD = (
        "dwelling_substandard",
        _("The dwelling does not meet sanitary and technical requirements"),
    )  # reg:8.4
    SHARED_NON_ISOLATED_ROOMS = (
        "shared_non_isolated_rooms",
        _("Two or more families live in adjoining non-isolated rooms"),
    )  # reg:8.5
    SEVERE_ILLNESS_COHABITATION_IMPOSSIBLE = (
        "severe_illness_cohabitation_impossible",
        _("A severely ill family member cannot live in one room with others"),
    )  # reg:8.6
    ONLY_DWELLING_DECLARED_EMERGENCY = (
        "only_dwelling_declared_emergency",
        _("The only dwelling was declared in emergency condition"),
    )  # reg:6.4


class HistoryEventKind(models.TextChoices):
    """The events of the last five years that reg:12 weighs; the codes are the rule version's
    `events` (a test holds the two together)."""

    EXCHANGED_DWELLING = "exchanged_dwelling", _("Exchanged a dwelling")  # reg:12.1
    ALIENATED_DWELLING = "alienated_dwelling", _("Sold or gave away a dwelling")  # reg:12.2
    DESTROYED_DWELLING = (
        "destroyed_dwelling",
        _("A dwelling was destroyed or damaged through own fault"),
    )  # reg:12.3
    LEFT_DWELLING_NOT_IN_NEED = (
        "left_dwelling_not_in_need",
        _("Left a dwelling while not in need"),
    )  # reg:12.4
    MOVED_IN_OTHERS = "moved_in_others", _("Moved other persons into the dwelling")  # reg:12.5
