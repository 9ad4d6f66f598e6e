"""Which paperwork each step makes (reg:16.1, reg:16.2, reg:5, Annex 3 actions 3-4).

Documents are issued after the step's transaction commits: a PDF that fails to render must not
undo a lawful step. A failure is logged and audited, and the file view can issue it again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction

from kezek.audit.services import audit_record_write
from kezek.paperwork.services.issue import paperwork_issue

if TYPE_CHECKING:
    from kezek.accounts.models import User
    from kezek.applications.models import Application

logger = logging.getLogger(__name__)


def document_issue_after_commit(
    *, actor: User | None, kind: str, application: Application | None = None, subject: Any = None
) -> None:
    def issue() -> None:

        try:
            paperwork_issue(actor=actor, kind=kind, application=application, subject=subject)
        except Exception as exc:  # a missing document must be visible, never lost silently
            logger.exception("issuing %s failed", kind)
            target = application if application is not None else subject
            if target is not None:
                audit_record_write(
                    actor=actor,
                    action="document.failed",
                    obj=target,
                    after={"kind": kind, "error": str(exc)[:500]},
                    clauses=[],
                )

    transaction.on_commit(issue)
