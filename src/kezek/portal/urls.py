from django.urls import path

from .views import apply, cabinet, documents, sign_in

app_name = "portal"

urlpatterns = [
    path("", cabinet.cabinet, name="cabinet"),
    path("sign-in/", sign_in.sign_in, name="sign-in"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("apply/", apply.apply_start, name="apply"),
    path("apply/registers/", apply.apply_registers, name="apply-registers"),
    path("apply/files/<int:file_id>/", documents.draft_file, name="draft-file"),
    path("apply/<slug:slug>/", apply.apply_step, name="apply-step"),
    path("applications/<int:pk>/", cabinet.application_detail, name="application"),
    path(
        "applications/<int:pk>/documents/<int:document_id>/pdf/",
        cabinet.document_pdf,
        name="document-pdf",
    ),
]
