from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "kezek.common"
    label = "common"
