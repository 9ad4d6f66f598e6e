from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "kezek.benchmarks"
    label = "benchmarks"
