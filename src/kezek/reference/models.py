from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubsistenceMinimum(models.Model):
    """The monthly subsistence minimum of the budget law (reg:6.2), keyed by its date of effect."""

    effective_from = models.DateField(_("in force from"), unique=True)
    amount = models.PositiveIntegerField(_("tenge per month"), validators=[MinValueValidator(1)])
    confidence = models.CharField(_("confidence"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("subsistence minimum")
        verbose_name_plural = _("subsistence minimum")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}: {self.amount} ₸"


class CalendarDay(models.Model):
    """A day the administrator marks: an extra day off, or a moved working day (beyond `holidays`)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
