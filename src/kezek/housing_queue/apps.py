from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingQueueConfig(AppConfig):
    name = "kezek.housing_queue"
    label = "housing_queue"
    verbose_name = _("Housing queue")

    def ready(self) -> None:
        from .documents import queue_documents_register

        queue_documents_register()
