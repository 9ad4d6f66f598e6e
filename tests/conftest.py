"""Fixtures shared by the suite: the Annex 1 district (loaded by migration) and one user per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.factories import ANNEX1_OFFICE_OF_ROLE, DistrictFactory, OfficeFactory, StaffFactory
from tests.servers import Inbox, TestSmsc, free_port, smsc_start


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests (row locks, concurrency) are skipped on SQLite, visibly."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, concurrency): runs in CI with DATABASE_URL"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> object:
    """pytest-django's, and then, before the test database is dropped, the queue lookup's own
    connection closed (PostgreSQL refuses to drop a database somebody is connected to)."""
    yield
    from kezek.housing_queue.lookup_connection import LOOKUP_CONNECTION

    LOOKUP_CONNECTION.close()


DATA_MIGRATIONS = (
    "kezek.offices.migrations.0002_annex1_district",
    "kezek.reference.migrations.0002_subsistence_minimum_data",
)


@pytest.fixture(autouse=True)
def _data_of_the_migrations(request: pytest.FixtureRequest) -> None:
    """Keep the Annex 1 district and the subsistence minimum in place for every database test.

    A transactional test (concurrency on PostgreSQL, the browser tests) ends with a flush; under
    xdist a plain test may run after it on the same worker, and would find the tables empty.
    The data migrations are idempotent, so they are simply run again when the data are gone.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if not uses_db:
        return
    if "db" in request.fixturenames and request.node.get_closest_marker("django_db") is None:
        request.getfixturevalue("db")
    import importlib

    from django.apps import apps

    from kezek.offices.models import District
    from kezek.reference.models import SubsistenceMinimum

    if District.objects.filter(code="akt").exists() and SubsistenceMinimum.objects.exists():
        return
    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)


@pytest.fixture
def district(db):
    from kezek.offices.models import District

    return District.objects.get(code="akt")


@pytest.fixture
def offices(district):
    return {o.code: o for o in district.offices.all()}


@pytest.fixture
def staff(offices):
    """One active account per role in the Annex 1 district."""
    return {
        role: StaffFactory(role=role, office=offices[code])
        for role, code in ANNEX1_OFFICE_OF_ROLE.items()
    }


@pytest.fixture
def other_district(db):
    """A second district: its staff must never see the Annex 1 files, nor act on them."""
    return DistrictFactory(code="oth")


@pytest.fixture
def other_ab(other_district):
    """The other district's authorized body, where its staff sit (`oth-ab`)."""
    return OfficeFactory(district=other_district)


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --------------------------------------------------------------------------- real servers


@pytest.fixture
def smtp_port(settings) -> int:
    """The SMTP backend pointed at a free port on 127.0.0.1 (nothing listens until `inbox`)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on `smtp_port`; what it receives is in `.messages`."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smsc(settings) -> Iterator[TestSmsc]:
    """The test SMSC on a free port, and the SMPP gateway pointed at it."""
    record = TestSmsc(port=free_port())
    settings.KEZEK_SMS_BACKEND = "smpp"
    settings.KEZEK_SMPP_HOST = "127.0.0.1"
    settings.KEZEK_SMPP_PORT = record.port
    settings.KEZEK_SMPP_SYSTEM_ID = "kezek-test"
    settings.KEZEK_SMPP_PASSWORD = "secret"
    settings.KEZEK_SMPP_TIMEOUT = 2
    server = smsc_start(record)
    try:
        yield record
    finally:
        record.release.set()
        server.shutdown()
        server.server_close()
