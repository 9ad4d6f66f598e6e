"""The test suite: fast hashing, in-memory e-mail unless a test starts a real SMTP server."""

from .base import *  # noqa: F403

# TEST-ONLY key, public in git.
SECRET_KEY = "django-insecure-kezek-test-only-never-in-production-8e1d3c5b7a90"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
# Test certificates; tests of NCANode choose it themselves.
KEZEK_SIGNING_BACKEND = "local"
# Tasks run at once, after the commit that enqueued them; tests of the worker choose the database.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# SMS go to the test SMSC a test starts; without one they are written to the log.
KEZEK_SMS_BACKEND = "console"

# WhiteNoise looks for STATIC_ROOT at start; collectstatic fills it in production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
