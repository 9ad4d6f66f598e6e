from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.offices.models import District, Office


class Role(models.TextChoices):
    """The four units of reg:19, the AB office clerk, the administrator and the auditor."""

    PSC_INSPECTOR = "psc_inspector", _("PSC inspector")  # reg:19.1
    PSC_BACK_OFFICE = "psc_back_office", _("PSC back-office inspector")  # reg:19.2
    AB_EXECUTOR = "ab_executor", _("AB responsible executor")  # reg:19.3
    AB_HEAD = "ab_head", _("AB head")  # reg:19.4
    AB_OFFICE_CLERK = "ab_office_clerk", _("AB office clerk")  # reg:11.1, reg:18
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


# Which kind of office each role works in; the administrator and auditor sit at the AB.
ROLE_OFFICE_KINDS: dict[str, tuple[str, ...]] = {
    Role.PSC_INSPECTOR: (Office.Kind.PSC_BRANCH, Office.Kind.PSC_MOBILE),
    Role.PSC_BACK_OFFICE: (Office.Kind.PSC_BRANCH, Office.Kind.PSC_MOBILE),
    Role.AB_EXECUTOR: (Office.Kind.AUTHORIZED_BODY,),
    Role.AB_HEAD: (Office.Kind.AUTHORIZED_BODY,),
    Role.AB_OFFICE_CLERK: (Office.Kind.AUTHORIZED_BODY,),
    Role.ADMINISTRATOR: (Office.Kind.AUTHORIZED_BODY,),
    Role.AUDITOR: (Office.Kind.AUTHORIZED_BODY,),
}


class User(AbstractUser):
    """A staff account. Citizens do not have one: they sign in on the portal with their EDS."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="kk",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(office__isnull=False),
                name="staff_role_needs_office",
                violation_error_message=_("A staff member with a role must be tied to an office."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        parts = [self.last_name, self.first_name, self.patronymic]
        full = " ".join(p for p in parts if p)
        return full or self.username

    @property
    def district(self) -> District | None:
        return self.office.district if self.office_id and self.office else None

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles
