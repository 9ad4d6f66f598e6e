"""Settings shared by every environment; dev, test and production extend this.

Every setting Kezek reads from the environment is declared here once, with its default and what
it is for (docs/settings.md lists them). Production-only variables (DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS) are declared in production.py.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env

# Lets admin.ModelAdmin[Model] and QuerySet[Model] be written at runtime, for strict typing.
django_stubs_ext.monkeypatch()

# The process environment only: no .env file is read, so what runs is what the service manager set.
env = Env()

# --- Paths -----------------------------------------------------------------------------------
SRC_DIR = Path(__file__).resolve().parent.parent  # src/kezek
# KEZEK_HOME: the checkout or install root (default: two levels above src/kezek).
BASE_DIR = Path(env.str("KEZEK_HOME", str(SRC_DIR.parent.parent))).resolve()
# KEZEK_VAR_DIR: writable data (SQLite database, uploads, collected static files, test PKI).
VAR_DIR = Path(env.str("KEZEK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "kezek.common",
    "kezek.worker",
    "kezek.audit",
    "kezek.offices",
    "kezek.accounts",
    "kezek.reference",
    "kezek.applications",
    "kezek.decisions",
    "kezek.housing_queue",
    "kezek.workflow",
    "kezek.paperwork",
    "kezek.registries",
    "kezek.portal",
    "kezek.web",
    "kezek.demo",
    "kezek.benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kezek.common.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kezek.common.middleware.ClauseWordsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kezek.urls"
WSGI_APPLICATION = "kezek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
# DATABASE_URL: SQLite under var/ is the embedded default; postgres://… in production.
# DATABASE_CONN_MAX_AGE: seconds a connection is kept (0: one per request; ADR 0006 uses 600).
DATABASES = {
    "default": env.dj_db_url(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'kezek.sqlite3'}",
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# kezek.accounts.permissions: role permissions (django-rules) beside the admin's model permissions.
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh is the state language and the default; Russian is official; English for staff.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# KEZEK_LOCALE_DIR: the compiled translations (tests point it at a scratch copy).
LOCALE_PATHS = [Path(env.str("KEZEK_LOCALE_DIR", str(SRC_DIR / "locale")))]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"  # Kazakhstan is UTC+5 since 2024-03-01; tzdata carries it.
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kezek_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Logging ---------------------------------------------------------------------------------
# KEZEK_LOG_LEVEL: the root logger's level (DEBUG, INFO, WARNING, …).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("KEZEK_LOG_LEVEL", "INFO")},
    # One line per HTTP request to the registers would drown the log: the calls are recorded
    # as GatewayCall rows; httpx's warnings and errors still come through.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}

# --- E-mail (the outbox, kezek.paperwork) ----------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# EMAIL_HOST, EMAIL_PORT: the SMTP relay.
EMAIL_HOST = env.str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD: SMTP authentication (none by default).
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
# EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL (implicit TLS): at most one of them.
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", False)
# EMAIL_TIMEOUT: seconds one SMTP attempt may take before the outbox retries it later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", 20)
# DEFAULT_FROM_EMAIL: the sender of notifications to applicants.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "kezek@localhost")

# --- Background work (django-tasks with its database backend; ADR 0011) ------------------------
# Tasks are rows in the database the workers read (`kezek worker`, any number of them, on any
# machine that reaches the database); no broker. Tests run them at once (settings/test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# KEZEK_OUTBOX_STALE_SECONDS: a message "being sent" for longer than this is taken as the work of
# a worker that died, and sent again (the one window in which a duplicate can arise, ADR 0011).
KEZEK_OUTBOX_STALE_SECONDS = env.int("KEZEK_OUTBOX_STALE_SECONDS", 900)
# KEZEK_OUTBOX_SWEEP_SECONDS: how often a worker looks for messages due for a (re)try.
KEZEK_OUTBOX_SWEEP_SECONDS = env.int("KEZEK_OUTBOX_SWEEP_SECONDS", 60)
# KEZEK_REMINDERS_AT: the local time of the daily reminders of due and overdue steps (HH:MM).
KEZEK_REMINDERS_AT = env.str("KEZEK_REMINDERS_AT", "08:30")
# KEZEK_PERIODIC_STALE_SECONDS: a daily or monthly run "running" longer than this is taken as
# the work of a worker that died, and run again (the jobs repeat nothing: ADR 0011). Longer
# than the longest run (the national monthly publication: docs/performance.md).
KEZEK_PERIODIC_STALE_SECONDS = env.int("KEZEK_PERIODIC_STALE_SECONDS", 6 * 3600)
# KEZEK_PERIODIC_ATTEMPTS: runs of one job for one period at most (a failed run is retried
# after 5, 10, 20… minutes); then it waits for an operator (`kezek queue archive` and the like).
KEZEK_PERIODIC_ATTEMPTS = env.int("KEZEK_PERIODIC_ATTEMPTS", 3)
# The periodic jobs every worker schedules (kezek.worker.schedule: every_seconds, daily_at,
# monthly_day + at); each runs once per period however many workers there are.
KEZEK_PERIODIC_TASKS = {
    "outbox-sweep": {
        "task": "kezek.paperwork.tasks.outbox_sweep_task",
        "every_seconds": KEZEK_OUTBOX_SWEEP_SECONDS,
    },
    "documents-sweep": {
        "task": "kezek.paperwork.tasks.document_orders_sweep_task",
        "every_seconds": KEZEK_OUTBOX_SWEEP_SECONDS,
    },
    "reminders": {"task": "kezek.workflow.tasks.reminders_task", "daily_at": KEZEK_REMINDERS_AT},
    "overdue-digest": {
        "task": "kezek.workflow.tasks.overdue_digest_task",
        "daily_at": KEZEK_REMINDERS_AT,
    },
    # The 1st of the month: the lists as they stood at the month's end, then the digest of
    # changed places to the citizens (after the night, before the working day).
    "queue-publication": {
        "task": "kezek.housing_queue.tasks.queue_lists_publish_task",
        "monthly_day": 1,
        "at": "06:00",
    },
    "queue-digest": {
        "task": "kezek.housing_queue.tasks.queue_digest_task",
        "monthly_day": 1,
        "at": "10:00",
    },
    "registries-sweep": {
        "task": "kezek.registries.tasks.register_queries_sweep_task",
        "every_seconds": KEZEK_OUTBOX_SWEEP_SECONDS,
    },
    "task-results-prune": {
        "task": "kezek.worker.tasks.task_results_prune_task",
        "daily_at": "03:00",
    },
}

# --- SMS (the outbox's second channel, kezek.paperwork.sms) ---------------------------------
# KEZEK_SMS_BACKEND: "smpp" (an operator's or aggregator's SMSC) or "console" (the log: dev
# and the demo only; `kezek check --deploy` refuses it: kezek.E012).
KEZEK_SMS_BACKEND = env.str("KEZEK_SMS_BACKEND", "smpp")
# KEZEK_SMPP_HOST, KEZEK_SMPP_PORT: the SMSC. KEZEK_SMPP_SYSTEM_ID, KEZEK_SMPP_PASSWORD: the
# account the operator gave. KEZEK_SMPP_TIMEOUT: seconds one exchange may take.
KEZEK_SMPP_HOST = env.str("KEZEK_SMPP_HOST", "127.0.0.1")
KEZEK_SMPP_PORT = env.int("KEZEK_SMPP_PORT", 2775)
KEZEK_SMPP_SYSTEM_ID = env.str("KEZEK_SMPP_SYSTEM_ID", "kezek")
KEZEK_SMPP_PASSWORD = env.str("KEZEK_SMPP_PASSWORD", "")
KEZEK_SMPP_TIMEOUT = env.int("KEZEK_SMPP_TIMEOUT", 10)
# KEZEK_SMS_SENDER: the alphanumeric sender id registered with the operators (at most 11).
KEZEK_SMS_SENDER = env.str("KEZEK_SMS_SENDER", "Kezek")

# --- Documents: their public address (kezek.paperwork) ---------------------------------------
# KEZEK_PUBLIC_URL: the address citizens use; QR codes on documents point to <it>/verify/<code>/.
# `kezek check --deploy` requires https:// (kezek.E011).
KEZEK_PUBLIC_URL = env.str("KEZEK_PUBLIC_URL", "http://127.0.0.1:8000")

# --- State registers through the e-government gateway (kezek.registries, reg:15.1; ADR 0013) ---
# KEZEK_REGISTRIES_URL: the gateway's synchronous endpoint (`kezek registries simulator` serves
# the same protocol). Empty: no register is asked, files are decided on what was declared.
KEZEK_REGISTRIES_URL = env.str("KEZEK_REGISTRIES_URL", "")
# KEZEK_REGISTRIES_SENDER_ID: the sender id the gateway gave the authorized body.
KEZEK_REGISTRIES_SENDER_ID = env.str("KEZEK_REGISTRIES_SENDER_ID", "KEZEK")
# KEZEK_REGISTRIES_KEY_ID: the signature backend's key that signs each request.
KEZEK_REGISTRIES_KEY_ID = env.str("KEZEK_REGISTRIES_KEY_ID", "system:registries")
# KEZEK_REGISTRIES_TIMEOUT: seconds one call may take. KEZEK_REGISTRIES_RETRIES: quick retries
# of a call that failed (network, 5xx, 429) before it counts as "did not answer".
KEZEK_REGISTRIES_TIMEOUT = env.float("KEZEK_REGISTRIES_TIMEOUT", 5.0)
KEZEK_REGISTRIES_RETRIES = env.int("KEZEK_REGISTRIES_RETRIES", 2)
# KEZEK_REGISTRIES_RATE: calls a second to one register from one process (0: no limit);
# KEZEK_REGISTRIES_RATES: JSON {service id: rate} for the registers whose contract says otherwise.
KEZEK_REGISTRIES_RATE = env.float("KEZEK_REGISTRIES_RATE", 20.0)
KEZEK_REGISTRIES_RATES = env.json("KEZEK_REGISTRIES_RATES", {})
# KEZEK_REGISTRIES_ATTEMPTS: background attempts for one fact of a file (after 1, 2, 4… minutes,
# at most an hour apart); then the office may ask the citizen for the paper certificate.
KEZEK_REGISTRIES_ATTEMPTS = env.int("KEZEK_REGISTRIES_ATTEMPTS", 10)
# KEZEK_REGISTRIES_WINDOW_SECONDS: how long the intake window and the portal's start of an
# application wait for the registers in all (asked in parallel); what has not answered by then
# is entered by hand.
KEZEK_REGISTRIES_WINDOW_SECONDS = env.float("KEZEK_REGISTRIES_WINDOW_SECONDS", 4.0)
# KEZEK_REGISTRIES_SIMULATOR_VERIFY: whether `kezek registries simulator` checks the senders'
# signatures with the signature backend, as the gateway does (off: unsigned requests are answered).
KEZEK_REGISTRIES_SIMULATOR_VERIFY = env.bool("KEZEK_REGISTRIES_SIMULATOR_VERIFY", True)
# KEZEK_REGISTRIES_SIMULATOR_EXTRA: dotted path of a function(population) that adds people to the
# simulator's population (dev: the demo's applicants, kezek.demo.registers.demo_households_add).
KEZEK_REGISTRIES_SIMULATOR_EXTRA = env.str("KEZEK_REGISTRIES_SIMULATOR_EXTRA", "")

# --- Electronic signatures (kezek.signatures, reg:18; ADR 0004) ------------------------------
# KEZEK_SIGNING_BACKEND: "ncanode" (the state PKI) or "local" (test certificates: dev, tests and
# the demo only; dev.py and test.py choose it, `kezek check --deploy` refuses it: kezek.E010).
KEZEK_SIGNING_BACKEND = env.str("KEZEK_SIGNING_BACKEND", "ncanode")
# KEZEK_LOCAL_SIGNING_DIR: the local backend's test CA and keys.
KEZEK_LOCAL_SIGNING_DIR = Path(env.str("KEZEK_LOCAL_SIGNING_DIR", str(VAR_DIR / "signing")))
# KEZEK_NCANODE_URL: where NCANode listens.
KEZEK_NCANODE_URL = env.str("KEZEK_NCANODE_URL", "http://127.0.0.1:14579")
# KEZEK_NCANODE_TIMEOUT: seconds one NCANode request may take.
KEZEK_NCANODE_TIMEOUT = env.float("KEZEK_NCANODE_TIMEOUT", 10.0)
# KEZEK_NCANODE_KEYS: JSON {key_id: {"path" or "key" (PKCS#12 in Base64), "password", "alias"?}},
# the server-side keys of officials (a secret: set it in the environment, never in a file here).
_ncanode_keys = env.json("KEZEK_NCANODE_KEYS", {})
if not isinstance(_ncanode_keys, dict):
    raise ImproperlyConfigured('KEZEK_NCANODE_KEYS must be a JSON object: {"key_id": {...}}')
KEZEK_NCANODE_KEYS: dict[str, dict[str, str]] = _ncanode_keys
# KEZEK_NCANODE_REVOCATION_CHECK: comma-separated checks NCANode makes (OCSP, CRL).
KEZEK_NCANODE_REVOCATION_CHECK: list[str] = env.list("KEZEK_NCANODE_REVOCATION_CHECK", ["OCSP"])
# KEZEK_NCANODE_TSP: whether signatures get a timestamp from the TSP service.
KEZEK_NCANODE_TSP = env.bool("KEZEK_NCANODE_TSP", True)

# --- Uploaded scans: virus scanning (kezek.portal.scanning) ----------------------------------
# KEZEK_VIRUS_SCANNER: dotted path of the scanner (no_scan, clamav_scan, reject_eicar).
KEZEK_VIRUS_SCANNER = env.str("KEZEK_VIRUS_SCANNER", "kezek.portal.scanning.no_scan")
# KEZEK_CLAMAV_SOCKET: clamd's Unix socket path, or tcp://host:port.
KEZEK_CLAMAV_SOCKET = env.str("KEZEK_CLAMAV_SOCKET", "/var/run/clamav/clamd.ctl")
# KEZEK_CLAMAV_TIMEOUT: seconds clamd may take for one file.
KEZEK_CLAMAV_TIMEOUT = env.float("KEZEK_CLAMAV_TIMEOUT", 30.0)
