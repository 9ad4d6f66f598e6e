"""Reads for the staff screens (issue 7): what each role's start page, workqueue, file view,
intake window, registries and issue journal show.

Only reads. Applications come through the gate (`applications_in_scope`, `access_application`);
documents and journal entries only as far as their application is in scope.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.access import applications_in_scope
from kezek.applications.choices import ApplicationStatus, ClaimedGroup, DocumentType
from kezek.applications.models import Applicant, Application, AttachedDocument
from kezek.applications.services import PENDING_STATUSES
from kezek.applications.uploads import sniff_media_type
from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.core.iin import IINError, parse_iin
from kezek.rules.versions import DEFAULT_VERSIONS

from .models import DispatchRegistry, IssueJournalEntry, ResultDraft
from .selectors import overdue_q, reasons_language, workqueue_q
from .transitions import TRANSITIONS

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.audit.models import AuditRecord
    from kezek.paperwork.models import IssuedDocument

# --------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class Link:
    url_name: str
    label: Promise
    query: str = ""


@dataclass(frozen=True)
class RoleScreen:
    """What a role's start page and workqueue say: the title, what waits there, the tasks."""

    queue_title: Promise
    queue_hint: Promise
    tasks: tuple[Link, ...]


_ALL_FILES = Link("workflow:files", _("All files in my scope"))
_OVERDUE = Link("workflow:overdue", _("Overdue files"))
_REGISTRIES = Link("workflow:registries", _("Dispatch registries"))
_JOURNAL = Link("workflow:journal", _("Issue journal (reg:18)"))
_INTAKE = Link("workflow:intake", _("Accept an application"))

ROLE_SCREENS: dict[str, RoleScreen] = {
    Role.PSC_INSPECTOR: RoleScreen(
        _("The PSC window"),
        _(
            "Missing documents to add, results to receive from the authorized body and to hand "
            "out (Annex 3, actions 1 and 8)."
        ),
        (_INTAKE, _JOURNAL, _REGISTRIES, _ALL_FILES),
    ),
    Role.PSC_BACK_OFFICE: RoleScreen(
        _("The PSC back office"),
        _(
            "Accepted files to collect, collected files to send in a registry to the "
            "authorized body, results to receive (Annex 3, actions 2 and 3)."
        ),
        (_REGISTRIES, _ALL_FILES, _OVERDUE),
    ),
    Role.AB_EXECUTOR: RoleScreen(
        _("The responsible executor"),
        _(
            "Batches to accept, files to take, check and draft, signed results to register "
            "(Annex 3, actions 4, 5 and 7)."
        ),
        (_REGISTRIES, _INTAKE, _ALL_FILES, _OVERDUE),
    ),
    Role.AB_HEAD: RoleScreen(
        _("The head of the authorized body"),
        _("Drafts awaiting your signature (Annex 3, action 6); the overdue files (reg:22)."),
        (_OVERDUE, _ALL_FILES, _JOURNAL),
    ),
    Role.AB_OFFICE_CLERK: RoleScreen(
        _("The office of the authorized body"),
        _(
            "Signed results to register, results to hand out at the desk, missing documents "
            "to add (reg:11.1, reg:18)."
        ),
        (_INTAKE, _JOURNAL, _ALL_FILES, _OVERDUE),
    ),
    Role.AUDITOR: RoleScreen(
        _("Audit"),
        _("You read everything and change nothing; your list is the files past a time limit."),
        (_ALL_FILES, _OVERDUE, _REGISTRIES, _JOURNAL),
    ),
    Role.ADMINISTRATOR: RoleScreen(
        _("Administration"),
        _(
            "Offices, staff and reference data are kept in the administration site; your list "
            "is the files past a time limit."
        ),
        (_ALL_FILES, _OVERDUE, _JOURNAL),
    ),
}

NO_ROLE = RoleScreen(_("No role"), _("Your account has no role: ask the administrator."), ())

#: Roles that accept applications at a window or a desk.
INTAKE_ROLES = (Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR)


def role_screen(user: User) -> RoleScreen:
    return ROLE_SCREENS.get(user.role, NO_ROLE)


@dataclass(frozen=True)
class StartCounts:
    queue: int
    queue_overdue: int
    overdue: int


def start_counts(*, user: User) -> StartCounts:
    """The numbers on the start page: the user's workqueue, its overdue part, the scope's overdue."""
    scope = applications_in_scope(user)
    queue = scope.filter(workqueue_q(user))
    return StartCounts(
        queue=queue.count(),
        queue_overdue=queue.filter(overdue_q()).count(),
        overdue=scope.filter(overdue_q()).count(),
    )


# --------------------------------------------------------------------------- intake window


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    clause: str
    required: bool


# reg:8.4-8.6: the conditions that need a certificate of the competent body (reg:15.1.l).
CONDITION_FACTS = (
    "dwelling_substandard",
    "shared_non_isolated_rooms",
    "severe_illness_cohabitation_impossible",
)


def intake_checklist(
    *,
    groups: Iterable[str] = (),
    family: bool = False,
    court_member: bool = False,
    housing: Iterable[str] = (),
    fund: str = "communal",
    today: dt.date | None = None,
) -> list[ChecklistItem]:
    """The documents of reg:15.1 for the claimed groups, in the order of reg:15.1.

    A guide for the window, from the rule version in force today: the always-required
    documents, the family's certificates, the group documents, the income statement when a
    claimed group takes the income test, and the certificate of condition (reg:15.1.k/l) when
    need rests only on reg:8.4-8.6. The acceptance itself checks the set with the rules engine
    and names what is missing (reg:16).
    """
    version = DEFAULT_VERSIONS.version_on(today or timezone.localdate())
    rules = version.document_rules
    housing = set(housing)
    required = set(rules.always)
    if family:
        required.add(rules.family_certificates)
    if court_member:
        required.add(rules.court_decision_family)
    for code in groups:
        spec = version.groups.get(code)
        if spec is None:
            continue
        required.update(spec.documents)
        if spec.income_test:
            required.add(rules.income_statement)
    # reg:8.1/8.2 with 8.3: owning nothing (in the country or, for a state institution's fund,
    # in the locality) and using no communal dwelling establishes need without a certificate.
    owns = "owns_dwelling_in_locality" if fund == "state_institution" else "owns_dwelling_in_kz"
    by_ownership = owns not in housing and "communal_dwelling_in_use_in_locality" not in housing
    if not by_ownership:
        if "only_dwelling_declared_emergency" in housing:
            required.add(rules.emergency_certificate)
        elif housing.intersection(CONDITION_FACTS):
            required.add(rules.condition_certificate)
    items = []
    for code, document in version.documents.items():
        label = str(DocumentType(code).label) if code in DocumentType.values else document.names.ru
        items.append(
            ChecklistItem(code=code, label=label, clause=document.clause, required=code in required)
        )
    return items


def group_clauses(today: dt.date | None = None) -> dict[str, str]:
    """The clause of reg:6/reg:7 each claimable group rests on (shown beside its checkbox)."""
    version = DEFAULT_VERSIONS.version_on(today or timezone.localdate())
    return {
        code: spec.group_clause or spec.requirement_clause for code, spec in version.groups.items()
    }


@dataclass
class ApplicantLookup:
    """What the window knows about an IIN: the date of birth it encodes, the applicant's
    contacts, and what the last application in the user's scope declared."""

    iin: str
    error: str = ""
    birth_date: dt.date | None = None
    applicant: Applicant | None = None
    previous: Application | None = None
    pending: Application | None = None
    initial: dict[str, Any] = field(default_factory=dict)
    family: list[dict[str, Any]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.applicant is not None


def applicant_lookup(*, user: User, iin: str) -> ApplicantLookup:
    """Known data of a returning applicant, to fill the intake form (reg:15.1).

    The person (name, contacts) is known when they have an application in the user's district
    (the tenant); the family, groups and fund come only from an application in the user's own
    scope. A pending application in the district is named: the acceptance would refuse it.
    """
    iin = "".join(iin.split())
    try:
        parsed = parse_iin(iin)
    except IINError as exc:
        return ApplicantLookup(iin=iin, error=str(IIN_ERROR_MESSAGES[exc.code]))
    result = ApplicantLookup(iin=iin, birth_date=parsed.birth_date)
    if user.office is None:
        return result
    district_id = user.office.district_id
    applicant = (
        Applicant.objects.filter(iin=iin, applications__district_id=district_id).distinct().first()
    )
    if applicant is None:
        return result
    result.applicant = applicant
    result.initial = {
        "iin": applicant.iin,
        "last_name": applicant.last_name,
        "first_name": applicant.first_name,
        "patronymic": applicant.patronymic,
        "phone": applicant.phone,
        "email": applicant.email,
        "address": applicant.address,
        "language": applicant.preferred_language,
    }
    result.pending = (
        Application.objects.filter(
            applicant=applicant, district_id=district_id, status__in=PENDING_STATUSES
        )
        .order_by("accepted_at")
        .first()
    )
    previous = (
        applications_in_scope(user)
        .filter(applicant=applicant)
        .prefetch_related("family")
        .order_by("-accepted_at", "-id")
        .first()
    )
    if previous is not None:
        result.previous = previous
        result.initial.update(
            {
                "claimed_groups": list(previous.claimed_groups),
                "fund": previous.fund,
                "language": previous.language,
                "phone": previous.contact_phone or applicant.phone,
            }
        )
        result.family = [
            {
                "relation": m.relation,
                "full_name": m.full_name,
                "birth_date": m.birth_date,
                "iin": m.iin,
                "disabled": m.disabled,
                "recognized_by_court": m.recognized_by_court,
            }
            for m in previous.family.all()
        ]
    return result


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class ReasonRow:
    """One ground (refusal) or one basis clause (registration) with its sentence."""

    clause: str
    text: str


_CLAUSE_AT_END = re.compile(r"\((reg:[0-9a-z.]+)\)\s*\.?\s*$")


def decision_rows(decision: Mapping[str, Any], language: str | None = None) -> list[ReasonRow]:
    """The engine gives one sentence per ground (refusal) or per basis clause (registration), in
    the same order; pair them, in Kazakh or Russian (English screens show the Russian)."""
    refuse = decision.get("decision") == "refuse"
    clauses = list(decision.get("grounds" if refuse else "basis") or [])
    reasons = list((decision.get("reasons") or {}).get(reasons_language(language)) or [])
    rows = []
    for clause, sentence in itertools.zip_longest(clauses, reasons):
        if clause is None and sentence is not None:
            found = _CLAUSE_AT_END.search(sentence)
            clause = found.group(1) if found else ""
        rows.append(ReasonRow(clause=str(clause or ""), text=str(sentence or "")))
    return rows


def result_rows(draft: ResultDraft, language: str | None = None) -> list[ReasonRow]:
    """The frozen decision of a drafted result, as rows."""
    if draft.decision:
        return decision_rows(draft.decision, language)
    reasons = draft.reasons_kk if reasons_language(language) == "kk" else draft.reasons_ru
    return decision_rows(
        {
            "decision": draft.kind,
            "grounds": draft.grounds,
            "reasons": {"kk": reasons, "ru": reasons},
        },
        language,
    )


def group_labels(codes: Iterable[str]) -> list[str]:
    return [str(ClaimedGroup(c).label) if c in ClaimedGroup.values else c for c in codes]


_ACTION_LABELS: dict[str, Promise] = {f"workflow.{t.action}": t.label for t in TRANSITIONS}
_ACTION_LABELS.update(
    {
        "workflow.receipt_given": _("Receipt given (reg:16.1)"),
        "workflow.portal_received": _("Received from the portal (reg:15.2)"),
        "application.accepted": _("Application registered"),
        "document.attached": _("Document attached"),
        "document.failed": _("A document could not be issued: print it again"),
    }
)


def _status_label(value: Any) -> str:
    if isinstance(value, str) and value in ApplicationStatus.values:
        return str(ApplicationStatus(value).label)
    return ""


@dataclass(frozen=True)
class TrailRow:
    record: AuditRecord
    label: str
    before: str
    after: str


def trail_rows(records: Iterable[AuditRecord]) -> list[TrailRow]:
    """The audit trail with the actions and states named for people (codes stay in the title)."""
    rows = []
    for record in records:
        before = record.before if isinstance(record.before, dict) else {}
        after = record.after if isinstance(record.after, dict) else {}
        label = _ACTION_LABELS.get(record.action)
        rows.append(
            TrailRow(
                record=record,
                label=str(label) if label is not None else record.action,
                before=_status_label(before.get("status")),
                after=_status_label(after.get("status")),
            )
        )
    return rows


def scan_media_type(head: bytes) -> str | None:
    """Content types of scans, recognised by their first bytes (never by the citizen's name)."""
    return sniff_media_type(head)


def attached_document(*, application: Application, document_id: int) -> AttachedDocument | None:
    """A document of an application the caller got through the gate; None when not its own."""
    return application.documents.filter(pk=document_id).first()


def issued_documents(*, application: Application) -> QuerySet[IssuedDocument]:
    from kezek.paperwork.selectors import documents_for_application

    return documents_for_application(application=application)


@dataclass(frozen=True)
class Printable:
    """A document the user may print from the file now (issued on first print)."""

    kind: str
    label: str
    existing: IssuedDocument | None


def printable_documents(*, application: Application, user: User) -> list[Printable]:
    """The receipt (reg:16.1) once accepted with a receipt; the notice or the motivated refusal
    (reg:5) once the signed result is registered with its outgoing number."""
    from kezek.paperwork.choices import DocumentKind
    from kezek.paperwork.selectors import latest_document
    from kezek.paperwork.services import ISSUERS

    kinds: list[str] = []
    if getattr(application, "receipt", None) is not None:
        kinds.append(DocumentKind.RECEIPT)
    registered = (
        application.results.filter(state=ResultDraft.State.SIGNED)
        .exclude(outgoing_number="")
        .order_by("-signed_at", "-id")
        .first()
    )
    if registered is not None:
        kinds.append(
            DocumentKind.REGISTRATION_NOTICE
            if registered.kind == "register"
            else DocumentKind.MOTIVATED_REFUSAL
        )
    printable = []
    for kind in kinds:
        if user.role not in ISSUERS[kind]:
            continue
        existing = latest_document(
            application=application, kind=kind, language=application.language
        )
        printable.append(
            Printable(kind=kind, label=str(DocumentKind(kind).label), existing=existing)
        )
    return printable


def latest_application_document(
    *, application: Application, kind: str, language: str
) -> IssuedDocument | None:
    from kezek.paperwork.selectors import latest_document

    return latest_document(application=application, kind=kind, language=language)


# --------------------------------------------------------------------------- registries, journal


def registry_documents(*, registry: DispatchRegistry) -> list[IssuedDocument]:
    """The valid documents made from a registry (the registry itself, the AB's receipt)."""
    from kezek.paperwork.models import IssuedDocument

    return list(
        IssuedDocument.objects.filter(
            subject_type=DispatchRegistry._meta.label,
            subject_id=str(registry.pk),
            status="valid",
        ).order_by("-issued_at", "-id")
    )


def registry_document(
    *, registry: DispatchRegistry, kind: str, language: str
) -> IssuedDocument | None:
    for document in registry_documents(registry=registry):
        if document.kind == kind and document.language == language:
            return document
    return None


def registry_printables(*, registry: DispatchRegistry, user: User) -> list[str]:
    """The back office prints its registry (action 3); the executor the receipt for it (4)."""
    from kezek.paperwork.choices import DocumentKind

    kinds: list[str] = []
    if user.role == Role.PSC_BACK_OFFICE and user.office_id == registry.office_id:
        kinds.append(DocumentKind.DISPATCH_REGISTRY)
    if user.role in (Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK) and registry.received_at is not None:
        kinds.append(DocumentKind.BATCH_RECEIPT)
    return kinds


def issue_journal_for(*, user: User) -> QuerySet[IssueJournalEntry]:
    """The issue journal (reg:18) of the files in the user's scope, newest first."""
    return (
        IssueJournalEntry.objects.filter(application__in=applications_in_scope(user))
        .select_related("application", "application__applicant", "result", "office")
        .order_by("-issued_at", "-id")
    )


def registry_items(*, registry: DispatchRegistry) -> Sequence[Any]:
    return list(
        registry.items.select_related("application", "application__applicant").order_by("position")
    )


def list_names(
    codes: Iterable[str], language: str | None = None, day: dt.date | None = None
) -> list[str]:
    """The names of housing queue lists (the codes the engine gives), in Kazakh or Russian."""
    version = DEFAULT_VERSIONS.version_on(day or timezone.localdate())
    names = {spec.code: spec.names.get(reasons_language(language)) for spec in version.lists}
    return [names.get(code, code) for code in codes]


def time_left_text(left: dt.timedelta | None) -> str:
    """How long until a limit, in short units every language writes without plural forms
    (Django's `timeuntil` has no Kazakh words)."""
    if left is None or left.total_seconds() <= 0:
        return ""
    minutes = int(left.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return str(_("%(days)s d %(hours)s h") % {"days": days, "hours": hours})
    if hours:
        return str(_("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes})
    return str(_("%(minutes)s min") % {"minutes": max(minutes, 1)})
