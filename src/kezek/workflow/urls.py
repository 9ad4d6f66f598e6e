from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("files/", views.files, name="files"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/scans/<int:document_id>/", views.file_scan, name="scan"),
    path("files/<int:pk>/print/<slug:kind>/", views.file_print, name="print"),
    path("files/<int:pk>/<slug:action>/", views.file_act, name="act"),
    path("intake/", views.intake, name="intake"),
    path("intake/checklist/", views.intake_checklist, name="intake-checklist"),
    path("overdue/", views.overdue, name="overdue"),
    path("export.csv", views.export, name="export"),
    path("registries/", views.registries, name="registries"),
    path("registries/<int:pk>/", views.registry_detail, name="registry"),
    path("registries/<int:pk>/print/<slug:kind>/", views.registry_print, name="registry-print"),
    path("journal/", views.journal, name="journal"),
]
