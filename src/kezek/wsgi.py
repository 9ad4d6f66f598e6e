"""The WSGI entry point: `gunicorn kezek.wsgi:application` (and `kezek runserver`).

A server never guesses its settings (ADR 0009): DJANGO_SETTINGS_MODULE must be set, to
kezek.settings.production in a deployment. Defaulting to dev here would serve DEBUG pages and a
public secret key the day the variable is forgotten.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    raise ImproperlyConfigured(
        "DJANGO_SETTINGS_MODULE is not set: the WSGI server needs it"
        " (DJANGO_SETTINGS_MODULE=kezek.settings.production in a deployment; ADR 0009)"
    )
application = get_wsgi_application()
