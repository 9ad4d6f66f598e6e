from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "kezek.offices"
    label = "offices"
    verbose_name = _("Districts and offices")
