"""The citizen portal's own records: the draft of an application kept per IIN, its scans, and
the log of EDS sign-ins. Rows change only through kezek.portal.services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import DocumentType
from kezek.applications.validators import validate_iin


class Draft(models.Model):
    """The application a citizen is filling in (reg:15.2), one per IIN, saved on every step.

    Kept on the server, not in the browser or the session, so that a dropped connection or an
    ended session loses nothing: signing in again with the same certificate resumes it.
    """

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    # {"applicant": {...}, "family": [...], "groups": {...}, "housing": {...}, "history": [...]}
    data = models.JSONField(_("answers"), default=dict, blank=True)
    step = models.PositiveSmallIntegerField(_("furthest step reached"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("draft application")
        verbose_name_plural = _("draft applications")

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.iin[:6]}******)"


class DraftFile(models.Model):
    """A scan attached to a draft (reg:15.2.b), or the application form made from the answers.

    The bytes are kept in the database with the draft: they commit or roll back together, and no
    URL serves them to anybody but their owner.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    doc_type = models.CharField(_("document type"), max_length=40, choices=DocumentType.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("content"))
    # The Annex 2 form the portal fills from the answers (reg:15.1.a); remade when they change.
    generated = models.BooleanField(_("made by the portal"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.doc_type}: {self.filename} ({self.sha256[:12]})"


class SignIn(models.Model):
    """One EDS sign-in to the portal: who (by the certificate) and when."""

    iin = models.CharField(_("IIN"), max_length=12, db_index=True)
    common_name = models.CharField(_("name in the certificate"), max_length=300)
    certificate_serial = models.CharField(_("certificate serial"), max_length=100)
    signed_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal sign-in")
        verbose_name_plural = _("portal sign-ins")
        ordering = ["-signed_in_at"]

    def __str__(self) -> str:
        return f"{self.iin[:6]}****** {self.signed_in_at:%Y-%m-%d %H:%M}"
