from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kezek.demo"
    label = "demo"

    def ready(self) -> None:
        # `kezek paperwork sample` finds the demo's review documents here (ADR 0008).
        from kezek.paperwork.sources import register_samples

        from .samples import demo_samples

        register_samples(source=demo_samples)
