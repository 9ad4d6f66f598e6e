from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "kezek.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
