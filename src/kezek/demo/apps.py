from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kezek.demo"
    label = "demo"
