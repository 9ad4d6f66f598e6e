"""The public verification page, mounted at /verify/<code>/ by kezek.urls."""

from django.urls import path

from . import views

urlpatterns = [path("", views.verify, name="paperwork-verify")]
