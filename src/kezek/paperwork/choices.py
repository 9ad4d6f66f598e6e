"""Kinds and states of issued documents and of their e-mail delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")  # reg:16.1
    ACCEPTANCE_REPORT = "acceptance_report", _("Acceptance report")  # reg:16.2
    REGISTRATION_NOTICE = "registration_notice", _("Registration notice")  # reg:5
    MOTIVATED_REFUSAL = "motivated_refusal", _("Motivated refusal")  # reg:5, reg:12
    DISPATCH_REGISTRY = "dispatch_registry", _("Dispatch registry")  # Annex 3, action 3
    BATCH_RECEIPT = "batch_receipt", _("Receipt for a dispatch registry")  # Annex 3, action 4
    ISSUE_JOURNAL = "issue_journal", _("Issue journal")  # reg:18
    QUEUE_LIST = "queue_list", _("Housing queue list")  # the published list


#: The clause each kind of document implements (audit records and the document footer cite it).
KIND_CLAUSES: dict[str, tuple[str, ...]] = {
    DocumentKind.RECEIPT: ("reg:16.1",),
    DocumentKind.ACCEPTANCE_REPORT: ("reg:16.2",),
    DocumentKind.REGISTRATION_NOTICE: ("reg:5",),
    DocumentKind.MOTIVATED_REFUSAL: ("reg:5", "reg:12"),
    DocumentKind.DISPATCH_REGISTRY: ("reg:13.3", "reg:20"),
    DocumentKind.BATCH_RECEIPT: ("reg:13.4", "reg:20"),
    DocumentKind.ISSUE_JOURNAL: ("reg:18",),
    DocumentKind.QUEUE_LIST: ("reg:5",),
}

#: The results of the service (reg:5): signed by the head when sent electronically (reg:18).
RESULT_KINDS = (DocumentKind.REGISTRATION_NOTICE, DocumentKind.MOTIVATED_REFUSAL)

#: Short letters in document numbers (AKT-N-2026-00003).
KIND_PREFIXES: dict[str, str] = {
    DocumentKind.RECEIPT: "R",
    DocumentKind.ACCEPTANCE_REPORT: "AR",
    DocumentKind.REGISTRATION_NOTICE: "N",
    DocumentKind.MOTIVATED_REFUSAL: "MR",
    DocumentKind.DISPATCH_REGISTRY: "DR",
    DocumentKind.BATCH_RECEIPT: "BR",
    DocumentKind.ISSUE_JOURNAL: "IJ",
    DocumentKind.QUEUE_LIST: "QL",
}


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    # The server refused the recipient for good (no such number, bounced address): not retried.
    REFUSED = "refused", _("Refused: the address or number is wrong")


class OrderStatus(models.TextChoices):
    """A document a step asked for, until a worker has made it."""

    PENDING = "pending", _("Being prepared")
    MAKING = "making", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be prepared yet, retried automatically")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageTemplate(models.TextChoices):
    """What a message in the outbox tells; the owner app renders its text in the recipient's
    language when it queues it."""

    DOCUMENT = "document", _("A document by e-mail")
    # To the citizen (issue 12: told at every step).
    CITIZEN_ACCEPTED = "citizen.accepted", _("Application accepted")
    CITIZEN_DOCUMENTS_REQUESTED = "citizen.documents_requested", _("Documents requested")
    CITIZEN_RESULT_READY = "citizen.result_ready", _("Result ready")
    CITIZEN_REGISTERED = "citizen.registered", _("Registered in the queue")
    CITIZEN_REFUSED = "citizen.refused", _("Refused")
    CITIZEN_QUEUE_DIGEST = "citizen.queue_digest", _("Monthly change of queue position")
    CITIZEN_REMOVED = "citizen.removed", _("Removed from the queue")
    CITIZEN_REINSTATED = "citizen.reinstated", _("Reinstated in the queue")
    CITIZEN_ALLOCATED = "citizen.allocated", _("Provided with a dwelling")
    # To staff.
    STAFF_ASSIGNED = "staff.assigned", _("File assigned")
    STAFF_DOCUMENTS_REQUESTED = "staff.documents_requested", _("Documents requested")
    STAFF_DRAFT_RETURNED = "staff.draft_returned", _("Draft sent back")
    STAFF_REMINDER = "staff.reminder", _("Step due or overdue")
    STAFF_OVERDUE_DIGEST = "staff.overdue_digest", _("Daily list of overdue files")
