"""Issued documents (PDF, hash, template version, verification code, signature) and their
e-mail delivery. Rows change only through kezek.paperwork.services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application
from kezek.offices.models import District, Office

from .choices import DeliveryStatus, DocumentKind, DocumentStatus


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


class EmailDelivery(models.Model):
    """An e-mail with a document attached (reg:18): queued, sent after commit, retried until
    sent. Failures stay visible to the district's AB staff; nothing is dropped silently."""

    document = models.ForeignKey(
        IssuedDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="emails"
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=5)
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
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return f"{self.document} → {self.to} ({self.status})"
