from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kezek.common.text import active_data_language


class Bilingual(models.Model):
    """Names kept in both languages; `name` picks the one of the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_ru if active_data_language() == "ru" else self.name_kk


class District(Bilingual):
    """A district administration: the tenant. Staff of one district never see another's files."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    region_kk = models.CharField(_("region (Kazakh)"), max_length=200)
    region_ru = models.CharField(_("region (Russian)"), max_length=200)
    locality_kk = models.CharField(_("locality (Kazakh)"), max_length=200)
    locality_ru = models.CharField(_("locality (Russian)"), max_length=200)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Office(Bilingual):
    class Kind(models.TextChoices):
        AUTHORIZED_BODY = "authorized_body", _("Authorized body (housing department)")
        PSC_BRANCH = "psc_branch", _("Public service center branch")
        PSC_MOBILE = "psc_mobile", _("Mobile public service center unit")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="offices"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address_kk = models.CharField(_("address (Kazakh)"), max_length=300)
    address_ru = models.CharField(_("address (Russian)"), max_length=300)
    phones = models.CharField(_("phones"), max_length=200, blank=True)
    emails = models.CharField(_("e-mails"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["district__code", "kind", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return self.address_ru if active_data_language() == "ru" else self.address_kk

    @property
    def is_psc(self) -> bool:
        return self.kind in (self.Kind.PSC_BRANCH, self.Kind.PSC_MOBILE)


class Settlement(Bilingual):
    """A settlement of the district (елді мекен / населённый пункт). reg:6, 8.2 and 8.3 speak of
    the settlement: "in this locality" is decided by the КАТО code of the permanent registration
    and of each dwelling, against these rows (kezek.registries.establish)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("village")
        SETTLEMENT = "settlement", _("settlement (кент)")
        CITY = "city", _("town")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="settlements"
    )
    kato = models.CharField(_("КАТО code"), max_length=9, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["district", "kato"]

    def __str__(self) -> str:
        return self.name
