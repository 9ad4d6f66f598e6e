"""Every kind of audit record, with the label people read on the file page and in reports.

`audit_record_write` accepts only these codes, so an action cannot be recorded under a name
nobody can read. The workflow's transitions are recorded as `workflow.<action>` of the
transition table (kezek.workflow.transitions); a new row there needs its member here (a test
holds the two together).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The name of the actor when the software itself acts (the portal's delivery, the import).
SYSTEM_ACTOR = "system"


class AuditAction(models.TextChoices):
    # The workflow's transitions (Annex 3; the labels are those of the transition table).
    WORKFLOW_COLLECT = "workflow.collect", _("Collect")
    WORKFLOW_DISPATCH = "workflow.dispatch", _("Send in a registry")
    WORKFLOW_RECEIVE = "workflow.receive", _("Accept the batch")
    WORKFLOW_TAKE = "workflow.take", _("Take for checking")
    WORKFLOW_ASSIGN = "workflow.assign", _("Assign to an executor")
    WORKFLOW_REQUEST_DOCUMENTS = "workflow.request_documents", _("Ask for missing documents")
    WORKFLOW_SUPPLY_DOCUMENTS = "workflow.supply_documents", _("Add the missing documents")
    WORKFLOW_DRAFT = "workflow.draft", _("Draft the result and pass it to the head")
    WORKFLOW_SIGN = "workflow.sign", _("Sign")
    WORKFLOW_RETURN_DRAFT = "workflow.return_draft", _("Send back to the executor")
    WORKFLOW_REGISTER_RESULT = "workflow.register_result", _("Register the result")
    WORKFLOW_RECEIVE_RESULT = "workflow.receive_result", _("Receive the result at the PSC")
    WORKFLOW_ISSUE = "workflow.issue", _("Hand out the result")
    WORKFLOW_DELIVER = "workflow.deliver", _("Deliver to the personal cabinet")
    WORKFLOW_WITHDRAW = "workflow.withdraw", _("Withdraw at the applicant's request")
    # The workflow's records.
    WORKFLOW_RECEIPT_GIVEN = "workflow.receipt_given", _("Receipt given")
    WORKFLOW_PORTAL_RECEIVED = "workflow.portal_received", _("Received from the portal")
    REGISTRY_SENT = "registry.sent", _("Dispatch registry sent")
    REGISTRY_RECEIVED = "registry.received", _("Dispatch registry accepted")
    # Applicants and applications.
    APPLICANT_CREATED = "applicant.created", _("Applicant recorded")
    APPLICANT_UPDATED = "applicant.updated", _("Applicant's details updated")
    APPLICATION_ACCEPTED = "application.accepted", _("Application registered")
    DOCUMENT_ATTACHED = "document.attached", _("Document attached")
    # Documents issued and their delivery.
    DOCUMENT_ISSUED = "document.issued", _("Document issued")
    DOCUMENT_SUPERSEDED = "document.superseded", _("Document replaced by a new one")
    DOCUMENT_FAILED = "document.failed", _("A document could not be issued: print it again")
    DOCUMENT_EMAIL_QUEUED = "document.email_queued", _("E-mail with the document queued")
    DOCUMENT_EMAILED = "document.emailed", _("Document sent by e-mail")
    DOCUMENT_EMAIL_FAILED = "document.email_failed", _("E-mail with the document failed")
    DOCUMENT_EMAIL_RETRY = "document.email_retry", _("E-mail with the document sent again")
    # Messages to citizens and staff (the outbox: e-mail and SMS).
    MESSAGE_QUEUED = "message.queued", _("Message queued")
    MESSAGE_SENT = "message.sent", _("Message sent")
    MESSAGE_FAILED = "message.failed", _("Message not sent, will be retried")
    MESSAGE_REFUSED = "message.refused", _("Message refused: wrong address or number")
    MESSAGE_RETRY = "message.retry", _("Message sent again at staff's request")
    # The state registers (kezek.registries): access to personal data is itself recorded.
    REGISTRIES_FETCHED = "registries.fetched", _("Facts obtained from the state registers")
    REGISTRIES_GAVE_UP = (
        "registries.gave_up",
        _("A register did not answer: the paper certificate may be asked for"),
    )
    REGISTRIES_CONSULTED = "registries.consulted", _("State registers consulted about a person")
    REGISTRIES_FACT_CORRECTED = (
        "registries.fact_corrected",
        _("A fact of the file corrected by the executor, with the evidence"),
    )
    # The citizen portal.
    PORTAL_SIGNED_IN = "portal.signed_in", _("Signed in on the portal")
    PORTAL_DRAFT_CREATED = "portal.draft_created", _("Portal application started")
    PORTAL_DRAFT_SAVED = "portal.draft_saved", _("Portal application saved")
    PORTAL_DRAFT_SUBMITTED = "portal.draft_submitted", _("Portal application signed and sent")
    PORTAL_FORM_PREPARED = "portal.form_prepared", _("Application form prepared for signing")
    PORTAL_SCAN_ADDED = "portal.scan_added", _("Scan added")
    PORTAL_SCAN_REMOVED = "portal.scan_removed", _("Scan removed")
    # The housing queue.
    QUEUE_ENTRY_REGISTERED = "queue.entry_registered", _("Entered in the housing queue")
    QUEUE_ENTRY_ALLOCATED = "queue.entry_allocated", _("Dwelling allocated")
    QUEUE_ENTRY_REMOVED = "queue.entry_removed", _("Removed from the housing queue")
    QUEUE_ENTRY_REINSTATED = "queue.entry_reinstated", _("Reinstated in the housing queue")
    QUEUE_HOLDER_REPLACED = "queue.holder_replaced", _("Queue holder replaced")
    QUEUE_IMPORTED = "queue.imported", _("Housing queue imported")
    QUEUE_PRIORITY_CLASS_SAVED = "queue.priority_class_saved", _("Priority class saved")
    QUEUE_PUBLISHED = "queue.published", _("Housing queue list published for the month")
    # Reference data kept by the administrator.
    REFERENCE_CREATED = "reference.created", _("Reference data added")
    REFERENCE_CHANGED = "reference.changed", _("Reference data changed")
    REFERENCE_DELETED = "reference.deleted", _("Reference data deleted")


def audit_action_label(code: str) -> str:
    """The label of a recorded action; the code itself for records older than the enumeration."""
    return str(AuditAction(code).label) if code in AuditAction.values else code
