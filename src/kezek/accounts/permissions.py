"""Who may do what: the one place role lists live, as django-rules predicates and permissions.

Services call `may(user, "…")` before they write, templates use `{% test_rule "…" user as … %}`
(`{% load rules %}`), and the admin can use the same names (`user.has_perm`). Scope (which district, which branch,
which file) stays with the gates (`applications_in_scope`, `queue_entries_in_scope`, …): a
permission says what a role may do, a gate says on which objects, and an object out of scope is
"not found", never "forbidden". The workflow's transition table names roles per action
(kezek.workflow.transitions) and takes its role groups from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rules.permissions import add_perm
from rules.predicates import predicate
from rules.rulesets import add_rule, test_rule

from .models import Role

if TYPE_CHECKING:
    from .models import User

# --------------------------------------------------------------------------- role groups

#: The PSC's two units (reg:19.1, reg:19.2): they act on the files of their own branch only.
PSC_ROLES = frozenset({Role.PSC_INSPECTOR, Role.PSC_BACK_OFFICE})
#: The authorized body's units (reg:19.3, reg:19.4) and its office (reg:11.1, reg:18).
AB_ROLES = frozenset({Role.AB_EXECUTOR, Role.AB_HEAD, Role.AB_OFFICE_CLERK})
#: Who accepts applications at the PSC window (Annex 3, action 1) …
PSC_ACCEPTORS = frozenset({Role.PSC_INSPECTOR})
#: … and at the AB desk (reg:11.1, reg:17); reg:14 wants one of them at every office.
AB_ACCEPTORS = frozenset({Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR})
#: Roles that see every file of their district (the executor sees theirs and the unassigned).
DISTRICT_WIDE_ROLES = frozenset(
    {Role.AB_HEAD, Role.AB_OFFICE_CLERK, Role.ADMINISTRATOR, Role.AUDITOR}
)
#: Everybody at the authorized body, the auditor included: the queue, the district's documents.
AB_READERS = frozenset(AB_ROLES | {Role.ADMINISTRATOR, Role.AUDITOR})
#: Who changes the housing queue: the head signs the notice that registers (Annex 3, action 6),
#: allocates and removes (reg:5, reg:6); the administrator keeps it.
QUEUE_KEEPERS = frozenset({Role.AB_HEAD, Role.ADMINISTRATOR})
#: Who reinstates an entry and configures the queue's priority classes: the administrator.
QUEUE_ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


def _active(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role
        and user.office_id is not None
    )


def _predicate(test: Callable[[Any], bool], name: str) -> Any:
    """A django-rules predicate (combinable with & | ~) from a typed test."""
    return predicate(test, name=name)  # type: ignore[no-untyped-call]


def has_role(*roles: str) -> Any:
    """A predicate: an active staff member tied to an office, in one of `roles`."""
    allowed = frozenset(roles)

    def in_roles(user: Any) -> bool:
        return _active(user) and user.role in allowed

    return _predicate(in_roles, f"has_role({', '.join(sorted(allowed))})")


is_staff_member = _predicate(_active, "is_staff_member")
is_psc_staff = has_role(*PSC_ROLES)
is_ab_staff = has_role(*AB_ROLES)
is_head = has_role(Role.AB_HEAD)
is_administrator = has_role(Role.ADMINISTRATOR)

#: Who may issue each kind of document (kezek.paperwork.choices.DocumentKind's codes; reg:16.1,
#: reg:18, Annex 3): the roles whose step makes it.
DOCUMENT_ISSUERS: dict[str, frozenset[str]] = {
    "receipt": PSC_ACCEPTORS | AB_ACCEPTORS,
    "acceptance_report": frozenset({Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK}),
    "registration_notice": AB_ROLES,
    "motivated_refusal": AB_ROLES,
    "dispatch_registry": frozenset({Role.PSC_BACK_OFFICE}),
    "batch_receipt": frozenset({Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK}),
    "issue_journal": frozenset(
        {Role.AB_OFFICE_CLERK, Role.AB_HEAD, Role.PSC_INSPECTOR, Role.ADMINISTRATOR}
    ),
    "queue_list": frozenset(AB_ROLES | {Role.ADMINISTRATOR}),
}

# --------------------------------------------------------------------------- permissions
# Names are "<app>.<action>"; each says what a role may do, never on which object.

PERMISSIONS: dict[str, Any] = {
    # The housing queue (reg:5, reg:6).
    "housing_queue.read": has_role(*AB_READERS),
    "housing_queue.register": has_role(*QUEUE_KEEPERS),
    "housing_queue.allocate": has_role(*QUEUE_KEEPERS),
    "housing_queue.remove": has_role(*QUEUE_KEEPERS),
    "housing_queue.reinstate": is_administrator,
    "housing_queue.configure": is_administrator,
    # Documents and the e-mail outbox (reg:16, reg:18).
    "paperwork.read_district": has_role(*AB_READERS),
    "paperwork.read_outbox": has_role(*AB_READERS),
    "paperwork.retry_email": has_role(*(AB_ROLES | {Role.ADMINISTRATOR})),
    "paperwork.sign_result": is_head,
    **{f"paperwork.issue_{kind}": has_role(*roles) for kind, roles in DOCUMENT_ISSUERS.items()},
    # The workflow's pages beyond the transition table.
    "workflow.accept": has_role(*(PSC_ACCEPTORS | AB_ACCEPTORS)),
    # The rules engine's decision on the file page (the AB and those who oversee it).
    "workflow.read_decision": has_role(*AB_READERS),
    "workflow.reference_data": is_administrator,
}

# As rules (tested without the superuser shortcut: `may`, `{% test_rule %}`) and as Django
# permissions (`user.has_perm`, the admin) through rules' authentication backend.
for _name, _predicate in PERMISSIONS.items():
    add_rule(_name, _predicate)  # type: ignore[no-untyped-call]
    add_perm(_name, _predicate)  # type: ignore[no-untyped-call]


def may(user: User | None, permission: str) -> bool:
    """Whether the user's role allows `permission` (no superuser shortcut: roles decide)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return bool(test_rule(permission, user))  # type: ignore[no-untyped-call]
