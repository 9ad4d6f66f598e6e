"""Issued documents (PDF, hash, template version, verification code, signature) and the
outbox of messages (e-mail and SMS). Rows change only through kezek.paperwork.services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application
from kezek.offices.models import District, Office

from .choices import (
    DeliveryStatus,
    DocumentKind,
    DocumentStatus,
    MessageChannel,
    MessageTemplate,
    OrderStatus,
)


class DocumentNumberCounter(models.Model):
    """The last document number per district, kind and year (locked while counting)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "year"], name="paperwork_one_counter_per_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.kind}/{self.year}: {self.last_value}"


class IssuedDocument(models.Model):
    """One rendered document, kept byte for byte: what was handed out is what verifies.

    The PDF is stored in the database (not as a file) so that it is written in the same
    transaction as its audit record and its hash, and backed up with them.
    """

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=40)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    # A workflow or queue record the document was made from (a registry, a journal period…).
    subject_type = models.CharField(_("made from"), max_length=100, blank=True)
    subject_id = models.CharField(_("record"), max_length=64, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("issuing office"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template_version = models.CharField(_("template version"), max_length=80)
    context = models.JSONField(_("data of the document"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size, bytes"))
    # reg:15.2, reg:18: the detached CMS signature of the PDF by the official, when signed.
    signature = models.BinaryField(_("EDS signature (CMS)"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signer (certificate)"), max_length=300, blank=True)
    signer_certificate_serial = models.CharField(
        _("certificate serial"), max_length=100, blank=True
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.VALID
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "number"], name="paperwork_number_unique_in_district"
            )
        ]
        indexes = [models.Index(fields=["application", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"

    @property
    def is_valid(self) -> bool:
        return self.status == DocumentStatus.VALID

    @property
    def filename(self) -> str:
        return f"{self.number}-{self.language}.pdf"


class DocumentOrder(models.Model):
    """A document a step asked for (a receipt, a notice…): written in the step's transaction,
    made by a worker after the commit. Its number and verification code are given once, in a
    short transaction, and kept for every attempt; the document is stored in the same
    transaction that marks the order done, so a worker killed at any point leaves either the
    order to be made again or the document made, never two documents (ADR 0011)."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_orders",
    )
    subject_type = models.CharField(_("made from"), max_length=100, blank=True)
    subject_id = models.CharField(_("record"), max_length=64, blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING,
        db_index=True,
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    code = models.CharField(_("verification code"), max_length=16, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    document = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document order")
        verbose_name_plural = _("document orders")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"


class OutboxMessage(models.Model):
    """One message to a citizen or a staff member, by e-mail or SMS: queued in the transaction
    of the step it tells of, sent by a worker after the commit, retried until it goes or the
    recipient is refused for good. The text is rendered when queued, in the recipient's
    language, so what was sent is what is shown. Nothing is dropped silently: staff see every
    message of a file and the district's failures (the outbox page)."""

    channel = models.CharField(
        _("channel"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.EMAIL
    )
    # reg:18: the document an e-mail carries (its PDF and signature are attached when sent).
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emails",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbox_messages",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    # An e-mail address or a phone number in international form (+77011234567).
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=5)
    # What the message is about, a key of kezek.paperwork.messages (e.g. "citizen.registered").
    template = models.CharField(
        _("message"), max_length=60, choices=MessageTemplate.choices, default="document"
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The SMTP Message-ID or the SMSC's message ids: the receipt of the server's acceptance.
    message_id = models.CharField(_("message id"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient} ({self.status})"
