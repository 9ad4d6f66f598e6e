"""Local development: `make run`, and the `kezek` console script on a developer's machine."""

from .base import *  # noqa: F403

DEBUG = True
# DEV-ONLY key, public in git: sessions signed with it are forgeable. Production reads its own.
SECRET_KEY = "django-insecure-kezek-dev-only-never-in-production-4f9c2e7a1b8d"  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Test certificates: the demo signs its documents without NCANode.
KEZEK_SIGNING_BACKEND = "local"
# SMS are written to the console (the worker's output) instead of an operator's SMSC.
KEZEK_SMS_BACKEND = "console"

# WhiteNoise looks for STATIC_ROOT at start; collectstatic fills it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The registers' simulator `make run` starts beside the server (kezek registries simulator).
KEZEK_REGISTRIES_URL = "http://127.0.0.1:8090/gateway/sync"
# …whose population includes the demo's applicants, so the demo's files are built from it.
KEZEK_REGISTRIES_SIMULATOR_EXTRA = "kezek.demo.registers.demo_households_add"
