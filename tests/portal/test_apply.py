"""The application in steps (reg:15.2): each step validates and saves the draft on the server,
the draft survives a new session, the checklist follows the answers (the rules engine)."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.audit.models import AuditRecord
from kezek.portal.models import Draft

from .support import (
    LARGE_FAMILY,
    applicant_post,
    citizen_iin,
    fill_answers,
    groups_post,
    housing_post,
    rows_post,
    sign_in,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client):
    client.cookies["kezek_language"] = "en"
    sign_in(client, iin=citizen_iin())
    start(client)
    return client


def _draft() -> Draft:
    return Draft.objects.get(iin=citizen_iin())


def _unchanged(response, before: Draft, *texts: str) -> str:
    assert response.status_code == 422
    html = response.content.decode()
    for text in texts:
        assert text in html, html
    after = _draft()
    assert (after.data, after.step) == (before.data, before.step)
    return html


def test_starting_makes_one_draft_with_the_name_from_the_certificate(citizen) -> None:
    draft = _draft()
    assert draft.step == 1
    page = citizen.get("/portal/apply/applicant/").content.decode()
    assert 'value="Сапаров"' in page
    assert 'value="Ғабит"' in page
    assert "15.04.1985" in page  # the birth date from the IIN
    start(citizen)
    assert Draft.objects.count() == 1
    assert citizen.get("/portal/apply/")["Location"] == "/portal/apply/applicant/"


def test_each_step_saves_the_answers_and_moves_on(citizen) -> None:
    fill_answers(citizen)
    draft = _draft()
    assert draft.step == 6
    assert draft.data["applicant"]["phone"] == "+7 701 123 45 67"
    assert [m["birth_date"] for m in draft.data["family"]][:2] == ["1987-01-02", "2012-05-05"]
    assert draft.data["groups"]["income_12_months"] == 1_200_000
    assert draft.data["history"] == []
    assert AuditRecord.objects.filter(action="portal.draft_saved").count() == 5


def test_a_later_step_is_not_open_before_the_earlier_ones(citizen) -> None:
    assert citizen.get("/portal/apply/groups/")["Location"] == "/portal/apply/applicant/"
    assert citizen.get("/portal/apply/sign/")["Location"] == "/portal/apply/applicant/"
    assert citizen.get("/portal/apply/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"last_name": ""}, "Surname: This field is required."),
        ({"phone": "12"}, "Enter a phone number of 10 to 12 digits"),
        ({"email": "not-an-address"}, "Enter an e-mail address such as name@example.kz."),
        ({"district": "nowhere"}, "District: Select a valid choice."),
        ({"language": "en"}, "Language of the documents: Select a valid choice."),
        ({"email": "", "notify_by_email": "on"}, "Give an e-mail address to be told by e-mail"),
    ],
)
def test_the_applicant_step_refuses_bad_input_naming_the_field(citizen, changes, text) -> None:
    before = _draft()
    html = _unchanged(
        citizen.post("/portal/apply/applicant/", applicant_post(**changes)), before, text
    )
    assert 'aria-invalid="true"' in html
    assert "-error" in html  # the message is linked to the input (aria-describedby)


def test_family_rows_are_checked_row_by_row(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    before = _draft()
    rows = [
        {"relation": "spouse", "full_name": "Сапарова Әйгерім", "birth_date": "31.02.1987"},
        {"relation": "other", "full_name": "Досы", "birth_date": "01.01.1990"},
        {"relation": "child", "full_name": "", "birth_date": "01.01.2099"},
    ]
    html = _unchanged(
        citizen.post("/portal/apply/family/", rows_post("family", rows)),
        before,
        "Member 1. Birth date: Enter the date as dd.mm.yyyy",
        "Member 2. Recognized as family by a court: Other persons count as family only by a court",
        "Member 3. Full name: Give the full name",
        "Member 3. Birth date: The date cannot be in the future.",
    )
    assert 'href="#id_family-0-birth_date"' in html


def test_a_family_members_iin_must_match_the_birth_date(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    before = _draft()
    rows = [
        {
            "relation": "child",
            "full_name": "Сапаров Нұрлан",
            "birth_date": "05.05.2012",
            "iin": citizen_iin(serial=5),
        }
    ]
    _unchanged(
        citizen.post("/portal/apply/family/", rows_post("family", rows)),
        before,
        "The birth date does not match the IIN.",
    )


def test_blank_and_removed_rows_are_no_members(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    rows = [*LARGE_FAMILY[:2], {"relation": "", "full_name": "", "birth_date": ""}]
    citizen.post("/portal/apply/family/", rows_post("family", rows))
    assert len(_draft().data["family"]) == 2
    rows = [LARGE_FAMILY[0], {**LARGE_FAMILY[1], "DELETE": "on"}, {"relation": ""}]
    citizen.post("/portal/apply/family/", rows_post("family", rows, initial=2))
    assert [m["full_name"] for m in _draft().data["family"]] == ["Сапарова Әйгерім"]


def test_add_another_member_saves_and_stays(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    response = citizen.post(
        "/portal/apply/family/", {**rows_post("family", LARGE_FAMILY[:1]), "action": "stay"}
    )
    assert response["Location"] == "/portal/apply/family/"
    page = citizen.get("/portal/apply/family/").content.decode()
    assert 'name="family-1-relation"' in page  # one more empty row
    assert "Saved." in page


def test_groups_income_is_read_with_spaces_and_checked_by_the_engine(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    citizen.post("/portal/apply/family/", rows_post("family", LARGE_FAMILY))
    before = _draft()
    _unchanged(
        citizen.post("/portal/apply/groups/", groups_post(claimed_groups=[])),
        before,
        "Choose at least one group.",
    )
    _unchanged(
        citizen.post("/portal/apply/groups/", groups_post(income_12_months="много")),
        before,
        "Enter an amount in tenge with digits only",
    )
    # The income test of reg:6.2 applies to a large family: the engine needs the income.
    _unchanged(
        citizen.post("/portal/apply/groups/", groups_post(income_12_months="")),
        before,
        "Total income of the family over the last 12 months, tenge: Give the family&#x27;s income: the groups you chose take the income test (subpara. 2) of para. 6 of the Rules).",
    )
    response = citizen.post("/portal/apply/groups/", groups_post(income_12_months="2 400 000,50"))
    assert response.status_code == 302
    assert _draft().data["groups"]["income_12_months"] == 2400000.5
    page = citizen.get("/portal/apply/groups/").content.decode()
    assert 'value="2\u00a0400\u00a0000,50"' in page  # shown back in the local format


def test_housing_facts_that_contradict_each_other_are_refused(citizen) -> None:
    fill_answers(citizen)
    before = _draft()
    _unchanged(
        citizen.post("/portal/apply/housing/", housing_post("owns_dwelling_in_locality")),
        before,
        "The answers contradict each other",
    )


def test_history_events_are_checked(citizen) -> None:
    fill_answers(citizen)
    before = _draft()
    rows = [
        {"event": "exchanged_dwelling", "date": "", "lender_buyout": "on"},
        {"event": "", "date": "01.01.2024"},
    ]
    _unchanged(
        citizen.post("/portal/apply/history/", rows_post("history", rows)),
        before,
        "Event 1. Date of the event: Give the date of this event.",
        "This applies only when a dwelling was sold or given away.",
        "Event 2. Event: Choose what happened.",
    )
    rows = [{"event": "moved_in_others", "date": "01.06.2024", "persons": ["spouse"]}]
    assert citizen.post("/portal/apply/history/", rows_post("history", rows)).status_code == 302
    assert _draft().data["history"] == [
        {
            "event": "moved_in_others",
            "date": "2024-06-01",
            "lender_buyout": False,
            "persons": ["spouse"],
        }
    ]


def test_the_draft_is_resumed_in_a_new_session(citizen) -> None:
    citizen.post("/portal/apply/applicant/", applicant_post())
    citizen.post("/portal/apply/family/", rows_post("family", LARGE_FAMILY))
    other = Client()  # another browser, or the same after the session ended
    other.cookies["kezek_language"] = "en"
    assert other.get("/portal/apply/family/").status_code == 302
    sign_in(other, iin=citizen_iin())
    cabinet = other.get("/portal/").content.decode()
    assert "step 3 of 8" in cabinet
    assert other.get("/portal/apply/")["Location"] == "/portal/apply/groups/"
    page = other.get("/portal/apply/family/").content.decode()
    assert 'value="Сапаров Нұрлан"' in page
    assert 'value="05.05.2012"' in page


def test_another_citizens_draft_is_theirs_alone(citizen) -> None:
    fill_answers(citizen)
    other = Client()
    sign_in(other, iin=citizen_iin(serial=9))
    page = other.get("/portal/apply/")
    assert page.status_code == 200  # no draft of theirs yet: the start page
    assert "Сапаров" not in page.content.decode()
    start(other)
    assert Draft.objects.count() == 2
    assert Draft.objects.get(iin=citizen_iin(serial=9)).data.get("applicant") is None
