"""The start page's numbers and what the window knows about an IIN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kezek.applications.access import applications_in_scope
from kezek.applications.models import Application

from .files import overdue_q, workqueue_q

if TYPE_CHECKING:
    from kezek.accounts.models import User


from dataclasses import field
from typing import TYPE_CHECKING

from kezek.applications.choices import (
    PENDING_STATUSES,
)
from kezek.applications.models import Applicant
from kezek.applications.validators import IIN_ERROR_MESSAGES
from kezek.core.iin import IINError, parse_iin

if TYPE_CHECKING:
    from kezek.accounts.models import User


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
