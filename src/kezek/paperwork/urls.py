from django.urls import path

app_name = "paperwork"

urlpatterns: list = []  # type: ignore[type-arg]
