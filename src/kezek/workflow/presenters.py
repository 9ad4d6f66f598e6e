"""What the staff screens say: each role's start page, the window's checklist, reasons, the trail,
labels and time left, as plain values for the templates (no queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.audit.actions import SYSTEM_ACTOR
from kezek.audit.models import AuditRecord

from .models import ResultDraft
from .selectors.decisions import reasons_language

if TYPE_CHECKING:
    from kezek.accounts.models import User


import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING

from kezek.applications.choices import (
    ApplicationStatus,
    ClaimedGroup,
    DocumentType,
    Fund,
)
from kezek.audit.actions import audit_action_label
from kezek.rules.engine import documents_for_claim
from kezek.rules.model import Housing
from kezek.rules.versions import DEFAULT_VERSIONS

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.audit.models import AuditRecord


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


def role_screen(user: User) -> RoleScreen:
    return ROLE_SCREENS.get(user.role, NO_ROLE)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    clause: str
    required: bool


def intake_checklist(
    *,
    groups: Iterable[str] = (),
    family: bool = False,
    court_member: bool = False,
    housing: Iterable[str] = (),
    fund: str = "communal",
    today: dt.date | None = None,
) -> list[ChecklistItem]:
    """The documents of reg:15.1 for what the window has typed so far, in the order of reg:15.1.

    The rules engine's `documents_for_claim` (the same rules as the decision and the portal)
    from the rule version in force today. The acceptance itself checks the set with the
    engine and names what is missing (reg:16).
    """
    version = DEFAULT_VERSIONS.version_on(today or timezone.localdate())
    declared = set(housing)
    required = set(
        documents_for_claim(
            version,
            fund=fund if fund in Fund.values else Fund.COMMUNAL,
            claimed_groups=list(groups),
            housing=Housing(**{f.name: f.name in declared for f in fields(Housing)}),
            has_family=family,
            other_member=court_member,
        )
    )
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
    actor: str = ""


def trail_rows(records: Iterable[AuditRecord]) -> list[TrailRow]:
    """The audit trail with the actions and states named for people (codes stay in the title)."""
    rows = []
    for record in records:
        before = record.before if isinstance(record.before, dict) else {}
        after = record.after if isinstance(record.after, dict) else {}
        rows.append(
            TrailRow(
                record=record,
                label=audit_action_label(record.action),
                before=_status_label(before.get("status")),
                after=_status_label(after.get("status")),
                # The software's own acts (the worker, the portal's delivery) in words.
                actor=str(_("Kezek, automatically"))
                if record.actor_label == SYSTEM_ACTOR
                else record.actor_label,
            )
        )
    return rows


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
