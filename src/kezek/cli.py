"""The `kezek` console script: every Django management command and the project's own.

Which settings (ADR 0009): DJANGO_SETTINGS_MODULE when it is set; otherwise kezek.settings.dev,
but only on a machine that shows no sign of a deployment. The signs are the variables that only
kezek.settings.production reads: with any of them set and no DJANGO_SETTINGS_MODULE, the script
stops and says so instead of running a deployment on development settings.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

DEV_SETTINGS = "kezek.settings.dev"
#: Read by kezek.settings.production only: any of them marks a deployment.
DEPLOYMENT_MARKERS = ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_CSRF_TRUSTED_ORIGINS")


class SettingsNotChosen(Exception):
    """A deployment's environment without DJANGO_SETTINGS_MODULE."""


def settings_module(*, environ: Mapping[str, str]) -> str:
    """The settings module the console script runs with (ADR 0009)."""
    chosen = environ.get("DJANGO_SETTINGS_MODULE", "")
    if chosen:
        return chosen
    markers = [name for name in DEPLOYMENT_MARKERS if environ.get(name)]
    if markers:
        raise SettingsNotChosen(
            f"DJANGO_SETTINGS_MODULE is not set, but {', '.join(markers)} is: this looks like a"
            " deployment, so kezek does not fall back to development settings. Set"
            " DJANGO_SETTINGS_MODULE=kezek.settings.production (or kezek.settings.dev on a"
            " developer's machine; ADR 0009)."
        )
    return DEV_SETTINGS


def main(argv: list[str] | None = None) -> None:
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(environ=os.environ)
    except SettingsNotChosen as exc:
        sys.exit(f"kezek: {exc}")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings: a missing secret is one clear line)
    except ImproperlyConfigured as exc:
        sys.exit(f"kezek: {exc}")
    execute_from_command_line(["kezek", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
