from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "kezek.registries"
    label = "registries"
    verbose_name = _("State registers")
