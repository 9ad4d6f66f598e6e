from django.urls import path

from . import views

app_name = "paperwork"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify-lookup"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:delivery_id>/retry/", views.outbox_retry, name="outbox-retry"),
    path("<int:document_id>/pdf/", views.document_pdf, name="pdf"),
    path("<int:document_id>/signature/", views.document_signature, name="signature"),
]
