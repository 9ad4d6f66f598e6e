from django.urls import path

app_name = "housing_queue"

urlpatterns: list = []  # type: ignore[type-arg]
