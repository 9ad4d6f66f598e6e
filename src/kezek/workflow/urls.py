from django.urls import path

from .views import file, intake, lists, registries

app_name = "workflow"

urlpatterns = [
    path("", lists.queue, name="queue"),
    path("files/", lists.files, name="files"),
    path("files/<int:pk>/", file.file_detail, name="file"),
    path("files/<int:pk>/scans/<int:document_id>/", file.file_scan, name="scan"),
    path("files/<int:pk>/print/<slug:kind>/", file.file_print, name="print"),
    path("files/<int:pk>/<slug:action>/", file.file_act, name="act"),
    path("intake/", intake.intake, name="intake"),
    path("intake/checklist/", intake.intake_checklist, name="intake-checklist"),
    path("overdue/", lists.overdue, name="overdue"),
    path("export.csv", lists.export, name="export"),
    path("registries/", registries.registries, name="registries"),
    path("registries/<int:pk>/", registries.registry_detail, name="registry"),
    path(
        "registries/<int:pk>/print/<slug:kind>/", registries.registry_print, name="registry-print"
    ),
    path("journal/", registries.journal, name="journal"),
]
