from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "kezek.workflow"
    label = "workflow"
    verbose_name = _("Service workflow")

    def ready(self) -> None:
        # paperwork builds no context itself: the workflow's documents get their data here.
        from .document_contexts import document_contexts_register

        document_contexts_register()
