"""The one transition table of the service workflow (reg:13, reg:16–reg:18, Annex 3: annex:3).

Every change of `Application.status` is one row here, done by one service function in
kezek.workflow.services. A row says from which states, to which state, for which channels,
by which roles, citing which clauses. Anything not in the table is refused.

Main flow, PSC (Annex 3, actions 1–8):
    accepted → collected → dispatched → under_check → awaiting_signature → signed
    → result_registered → result_at_psc → issued
AB desk (reg:11.1, reg:17; actions 1–4 skipped):
    accepted → under_check → … → signed → result_registered → issued
Portal (reg:15.2, reg:16.2, reg:18; actions 1–4 skipped):
    accepted → under_check → … → signed → result_registered → issued (personal cabinet)
Sending back: the head returns a draft (awaiting_signature → under_check); the executor asks
for a missing page (under_check → documents_requested → under_check).

The table is also the one answer to "who must act now": a file waits on the roles of the rows
that leave its state (`waiting_roles`), except rows that are a choice rather than a duty
(withdrawal, the head's reassignment). The workqueues, the reminders, the executor's own actions
and who accepts at a window are all read from here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.accounts.permissions import AB_ACCEPTORS, PSC_ACCEPTORS
from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.choices import Channel
from kezek.audit.actions import SYSTEM_ACTOR
from kezek.common.errors import KezekError
from kezek.core.errors import ErrorCode

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application

ALL_CHANNELS = frozenset(Channel.values)
AB_CHANNELS = frozenset({Channel.AB_DESK, Channel.PORTAL})
# Done by the software itself (the portal's delivery to the personal cabinet).
SYSTEM = SYSTEM_ACTOR
#: The action that opens a file (no source state): who accepts an application, on which channel.
ACCEPT = "accept"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    channels: frozenset[str]
    clauses: tuple[str, ...]
    label: Promise
    annex_action: int | None = None
    needs_comment: bool = False
    # An executor may do it only on a file assigned to them (reg:19.3: the file is theirs).
    assigned_only: bool = False
    # The roles the file waits on in the row's source states; None: every role of the row;
    # empty: nobody (a choice, not a duty: withdrawal, the head's reassignment).
    waits_on: frozenset[str] | None = None

    @property
    def duty_roles(self) -> frozenset[str]:
        return self.roles if self.waits_on is None else self.waits_on


def _t(
    action: str,
    sources: Collection[str],
    target: str,
    roles: Collection[str],
    channels: Collection[str],
    clauses: tuple[str, ...],
    label: Promise,
    annex_action: int | None = None,
    needs_comment: bool = False,
    assigned_only: bool = False,
    waits_on: Collection[str] | None = None,
) -> Transition:
    return Transition(
        action=action,
        sources=frozenset(sources),
        target=target,
        roles=frozenset(roles),
        channels=frozenset(channels),
        clauses=clauses,
        label=label,
        annex_action=annex_action,
        needs_comment=needs_comment,
        assigned_only=assigned_only,
        waits_on=None if waits_on is None else frozenset(waits_on),
    )


# Who may add a missing page; the row of the file's channel says on whom the file waits.
SUPPLIERS = {Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR}

TRANSITIONS: tuple[Transition, ...] = (
    # Action 1: the PSC inspector accepts a complete application and gives the receipt.
    _t(
        ACCEPT,
        set(),
        S.ACCEPTED,
        PSC_ACCEPTORS,
        {Channel.PSC},
        ("reg:13.1", "reg:16.1"),
        _("Accept an application"),
        annex_action=1,
    ),
    # At the AB desk the office or an executor accepts it (reg:11.1, reg:17).
    _t(
        ACCEPT,
        set(),
        S.ACCEPTED,
        AB_ACCEPTORS,
        {Channel.AB_DESK},
        ("reg:13.1", "reg:17"),
        _("Accept an application"),
    ),
    # Action 2: the back office collects the accepted files of its branch.
    _t(
        "collect",
        {S.ACCEPTED},
        S.COLLECTED,
        {Role.PSC_BACK_OFFICE},
        {Channel.PSC},
        ("reg:13.2", "reg:19.2"),
        _("Collect"),
        annex_action=2,
    ),
    # Action 3: the registry is made and sent as one batch.
    _t(
        "dispatch",
        {S.COLLECTED},
        S.DISPATCHED,
        {Role.PSC_BACK_OFFICE},
        {Channel.PSC},
        ("reg:13.3", "reg:19.2"),
        _("Send in a registry"),
        annex_action=3,
    ),
    # Action 4: the executor accepts the batch; the files become theirs.
    _t(
        "receive",
        {S.DISPATCHED},
        S.UNDER_CHECK,
        {Role.AB_EXECUTOR},
        {Channel.PSC},
        ("reg:13.4", "reg:19.3"),
        _("Accept the batch"),
        annex_action=4,
    ),
    # AB desk and portal files go straight to an executor, who takes them.
    _t(
        "take",
        {S.ACCEPTED},
        S.UNDER_CHECK,
        {Role.AB_EXECUTOR},
        AB_CHANNELS,
        ("reg:13.4", "reg:19.3"),
        _("Take for checking"),
    ),
    # The head gives a file at the AB to an executor, or to another one (reg:22).
    _t(
        "assign",
        {S.ACCEPTED},
        S.UNDER_CHECK,
        {Role.AB_HEAD},
        AB_CHANNELS,
        ("reg:13.4", "reg:22"),
        _("Assign to an executor"),
        waits_on=set(),
    ),
    _t(
        "assign",
        {S.UNDER_CHECK},
        S.UNDER_CHECK,
        {Role.AB_HEAD},
        ALL_CHANNELS,
        ("reg:13.4", "reg:22"),
        _("Assign to an executor"),
        waits_on=set(),
    ),
    # Sent back: the executor asks for a missing page ...
    _t(
        "request_documents",
        {S.UNDER_CHECK},
        S.DOCUMENTS_REQUESTED,
        {Role.AB_EXECUTOR},
        ALL_CHANNELS,
        ("reg:13.4", "reg:15"),
        _("Ask for missing documents"),
        annex_action=5,
        needs_comment=True,
        assigned_only=True,
    ),
    # ... and gets it from the PSC, the AB desk or a state information system (reg:15.1.m).
    _t(
        "supply_documents",
        {S.DOCUMENTS_REQUESTED},
        S.UNDER_CHECK,
        SUPPLIERS,
        {Channel.PSC},
        ("reg:15.1", "reg:15.1.m"),
        _("Add the missing documents"),
        assigned_only=True,
        waits_on={Role.PSC_INSPECTOR},  # the applicant brings the page to the PSC
    ),
    _t(
        "supply_documents",
        {S.DOCUMENTS_REQUESTED},
        S.UNDER_CHECK,
        SUPPLIERS,
        {Channel.AB_DESK},
        ("reg:15.1", "reg:15.1.m"),
        _("Add the missing documents"),
        assigned_only=True,
        waits_on={Role.AB_OFFICE_CLERK},  # or to the AB desk
    ),
    _t(
        "supply_documents",
        {S.DOCUMENTS_REQUESTED},
        S.UNDER_CHECK,
        SUPPLIERS,
        {Channel.PORTAL},
        ("reg:15.1", "reg:15.1.m"),
        _("Add the missing documents"),
        assigned_only=True,
        waits_on={Role.AB_EXECUTOR},  # a portal file: the executor gets it
    ),
    # Action 5: the draft notification or motivated refusal goes to the head.
    _t(
        "draft",
        {S.UNDER_CHECK},
        S.AWAITING_SIGNATURE,
        {Role.AB_EXECUTOR},
        ALL_CHANNELS,
        ("reg:13.4", "reg:5", "reg:12"),
        _("Draft the result and pass it to the head"),
        annex_action=5,
        assigned_only=True,
    ),
    # Action 6: the head signs ...
    _t(
        "sign",
        {S.AWAITING_SIGNATURE},
        S.SIGNED,
        {Role.AB_HEAD},
        ALL_CHANNELS,
        ("reg:19.4", "reg:5"),
        _("Sign"),
        annex_action=6,
    ),
    # ... or sends the draft back with a comment.
    _t(
        "return_draft",
        {S.AWAITING_SIGNATURE},
        S.UNDER_CHECK,
        {Role.AB_HEAD},
        ALL_CHANNELS,
        ("reg:19.4",),
        _("Send back to the executor"),
        annex_action=6,
        needs_comment=True,
    ),
    # Action 7: the signed result is registered at the AB office (for the PSC: transferred).
    _t(
        "register_result",
        {S.SIGNED},
        S.RESULT_REGISTERED,
        {Role.AB_EXECUTOR, Role.AB_OFFICE_CLERK},
        ALL_CHANNELS,
        ("reg:13.4", "reg:9.1"),
        _("Register the result"),
        annex_action=7,
        assigned_only=True,
    ),
    # The PSC receives the result from the AB.
    _t(
        "receive_result",
        {S.RESULT_REGISTERED},
        S.RESULT_AT_PSC,
        {Role.PSC_INSPECTOR, Role.PSC_BACK_OFFICE},
        {Channel.PSC},
        ("reg:9.1", "reg:13.5"),
        _("Receive the result at the PSC"),
        annex_action=7,
    ),
    # Action 8 / reg:18: handed to the applicant or the representative, in the issue journal.
    _t(
        "issue",
        {S.RESULT_AT_PSC},
        S.ISSUED,
        {Role.PSC_INSPECTOR},
        {Channel.PSC},
        ("reg:13.5", "reg:18"),
        _("Hand out the result"),
        annex_action=8,
    ),
    _t(
        "issue",
        {S.RESULT_REGISTERED},
        S.ISSUED,
        {Role.AB_OFFICE_CLERK},
        {Channel.AB_DESK},
        ("reg:18",),
        _("Hand out the result"),
    ),
    # reg:18: on the portal the result goes to the personal cabinet, right after registration.
    _t(
        "deliver",
        {S.RESULT_REGISTERED},
        S.ISSUED,
        {SYSTEM},
        {Channel.PORTAL},
        ("reg:18",),
        _("Deliver to the personal cabinet"),
    ),
    # The applicant withdraws the application before a result is signed.
    _t(
        "withdraw",
        {S.ACCEPTED, S.COLLECTED, S.UNDER_CHECK, S.DOCUMENTS_REQUESTED},
        S.WITHDRAWN,
        {Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR},
        ALL_CHANNELS,
        ("reg:13",),
        _("Withdraw at the applicant's request"),
        needs_comment=True,
        assigned_only=True,
        waits_on=set(),
    ),
)


def transitions_for(action: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.action == action)


def find_transition(*, action: str, status: str, channel: str) -> Transition:
    """The row for `action` from `status` on `channel`; KezekError when there is none."""
    rows = transitions_for(action)
    if not rows:
        raise KezekError(_("Unknown action."), field="action", code=ErrorCode.UNKNOWN_ACTION)
    for row in rows:
        if status in row.sources and channel in row.channels:
            return row
    raise KezekError(
        _("“%(action)s” is not possible for a file in the state “%(status)s”.")
        % {"action": rows[0].label, "status": S(status).label},
        field="status",
        code=ErrorCode.ILLEGAL_TRANSITION,
    )


def actions_available(*, application: Application, user: User) -> list[Transition]:
    """The rows the user's role could apply to the file now (office checks are the services')."""
    return [
        t
        for t in TRANSITIONS
        if application.status in t.sources
        and application.channel in t.channels
        and user.role in t.roles
    ]


# --------------------------------------------------------------------------- who must act now


def waiting_rows(*, status: str, channel: str) -> tuple[Transition, ...]:
    """The duties that leave `status` on `channel`: the rows whose roles the file waits on."""
    return tuple(
        t for t in TRANSITIONS if status in t.sources and channel in t.channels and t.duty_roles
    )


def waiting_roles(*, status: str, channel: str) -> frozenset[str]:
    """The roles a file in `status` on `channel` waits on (SYSTEM for the software's own steps)."""
    return frozenset(
        role for t in waiting_rows(status=status, channel=channel) for role in t.duty_roles
    )


def duties_of(role: str) -> tuple[Transition, ...]:
    """The rows that put a file in this role's workqueue."""
    return tuple(t for t in TRANSITIONS if role in t.duty_roles and t.sources)


def is_assigned_only(*, action: str, role: str) -> bool:
    """An executor does this only on a file assigned to them (reg:19.3)."""
    return role == Role.AB_EXECUTOR and any(
        t.assigned_only and role in t.roles for t in transitions_for(action)
    )


def intake_channel_for(role: str) -> str | None:
    """The channel on which this role accepts applications at a window or desk, if any."""
    for t in transitions_for(ACCEPT):
        if role in t.roles:
            return next(iter(sorted(t.channels)))
    return None
