from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("apply/", views.apply_start, name="apply"),
    path("apply/files/<int:file_id>/", views.draft_file, name="draft-file"),
    path("apply/<slug:slug>/", views.apply_step, name="apply-step"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path(
        "applications/<int:pk>/documents/<int:document_id>/pdf/",
        views.document_pdf,
        name="document-pdf",
    ),
]
