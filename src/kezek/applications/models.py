from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kezek.offices.models import District, Office

from .choices import (
    ApplicationStatus,
    Channel,
    DocumentSource,
    DocumentType,
    Fund,
    Relation,
)
from .validators import validate_iin


class Applicant(models.Model):
    """A citizen, identified by IIN; the same person across all their applications."""

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("language of documents"),
        max_length=5,
        choices=[("kk", "Қазақша"), ("ru", "Русский")],
        default="kk",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class RequestNumberCounter(models.Model):
    """The last request number given per district and year (rows are locked while counting)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="one_counter_per_district_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.year}: {self.last_value}"


class Application(models.Model):
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="applications"
    )
    request_number = models.CharField(_("request number"), max_length=40)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    accepted_office = models.ForeignKey(
        Office,
        verbose_name=_("accepting office"),
        on_delete=models.PROTECT,
        related_name="accepted_applications",
    )
    accepted_at = models.DateTimeField(_("accepted at"), db_index=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.ForeignKey(
        Applicant,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    claimed_groups = models.JSONField(_("claimed groups"), default=list)
    fund = models.CharField(
        _("housing fund"), max_length=30, choices=Fund.choices, default=Fund.COMMUNAL
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.ACCEPTED,
        db_index=True,
    )
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible executor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    # The facts of reg:6-reg:12 the rules engine reads (income, housing, history, military service).
    facts = models.JSONField(_("facts of the case"), default=dict, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail for the result"), blank=True)
    # The channels the citizen chose for being told of each step (issue 12); a channel is used
    # only while its contact is on the file.
    notify_by_sms = models.BooleanField(_("tell by SMS"), default=True)
    notify_by_email = models.BooleanField(_("tell by e-mail"), default=True)
    language = models.CharField(
        _("language of documents"),
        max_length=5,
        choices=[("kk", "Қазақша"), ("ru", "Русский")],
        default="kk",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "request_number"], name="request_number_unique_in_district"
            )
        ]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.request_number

    def notify_channels(self) -> list[str]:
        """The channels the citizen is told by: chosen, with the contact on the file."""
        channels = []
        if self.notify_by_sms and (self.contact_phone or self.applicant.phone):
            channels.append("sms")
        if self.notify_by_email and self.contact_email:
            channels.append("email")
        return channels


class Representative(models.Model):
    """The person acting for the applicant with a power of attorney (reg:15, reg:16.1)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="representative"
    )
    full_name = models.CharField(_("full name"), max_length=300)
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    power_of_attorney_number = models.CharField(_("power of attorney number"), max_length=100)
    power_of_attorney_date = models.DateField(_("power of attorney date"))
    power_of_attorney_valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return self.full_name


class FamilyMember(models.Model):
    """A member who permanently lives with the applicant, as declared in one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    full_name = models.CharField(_("full name"), max_length=300)
    iin = models.CharField(_("IIN"), max_length=12, blank=True, validators=[validate_iin])
    birth_date = models.DateField(_("birth date"))
    disabled = models.BooleanField(
        pgettext_lazy("person with a disability", "disabled"), default=False
    )
    recognized_by_court = models.BooleanField(_("recognized as family by a court"), default=False)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


def document_upload_to(instance: AttachedDocument, filename: str) -> str:
    return f"documents/{instance.application.district_id}/{instance.application_id}/{instance.sha256[:16]}-{filename}"


class AttachedDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=40, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size, bytes"), default=0)
    source = models.CharField(_("source"), max_length=20, choices=DocumentSource.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    # When the state information system answered for it (source "fetched", reg:15.1.m).
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} ({self.sha256[:12]})"
