"""Local development: `make run`."""

from .base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# WhiteNoise looks for STATIC_ROOT at start; collectstatic fills it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
