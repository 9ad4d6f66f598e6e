"""The staff pages: a PSC file through every screen, form errors on the page, the decision on
the executor's screen in the user's language."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.rules.clause_words import clause_words
from kezek.workflow.models import DispatchRegistry, IssueJournalEntry

from .helpers import PENSIONER_DOCS, pensioner_input

pytestmark = pytest.mark.django_db


def intake_form(serial: int = 41, documents=PENSIONER_DOCS, **changes) -> dict:
    """The intake page's POST for the pensioner of `pensioner_input` (no patronymic)."""
    data = pensioner_input(serial)
    person, facts = data.applicant, data.facts
    form = {
        "a-iin": person.iin,
        "a-last_name": person.last_name,
        "a-first_name": person.first_name,
        "a-phone": person.phone,
        "a-notify_by_sms": "on",  # ticked when the page opens
        "a-language": data.language,
        "a-claimed_groups": list(data.claimed_groups),
        "a-fund": str(data.fund),
        "a-documents": list(documents),
        "a-citizen_of_kz": "on" if facts["citizen_of_kz"] else "",
        "a-permanent_resident_in_locality": (
            "on" if facts["permanent_resident_in_locality"] else ""
        ),
        "a-income_12_months": str(facts["income_12_months"]),
        "family-TOTAL_FORMS": "4",
        "family-INITIAL_FORMS": "0",
        "family-MIN_NUM_FORMS": "0",
        "family-MAX_NUM_FORMS": "12",
    }
    form.update(changes)
    return form


def _go(client, user, url, data=None, status=302):
    client.force_login(user)
    response = client.post(url, data or {}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def test_a_psc_file_through_the_pages(client, staff) -> None:
    inspector = staff[Role.PSC_INSPECTOR]
    client.force_login(inspector)
    assert client.get("/office/intake/").status_code == 200
    response = _go(client, inspector, "/office/intake/", intake_form())
    application = Application.objects.get()
    # The file opens with the receipt ready to print (issue 7).
    assert response["Location"] == f"/office/files/{application.pk}/?accepted=1"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert application.request_number in page

    back_office = staff[Role.PSC_BACK_OFFICE]
    client.force_login(back_office)
    assert application.request_number in client.get("/office/registries/").content.decode()
    _go(
        client,
        back_office,
        "/office/registries/",
        {"do": "collect", "application_ids": [application.pk]},
    )
    response = _go(
        client,
        back_office,
        "/office/registries/",
        {"do": "send", "application_ids": [application.pk]},
    )
    registry = DispatchRegistry.objects.get()
    assert response["Location"] == f"/office/registries/{registry.pk}/"

    executor = staff[Role.AB_EXECUTOR]
    _go(client, executor, f"/office/registries/{registry.pk}/")
    page = client.get(
        f"/office/files/{application.pk}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    # The decision with its clauses and the Russian motivation on a Russian screen.
    assert clause_words(["reg:7.6"], "ru") in page
    assert clause_words(["reg:8.1"], "ru") in page
    assert "пенсионер" in page.lower()
    # English screens show the Russian motivation (the reasons exist in Kazakh and Russian).
    english = client.get(f"/office/files/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "пенсионер" in english.content.decode().lower()
    kazakh = client.get(f"/office/files/{application.pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    assert "зейнеткер" in kazakh.content.decode().lower()
    _go(client, executor, f"/office/files/{application.pk}/draft/", {"comment": "Толық"})
    _go(client, staff[Role.AB_HEAD], f"/office/files/{application.pk}/sign/")
    _go(client, staff[Role.AB_OFFICE_CLERK], f"/office/files/{application.pk}/register_result/")
    _go(client, inspector, f"/office/files/{application.pk}/receive_result/")
    _go(client, inspector, f"/office/files/{application.pk}/issue/", {"recipient": "applicant"})
    application.refresh_from_db()
    assert application.status == "issued"
    assert IssueJournalEntry.objects.get().issued_by == inspector
    page = client.get(
        f"/office/files/{application.pk}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    for action in (
        "workflow.collect",
        "workflow.dispatch",
        "workflow.receive",
        "workflow.sign",
        "workflow.issue",
    ):
        assert action in page


def test_the_intake_page_shows_what_is_missing(client, staff) -> None:
    clerk = staff[Role.AB_OFFICE_CLERK]
    documents = [d for d in PENSIONER_DOCS if d != "group_proof"]
    response = _go(client, clerk, "/office/intake/", intake_form(documents=documents), status=422)
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Traceback" not in html
    assert not Application.objects.exists()


def test_a_bad_iin_on_the_intake_page_is_a_form_error(client, staff) -> None:
    response = _go(
        client,
        staff[Role.PSC_INSPECTOR],
        "/office/intake/",
        intake_form(**{"a-iin": "580302400012"}),
        status=422,
    )
    assert 'id="id_a-iin_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_refused_action_is_shown_on_the_page(client, staff) -> None:
    _go(client, staff[Role.PSC_INSPECTOR], "/office/intake/", intake_form(serial=42))
    application = Application.objects.get()
    response = _go(
        client, staff[Role.PSC_INSPECTOR], f"/office/files/{application.pk}/withdraw/", status=422
    )
    assert 'role="alert"' in response.content.decode()
    assert "comment" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "accepted"


def test_roles_without_intake_get_not_found(client, staff) -> None:
    for role in (Role.AB_HEAD, Role.AUDITOR, Role.PSC_BACK_OFFICE):
        client.force_login(staff[role])
        assert client.get("/office/intake/").status_code == 404
