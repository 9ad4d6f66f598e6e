"""The records of the service workflow (reg:13, reg:16–reg:18, Annex 3).

The paperwork app renders documents from these rows: the receipt (reg:16.1), the portal's
acceptance report (reg:16.2), the dispatch registry and its receipt by the AB (Annex 3, actions
3–4), the drafted result (actions 5–7) and the issue journal (reg:18). Rows change only through
kezek.workflow.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.applications.choices import ApplicationStatus, Decision
from kezek.applications.models import Application
from kezek.core.text import data_language
from kezek.offices.models import District, Office


class Counter(models.Model):
    """The last number given per kind, office and year (rows are locked while counting)."""

    class Kind(models.TextChoices):
        REGISTRY = "registry", _("Dispatch registry")
        OUTGOING = "outgoing", _("Outgoing result")
        ISSUE_JOURNAL = "issue_journal", _("Issue journal")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "office", "year"], name="workflow_one_counter_per_kind_office_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.office_id}/{self.year}: {self.last_value}"


class Timeline(models.Model):
    """The statutory dates of one file and the limit of the step it is in (reg:9, Annex 3).

    Kept in a row so that workqueues can filter overdue files in the database.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="timeline"
    )
    result_due = models.DateField(_("result due"))  # reg:9.1
    handover_due = models.DateField(_("handover to the PSC due"), null=True, blank=True)
    ab_accepted_at = models.DateTimeField(
        _("accepted by the authorized body"), null=True, blank=True
    )
    step_status = models.CharField(
        _("step"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.ACCEPTED,
    )
    step_started_at = models.DateTimeField(_("step started"))
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("time limits of a file")
        verbose_name_plural = _("time limits of files")

    def __str__(self) -> str:
        return f"{self.application} → {self.result_due:%Y-%m-%d}"


class Receipt(models.Model):
    """The receipt (қолхат / расписка) given at the AB or the PSC when the set is complete (reg:16.1)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="receipt"
    )
    request_number = models.CharField(_("request number"), max_length=40)
    accepted_at = models.DateTimeField(_("accepted at"))
    office = models.ForeignKey(
        Office, verbose_name=_("accepting office"), on_delete=models.PROTECT, related_name="+"
    )
    # [{"doc_type": "...", "name_kk": "...", "name_ru": "...", "clause": "reg:15.1.a"}, ...]
    documents = models.JSONField(_("documents accepted"), default=list)
    result_date = models.DateField(_("result date"))
    result_time_from = models.TimeField(_("result issued from"), null=True, blank=True)
    result_time_to = models.TimeField(_("result issued until"), null=True, blank=True)
    result_office = models.ForeignKey(
        Office, verbose_name=_("result issued at"), on_delete=models.PROTECT, related_name="+"
    )
    result_place_kk = models.CharField(_("place of issue (Kazakh)"), max_length=500)
    result_place_ru = models.CharField(_("place of issue (Russian)"), max_length=500)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by_name = models.CharField(_("employee"), max_length=300)
    applicant_name = models.CharField(_("applicant"), max_length=300)
    applicant_iin = models.CharField(_("IIN"), max_length=12)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=40, blank=True)
    representative_name = models.CharField(_("representative"), max_length=300, blank=True)
    representative_phone = models.CharField(_("representative's phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.request_number} ({self.accepted_at:%Y-%m-%d})"

    @property
    def document_count(self) -> int:
        return len(self.documents)


class PortalSubmission(models.Model):
    """A signed electronic request from the portal (reg:15.2) and its acceptance report (reg:16.2)."""

    class SignerRole(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        REPRESENTATIVE = "representative", _("Representative")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="portal_submission"
    )
    request_body = models.BinaryField(_("signed request"))
    request_sha256 = models.CharField(_("SHA-256 of the request"), max_length=64)
    signature = models.BinaryField(_("CMS signature"))
    signer_iin = models.CharField(_("signer's IIN"), max_length=12)
    signer_name = models.CharField(_("signer"), max_length=300)
    signer_role = models.CharField(_("signed as"), max_length=20, choices=SignerRole.choices)
    certificate_serial = models.CharField(_("certificate serial"), max_length=100)
    certificate_valid_from = models.DateTimeField(_("certificate valid from"))
    certificate_valid_to = models.DateTimeField(_("certificate valid until"))
    received_at = models.DateTimeField(_("received"))
    # The acceptance report of reg:16.2: when the AB accepted the documents, when the result is ready.
    report_accepted_at = models.DateTimeField(_("accepted by the authorized body at"))
    report_result_date = models.DateField(_("result ready on"))

    class Meta:
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")

    def __str__(self) -> str:
        return f"{self.application} ({self.signer_iin})"


class DispatchRegistry(models.Model):
    """A registry (тізілім / реестр) of files sent by a PSC branch to the AB as one batch (reg:13.3)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        Office, verbose_name=_("PSC branch"), on_delete=models.PROTECT, related_name="registries"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(
        _("received by the authorized body at"), null=True, blank=True
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applications = models.ManyToManyField(
        Application, through="DispatchRegistryItem", related_name="registries"
    )

    class Meta:
        verbose_name = _("dispatch registry")
        verbose_name_plural = _("dispatch registries")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "number"], name="registry_number_unique_per_office_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_number} ({self.sent_at:%Y-%m-%d})"

    @property
    def display_number(self) -> str:
        return f"{self.office.code.upper()}-{self.year}-{self.number:04d}"


class DispatchRegistryItem(models.Model):
    registry = models.ForeignKey(DispatchRegistry, on_delete=models.PROTECT, related_name="items")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("line"))

    class Meta:
        ordering = ["registry", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "application"], name="registry_lists_a_file_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registry.display_number} #{self.position}: {self.application}"


class ResultDraft(models.Model):
    """The notification of registration or the motivated refusal (reg:5), as drafted by the
    executor, signed or sent back by the head, and registered at the AB office (Annex 3, 5–7)."""

    class State(models.TextChoices):
        AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
        SIGNED = "signed", _("Signed")
        RETURNED = "returned", _("Sent back")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(_("result"), max_length=20, choices=Decision.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.AWAITING_SIGNATURE
    )
    # The engine's decision JSON (decision-case.md output), frozen when the draft was made.
    decision = models.JSONField(_("decision of the rules engine"))
    case = models.JSONField(_("decision case"))
    rules_version = models.CharField(_("rule version"), max_length=40)
    grounds = models.JSONField(_("grounds (clauses)"), default=list)
    lists = models.JSONField(_("queue lists"), default=list)
    reasons_kk = models.JSONField(_("reasons (Kazakh)"), default=list)
    reasons_ru = models.JSONField(_("reasons (Russian)"), default=list)
    comment = models.TextField(_("executor's comment"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # [[list_code, position], ...] as the housing queue stated them at signature.
    queue_positions = models.JSONField(_("queue positions"), default=list, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    return_comment = models.TextField(_("head's comment"), blank=True)
    outgoing_number = models.CharField(_("outgoing number"), max_length=40, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    received_at_psc_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received at the PSC by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at_psc_at = models.DateTimeField(_("received at the PSC at"), null=True, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-drafted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} ({self.get_state_display()})"

    def reasons(self, language: str) -> list[str]:
        """The motivation in Kazakh, or in Russian for every other language (English UI)."""
        return list(self.reasons_kk if data_language(language) == "kk" else self.reasons_ru)


class IssueJournalEntry(models.Model):
    """One line of the journal of issued documents (reg:18): who handed what to whom, when, where."""

    class Recipient(models.TextChoices):
        APPLICANT = "applicant", _("Applicant in person")
        REPRESENTATIVE = "representative", _("Representative with a power of attorney")
        PERSONAL_CABINET = "personal_cabinet", _("Personal cabinet on the portal")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="issue_entry"
    )
    result = models.ForeignKey(ResultDraft, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("journal number"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by_name = models.CharField(_("employee"), max_length=300)
    recipient = models.CharField(_("recipient"), max_length=20, choices=Recipient.choices)
    recipient_name = models.CharField(_("received by"), max_length=300)
    recipient_iin = models.CharField(_("recipient's IIN"), max_length=12, blank=True)
    power_of_attorney_number = models.CharField(
        _("power of attorney number"), max_length=100, blank=True
    )
    power_of_attorney_date = models.DateField(_("power of attorney date"), null=True, blank=True)
    delivered_to_email = models.EmailField(_("also sent to"), blank=True)

    class Meta:
        verbose_name = _("issue journal entry")
        verbose_name_plural = _("issue journal")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} → {self.recipient_name} ({self.issued_at:%Y-%m-%d})"


class Reminder(models.Model):
    """A reminder sent about one step of one file (kept so it is never sent twice)."""

    class Kind(models.TextChoices):
        NEARING = "nearing", _("Time limit nearing")
        OVERDUE = "overdue", _("Time limit passed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    step_status = models.CharField(_("step"), max_length=30, choices=ApplicationStatus.choices)
    step_started_at = models.DateTimeField(_("step started"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "step_status", "step_started_at", "kind", "recipient"],
                name="one_reminder_per_step_kind_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.step_status} {self.kind} → {self.recipient}"
