"""The record of every call to a register (access to personal data is itself audited) and what
each file waits for from the registers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application

from .facts import Register


class RegisterChoice(models.TextChoices):
    PERSONS = Register.PERSONS.value, _("State database of individuals")
    ADDRESSES = Register.ADDRESSES.value, _("Address register")
    CIVIL_STATUS = Register.CIVIL_STATUS.value, _("Civil status records")
    REAL_ESTATE = Register.REAL_ESTATE.value, _("Real-estate register")
    DISABILITY = Register.DISABILITY.value, _("Register of persons with disabilities")
    INCOME = Register.INCOME.value, _("Pension contributions (income)")
    DISTRICT = Register.DISTRICT.value, _("The district's records")


class Purpose(models.TextChoices):
    """Why a register was asked: shown in the access log."""

    INTAKE = "intake", _("Application accepted: the facts of the file")
    CHECK = "check", _("The executor's check")
    LOOKUP = "lookup", _("Filling the form at the window")
    INVENTORY = "inventory", _("Inventory of the queue")
    OPERATOR = "operator", _("Operator's command")
    PORTAL = "portal", _("The citizen's own facts on the portal")


class GatewayCall(models.Model):
    """One request to a register through the gateway and what came back, as evidence.

    Written once, after the call, whatever its outcome: who asked, for which file, about whom,
    why, and the raw answer with its hash. Never changed (the admin shows it read-only)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("answered")
        NOT_FOUND = "not_found", _("no such person in the register")
        UNAVAILABLE = "unavailable", _("did not answer")
        MALFORMED = "malformed", _("answered off the format")

    register = models.CharField(_("register"), max_length=40, choices=RegisterChoice.choices)
    subject_iin = models.CharField(_("IIN asked about"), max_length=12, db_index=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gateway_calls",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    message_id = models.CharField(_("message id"), max_length=64, unique=True)
    requested_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("answered at"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)
    response_sha256 = models.CharField(_("SHA-256 of the answer"), max_length=64, blank=True)
    response_payload = models.TextField(_("the answer as received"), blank=True)
    # The parsed facts (facts.py as JSON) of an answered call; the payload stays the evidence.
    facts = models.JSONField(_("facts"), null=True, blank=True)

    class Meta:
        verbose_name = _("call to a register")
        verbose_name_plural = _("calls to the registers")
        ordering = ("-requested_at", "-pk")
        indexes = [models.Index(fields=("application", "register", "subject_iin"))]

    def __str__(self) -> str:
        return f"{self.register} {self.subject_iin} {self.requested_at:%Y-%m-%d %H:%M}"


class RegisterQuery(models.Model):
    """What a file waits for from one register about one person; the worker asks until it has
    the answer or gives up after `KEZEK_REGISTRIES_ATTEMPTS` (then the office may ask the citizen
    for the paper certificate, reg:15.1)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("awaiting the register")
        ANSWERED = "answered", _("answered")
        NOT_FOUND = "not_found", _("no record")
        GAVE_UP = "gave_up", _("the register did not answer: paper certificate")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="register_queries"
    )
    register = models.CharField(_("register"), max_length=40, choices=RegisterChoice.choices)
    subject_iin = models.CharField(_("IIN"), max_length=12)
    # Whose fact it is: "applicant" or the relation of the family member (spouse, child, …).
    subject_role = models.CharField(_("who"), max_length=20, default="applicant")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_call = models.ForeignKey(
        GatewayCall, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fact awaited from a register")
        verbose_name_plural = _("facts awaited from the registers")
        constraints = [
            models.UniqueConstraint(
                fields=("application", "register", "subject_iin"), name="register_query_once"
            )
        ]
        indexes = [models.Index(fields=("status", "next_attempt_at"))]

    def __str__(self) -> str:
        return f"{self.register} {self.subject_iin}: {self.status}"


class FactCorrection(models.Model):
    """The executor establishes a fact against what was declared and fetched (reg:13.4): with the
    evidence and a comment, audited with the old and the new value. The latest correction of a
    fact is the one the engine takes; none is ever changed or deleted (a new one supersedes)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="fact_corrections",
    )
    key = models.CharField(_("fact"), max_length=80)
    value = models.JSONField(_("established value"))
    previous = models.JSONField(_("value before"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300)
    comment = models.TextField(_("comment"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction of a fact")
        verbose_name_plural = _("corrections of facts")
        ordering = ("application", "key", "corrected_at", "pk")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
