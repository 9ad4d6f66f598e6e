"""Production: every secret comes from the environment; PostgreSQL via DATABASE_URL.

Selected explicitly (DJANGO_SETTINGS_MODULE=kezek.settings.production: ADR 0009). The variables
below are read by production only; the shared ones are declared in base.py.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# DJANGO_SECRET_KEY: required, 50+ random characters; signs sessions, CSRF tokens and links.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to 50 or more random characters for"
        " kezek.settings.production (for example the output of"
        " `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)"
    )
# DJANGO_ALLOWED_HOSTS: comma-separated host names the service answers to.
ALLOWED_HOSTS = [h for h in env.list("DJANGO_ALLOWED_HOSTS", [], subcast=str) if h]
# DJANGO_CSRF_TRUSTED_ORIGINS: comma-separated https:// origins allowed to POST (behind a proxy).
CSRF_TRUSTED_ORIGINS = [o for o in env.list("DJANGO_CSRF_TRUSTED_ORIGINS", [], subcast=str) if o]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
