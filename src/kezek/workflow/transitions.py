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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.applications.choices import ApplicationStatus as S
from kezek.applications.choices import Channel
from kezek.common.errors import KezekError

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application

ALL_CHANNELS = frozenset(Channel.values)
AB_CHANNELS = frozenset({Channel.AB_DESK, Channel.PORTAL})
# "system": done by the software itself (the portal's delivery to the personal cabinet).
SYSTEM = "system"


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


def _t(
    action: str,
    sources: set[str],
    target: str,
    roles: set[str],
    channels: frozenset[str] | set[str],
    clauses: tuple[str, ...],
    label: Promise,
    annex_action: int | None = None,
    needs_comment: bool = False,
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
    )


TRANSITIONS: tuple[Transition, ...] = (
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
    ),
    _t(
        "assign",
        {S.UNDER_CHECK},
        S.UNDER_CHECK,
        {Role.AB_HEAD},
        ALL_CHANNELS,
        ("reg:13.4", "reg:22"),
        _("Assign to an executor"),
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
    ),
    # ... and gets it from the PSC, the AB desk or a state information system (reg:15.1.m).
    _t(
        "supply_documents",
        {S.DOCUMENTS_REQUESTED},
        S.UNDER_CHECK,
        {Role.PSC_INSPECTOR, Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR},
        ALL_CHANNELS,
        ("reg:15.1", "reg:15.1.m"),
        _("Add the missing documents"),
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
    ),
)

FINAL_STATUSES = frozenset({S.ISSUED, S.WITHDRAWN})


def transitions_for(action: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.action == action)


def find_transition(*, action: str, status: str, channel: str) -> Transition:
    """The row for `action` from `status` on `channel`; KezekError when there is none."""
    rows = transitions_for(action)
    if not rows:
        raise KezekError(_("Unknown action."), field="action", code="unknown_action")
    for row in rows:
        if status in row.sources and channel in row.channels:
            return row
    raise KezekError(
        _("“%(action)s” is not possible for a file in the state “%(status)s”.")
        % {"action": rows[0].label, "status": S(status).label},
        field="status",
        code="illegal_transition",
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
