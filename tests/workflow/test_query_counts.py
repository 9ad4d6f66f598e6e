"""Query-count guards on the back-office pages: the workqueue, the files list and one file page
take the same number of queries with 3 files in scope as with 15 (no query per row), and no more
than the number measured when the guard was written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.workflow.inputs import application_input_from_json
from kezek.workflow.services.intake import application_intake

from .helpers import pensioner_payload

pytestmark = pytest.mark.django_db

# Measured on SQLite when the guards were written: the same with 3 files in scope and with 15.
WORKQUEUE_QUERIES = 6
FILES_LIST_QUERIES = 6
# The file page: 18, and 1 more since it lists the messages sent and the documents being made.
FILE_PAGE_QUERIES = 19


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _accept(staff, serials: range) -> list[Application]:
    """PSC files accepted at branch 1: they wait in the back office's workqueue (reg:19.2)."""
    return [
        application_intake(
            actor=staff[Role.PSC_INSPECTOR],
            channel="psc",
            data=application_input_from_json(pensioner_payload(serial)),
        )
        for serial in serials
    ]


def _queries(client, url: str, *, shows: list[Application]) -> int:
    """The queries of one GET of the page (after a first GET has warmed the session and the
    process-wide caches); the page must show the files it is expected to show."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for application in shows:
        assert application.request_number in html
    return len(queries)


def _grows_not(client, staff, url_of, *, listed: bool) -> tuple[int, int]:
    first = _accept(staff, range(1, 4))
    at_3 = _queries(client, url_of(first), shows=first if listed else first[:1])
    more = _accept(staff, range(4, 16))
    assert Application.objects.count() == 15
    at_15 = _queries(client, url_of(first), shows=first + more if listed else first[:1])
    return at_3, at_15


def test_the_workqueue_takes_no_query_per_file(client, staff, django_assert_max_num_queries):
    client.force_login(staff[Role.PSC_BACK_OFFICE])
    at_3, at_15 = _grows_not(client, staff, lambda files: "/office/", listed=True)
    assert at_15 == at_3
    with django_assert_max_num_queries(WORKQUEUE_QUERIES):
        assert client.get("/office/").status_code == 200


def test_the_files_list_takes_no_query_per_file(client, staff, django_assert_max_num_queries):
    client.force_login(staff[Role.AUDITOR])
    at_3, at_15 = _grows_not(client, staff, lambda files: "/office/files/", listed=True)
    assert at_15 == at_3
    with django_assert_max_num_queries(FILES_LIST_QUERIES):
        assert client.get("/office/files/").status_code == 200


def test_a_file_page_does_not_depend_on_the_other_files(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff[Role.PSC_BACK_OFFICE])
    at_3, at_15 = _grows_not(
        client, staff, lambda files: f"/office/files/{files[0].pk}/", listed=False
    )
    assert at_15 == at_3
    application = Application.objects.order_by("pk").first()
    with django_assert_max_num_queries(FILE_PAGE_QUERIES):
        assert client.get(f"/office/files/{application.pk}/").status_code == 200
