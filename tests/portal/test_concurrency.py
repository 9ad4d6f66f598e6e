"""A double click on "sign and submit" (two requests at once) makes one application: the draft
row is locked and deleted by the first; the second finds it gone (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kezek.applications.models import Application
from kezek.common.errors import KezekError
from kezek.portal.models import Draft
from kezek.portal.services.submission import draft_submit

from .support import (
    citizen_iin,
    fill_answers,
    sign_b64,
    sign_data_of,
    sign_in,
    start,
    tiny_pdf,
    tiny_png,
    upload,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_submissions_at_once_make_one_application(client) -> None:
    iin = citizen_iin()
    sign_in(client, iin=iin)
    start(client)
    fill_answers(client)
    upload(
        client,
        {
            "id_documents": ("id.png", tiny_png()),
            "civil_status_certificates": ("c.pdf", tiny_pdf("c")),
            "group_proof": ("g.pdf", tiny_pdf("g")),
            "income_statement": ("i.pdf", tiny_pdf("i")),
        },
        action="next",
    )
    client.post("/portal/apply/summary/")
    request = sign_data_of(client.get("/portal/apply/sign/").content.decode())
    signature = sign_b64(request, iin=iin)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit() -> None:
        try:
            barrier.wait()
            outcomes.append(draft_submit(iin=iin, request=request, signature=signature))
        except KezekError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert Application.objects.count() == 1
    assert not Draft.objects.exists()
    errors = [o for o in outcomes if isinstance(o, KezekError)]
    assert len(outcomes) == 2
    assert len(errors) == 1
    assert errors[0].code == "not_found"
