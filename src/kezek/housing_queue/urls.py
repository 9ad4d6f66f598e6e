from django.urls import path

from . import views

app_name = "housing_queue"

urlpatterns = [
    path("position/", views.position, name="position"),
    path("publication/", views.publication, name="publication"),
]
