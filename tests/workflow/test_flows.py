"""End to end through the HTTP API, logged in as each role in turn: the PSC, the AB desk and the
portal each from acceptance to the handed-out result, and the refusal path (Annex 3, Table 3).

Stages covered (reg:13): reg:13.1, reg:13.2, reg:13.3, reg:13.4, reg:13.5; the eight actions of annex:3."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest

from kezek.accounts.models import Role
from kezek.applications.models import Application
from kezek.core.calendar import ALMATY
from kezek.workflow.models import IssueJournalEntry, Receipt, ResultDraft

from .helpers import MONDAY_10AM, ok, pensioner_iin, pensioner_payload, refused_payload

pytestmark = pytest.mark.django_db

API = "/api/v1/workflow"


class Desk:
    """The test client, signed in as one role after another."""

    def __init__(self, client, staff) -> None:
        self.client = client
        self.staff = staff

    def as_(self, role: str) -> Desk:
        self.client.force_login(self.staff[role])
        return self

    def post(self, path: str, data: dict | None = None, status: int = 200):
        response = self.client.post(
            API + path, data=json.dumps(data or {}), content_type="application/json"
        )
        return ok(response, status)

    def get(self, path: str, status: int = 200):
        return ok(self.client.get(API + path), status)


@pytest.fixture
def desk(client, staff):
    return Desk(client, staff)


def _trail(desk: Desk, pk: int) -> list[tuple[str, str]]:
    return [
        (r["action"], r["actor"]) for r in desk.as_(Role.AUDITOR).get(f"/applications/{pk}/audit")
    ]


def test_psc_file_from_the_window_to_the_handed_out_notice(desk, staff, time_machine) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    created = desk.as_(Role.PSC_INSPECTOR).post(
        "/applications", {**pensioner_payload(), "channel": "psc"}, status=201
    )
    pk = created["id"]
    assert created["status"] == "accepted"
    assert created["deadlines"]["result_due"] == "2025-03-12"  # 30 days, acceptance day not counted
    assert created["deadlines"]["handover_due"] == "2025-03-11"
    assert created["receipt"]["result_date"] == "2025-03-12"
    receipt = Receipt.objects.get(application_id=pk)
    assert receipt.document_count == 7
    assert receipt.accepted_by == staff[Role.PSC_INSPECTOR]
    assert receipt.applicant_phone == "+7 701 111 22 33"

    time_machine.shift(dt.timedelta(minutes=50))
    assert (
        desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")["status"] == "collected"
    )
    registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
    assert registry["number"] == "AKT-PSC-1-2025-0001"
    assert [f["request_number"] for f in registry["files"]] == [created["request_number"]]

    time_machine.shift(dt.timedelta(minutes=30))
    received = desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
    assert received["received_by"] == staff[Role.AB_EXECUTOR].display_name
    decision = desk.get(f"/applications/{pk}/decision")
    assert decision["decision"] == "register"
    assert decision["lists"] == ["socially_vulnerable"]
    assert all("reg:" in sentence for sentence in decision["reasons_shown"])

    time_machine.shift(dt.timedelta(days=2))
    drafted = desk.post(f"/applications/{pk}/draft", {"comment": "Құжаттар толық"})
    assert drafted["status"] == "awaiting_signature"
    signed = desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")
    assert signed["status"] == "signed"
    assert signed["results"][-1]["queue_positions"] == [["socially_vulnerable", 1]]

    time_machine.shift(dt.timedelta(hours=2))
    registered = desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/register_result")
    assert registered["status"] == "result_registered"
    assert registered["results"][-1]["outgoing_number"] == "AKT-AB-2025-00001"

    time_machine.shift(dt.timedelta(hours=1))
    assert desk.as_(Role.PSC_INSPECTOR).post(f"/applications/{pk}/receive_result")["status"] == (
        "result_at_psc"
    )
    issued = desk.post(f"/applications/{pk}/issue", {"recipient": "applicant"})
    assert issued["status"] == "issued"
    assert issued["issue"]["recipient_name"] == "Серікова Гүлжан Бекқызы"
    assert issued["issue"]["number"] == 1
    assert issued["issue"]["office"] == "akt-psc-1"

    trail = desk.as_(Role.AUDITOR).get(f"/applications/{pk}/audit")
    assert [r["action"] for r in trail] == [
        "application.accepted",
        "workflow.receipt_given",
        "workflow.collect",
        "workflow.dispatch",
        "workflow.receive",
        "workflow.draft",
        "workflow.sign",
        "workflow.register_result",
        "workflow.receive_result",
        "workflow.issue",
    ]
    actors = [r["actor"] for r in trail]
    names = {role: staff[role].display_name for role in staff}
    assert actors == [
        names[Role.PSC_INSPECTOR],
        names[Role.PSC_INSPECTOR],
        names[Role.PSC_BACK_OFFICE],
        names[Role.PSC_BACK_OFFICE],
        names[Role.AB_EXECUTOR],
        names[Role.AB_EXECUTOR],
        names[Role.AB_HEAD],
        names[Role.AB_EXECUTOR],
        names[Role.PSC_INSPECTOR],
        names[Role.PSC_INSPECTOR],
    ]
    times = [dt.datetime.fromisoformat(r["at"]) for r in trail]
    assert times == sorted(times)
    assert times[0] == MONDAY_10AM
    assert times[-1] == MONDAY_10AM + dt.timedelta(days=2, hours=4, minutes=20)
    assert all(r["clauses"] for r in trail)
    assert trail[6]["before"] == {"status": "awaiting_signature"}
    assert trail[6]["after"]["status"] == "signed"


def test_ab_desk_file_goes_straight_to_the_executor_and_out_to_a_representative(
    desk, staff, time_machine
) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    payload = pensioner_payload(
        serial=2,
        representative={
            "full_name": "Сериков Бекзат Ерланұлы",
            "iin": pensioner_iin(3),
            "phone": "+7 702 000 00 01",
            "power_of_attorney_number": "№ 0452",
            "power_of_attorney_date": "2025-01-20",
        },
    )
    created = desk.as_(Role.AB_OFFICE_CLERK).post(
        "/applications", {**payload, "channel": "ab_desk"}, status=201
    )
    pk = created["id"]
    assert created["deadlines"]["handover_due"] is None  # only PSC files are handed over
    assert Receipt.objects.get(application_id=pk).representative_name == "Сериков Бекзат Ерланұлы"

    # In the executors' inbox straight away: no registry, no batch (actions 1–4 skipped).
    inbox = desk.as_(Role.AB_EXECUTOR).get("/workqueue")
    assert [f["id"] for f in inbox] == [pk]
    assert desk.post(f"/applications/{pk}/take")["status"] == "under_check"
    assert desk.post(f"/applications/{pk}/draft")["status"] == "awaiting_signature"
    assert desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")["status"] == "signed"
    assert desk.as_(Role.AB_OFFICE_CLERK).post(f"/applications/{pk}/register_result")["status"] == (
        "result_registered"
    )
    issued = desk.post(f"/applications/{pk}/issue", {"recipient": "representative"})
    assert issued["status"] == "issued"
    entry = IssueJournalEntry.objects.get(application_id=pk)
    assert entry.recipient == "representative"
    assert entry.recipient_name == "Сериков Бекзат Ерланұлы"
    assert entry.power_of_attorney_number == "№ 0452"
    assert entry.issued_by == staff[Role.AB_OFFICE_CLERK]
    assert entry.office.code == "akt-ab"
    clerk, executor, head = (
        staff[r].display_name for r in (Role.AB_OFFICE_CLERK, Role.AB_EXECUTOR, Role.AB_HEAD)
    )
    assert _trail(desk, pk) == [
        ("application.accepted", clerk),
        ("workflow.receipt_given", clerk),
        ("workflow.take", executor),
        ("workflow.draft", executor),
        ("workflow.sign", head),
        ("workflow.register_result", clerk),
        ("workflow.issue", clerk),
    ]


def test_refusal_path_ends_in_a_motivated_refusal_with_every_ground(
    desk, staff, time_machine
) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    created = desk.as_(Role.PSC_INSPECTOR).post(
        "/applications", {**refused_payload(), "channel": "psc"}, status=201
    )
    pk = created["id"]
    desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")
    registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
    desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
    decision = desk.get(f"/applications/{pk}/decision")
    assert decision["decision"] == "refuse"
    expected_grounds = ["reg:6", "reg:6.2", "reg:8", "reg:12.2"]
    assert decision["grounds"] == expected_grounds
    drafted = desk.post(f"/applications/{pk}/draft")
    assert drafted["results"][-1]["kind"] == "refuse"
    assert drafted["results"][-1]["grounds"] == expected_grounds
    desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")
    desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/register_result")
    desk.as_(Role.PSC_INSPECTOR).post(f"/applications/{pk}/receive_result")
    issued = desk.post(f"/applications/{pk}/issue")
    assert issued["status"] == "issued"
    result = ResultDraft.objects.get(application_id=pk)
    assert result.kind == "refuse"
    assert result.queue_positions == []
    for reasons in (result.reasons_kk, result.reasons_ru):
        text = " ".join(reasons)
        for clause in expected_grounds:
            assert clause in text
    # Russian screens show the Russian motivation; Kazakh screens the Kazakh one.
    ru = desk.client.get(f"{API}/applications/{pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert ru["results"][-1]["reasons"] == result.reasons_ru
    kk = desk.client.get(f"{API}/applications/{pk}", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert kk["results"][-1]["reasons"] == result.reasons_kk
    actions = [a for a, _ in _trail(desk, pk)]
    assert actions[-1] == "workflow.issue"
    assert "workflow.sign" in actions
    assert not Application.objects.get(pk=pk).results.filter(kind="register").exists()


def test_head_sends_the_draft_back_with_a_comment_then_signs(desk, staff, time_machine) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    pk = desk.as_(Role.AB_OFFICE_CLERK).post(
        "/applications", {**pensioner_payload(serial=4), "channel": "ab_desk"}, status=201
    )["id"]
    desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/take")
    desk.post(f"/applications/{pk}/draft")
    no_comment = desk.as_(Role.AB_HEAD).client.post(
        f"{API}/applications/{pk}/return_draft", data="{}", content_type="application/json"
    )
    assert no_comment.status_code == 422
    assert no_comment.json()["detail"][0]["loc"] == ["body", "comment"]
    returned = desk.post(f"/applications/{pk}/return_draft", {"comment": "Анықтаманы тексеріңіз"})
    assert returned["status"] == "under_check"
    assert returned["results"][-1]["state"] == "returned"
    assert returned["results"][-1]["return_comment"] == "Анықтаманы тексеріңіз"
    desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/draft")
    signed = desk.as_(Role.AB_HEAD).post(f"/applications/{pk}/sign")
    assert [r["state"] for r in signed["results"]] == ["returned", "signed"]


def test_executor_asks_the_psc_for_a_missing_page(desk, staff, time_machine) -> None:
    time_machine.move_to(MONDAY_10AM, tick=False)
    pk = desk.as_(Role.PSC_INSPECTOR).post(
        "/applications", {**pensioner_payload(serial=5), "channel": "psc"}, status=201
    )["id"]
    desk.as_(Role.PSC_BACK_OFFICE).post(f"/applications/{pk}/collect")
    registry = desk.post("/registries", {"application_ids": [pk]}, status=201)
    desk.as_(Role.AB_EXECUTOR).post(f"/registries/{registry['id']}/receive")
    asked = desk.post(f"/applications/{pk}/request_documents", {"comment": "2-бет жоқ"})
    assert asked["status"] == "documents_requested"
    queue = desk.as_(Role.PSC_INSPECTOR).get("/workqueue")
    assert pk in [f["id"] for f in queue]
    supplied = desk.post(
        f"/applications/{pk}/supply_documents",
        {"documents": ["id_documents"], "comment": "Екінші бет"},
    )
    assert supplied["status"] == "under_check"
    assert supplied["documents"].count("id_documents") == 2
    assert desk.as_(Role.AB_EXECUTOR).post(f"/applications/{pk}/draft")["status"] == (
        "awaiting_signature"
    )


@pytest.mark.parametrize("signer", ["applicant", "representative"])
def test_portal_file_from_the_signed_request_to_the_personal_cabinet(
    desk, staff, client, time_machine, mailoutbox, signer, django_capture_on_commit_callbacks
) -> None:
    from kezek.signatures.testing import sign_as_citizen

    time_machine.move_to(MONDAY_10AM, tick=False)
    scan = b"%PDF-1.7\n scanned form"
    photo = b"\x89PNG\r\n\x1a\n scanned id"
    body = pensioner_payload(serial=6, contact_email="citizen@example.kz")
    del body["documents"]
    body["district"] = "akt"
    body["attachments"] = [
        {
            "doc_type": "application_form",
            "file": "form",
            "sha256": hashlib.sha256(scan).hexdigest(),
        },
        {"doc_type": "id_documents", "file": "id", "sha256": hashlib.sha256(photo).hexdigest()},
    ]
    body["fetched_documents"] = [
        "property_certificate",
        "communal_housing_certificate",
        "residence_proof",
        "group_proof",
        "income_statement",
    ]
    if signer == "representative":
        body["representative"] = {
            "full_name": "Сериков Бекзат",
            "iin": pensioner_iin(8),
            "power_of_attorney_number": "17",
            "power_of_attorney_date": "2025-01-05",
        }
    request_bytes = json.dumps(body, ensure_ascii=False).encode("utf-8")
    iin = body["applicant"]["iin"] if signer == "applicant" else pensioner_iin(8)
    signature = sign_as_citizen(request_bytes, iin=iin, name="SIGNER")
    client.logout()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/portal/applications",
            {
                "request": request_bytes.decode("utf-8"),
                "signature": base64.b64encode(signature).decode(),
                "form": SimpleUploadedFile("form.pdf", scan),
                "id": SimpleUploadedFile("id.png", photo),
            },
        )
    report = ok(response, 201)
    number = report["request_number"]
    assert report["acceptance_report"]["accepted_at"] == MONDAY_10AM.isoformat()
    assert report["acceptance_report"]["result_date"] == "2025-03-12"
    application = Application.objects.get(request_number=number)
    assert application.channel == "portal"
    assert application.portal_submission.signer_role == signer
    assert {d.source for d in application.documents.all()} == {"scanned", "fetched"}
    assert mailoutbox[-1].to == ["citizen@example.kz"]
    assert "12.03.2025" in mailoutbox[-1].body

    time_machine.shift(dt.timedelta(hours=3))
    desk.as_(Role.AB_EXECUTOR).post(f"/applications/{application.pk}/take")
    desk.post(f"/applications/{application.pk}/draft")
    desk.as_(Role.AB_HEAD).post(f"/applications/{application.pk}/sign")
    with django_capture_on_commit_callbacks(execute=True):
        delivered = desk.as_(Role.AB_EXECUTOR).post(
            f"/applications/{application.pk}/register_result"
        )
    assert delivered["status"] == "issued"  # straight to the personal cabinet (reg:18)
    assert delivered["issue"]["recipient"] == "personal_cabinet"
    # reg:18: a notice that the result is in the cabinet, and the signed result itself as a PDF.
    assert len(mailoutbox) == 3
    assert all(m.to == ["citizen@example.kz"] for m in mailoutbox[1:])
    assert number in mailoutbox[1].subject
    attachments = [name for name, _content, _type in mailoutbox[2].attachments]
    assert any(name.endswith(".pdf") for name in attachments)

    client.logout()
    cabinet = ok(
        client.get(f"{API}/portal/applications/{number}", {"iin": body["applicant"]["iin"]})
    )
    assert cabinet["status"] == "issued"
    assert cabinet["result"]["kind"] == "register"
    assert cabinet["result"]["queue_positions"] == [["socially_vulnerable", 1]]
    assert (
        cabinet["result"]["reasons"] == ResultDraft.objects.get(application=application).reasons_kk
    )
    wrong = client.get(f"{API}/portal/applications/{number}", {"iin": pensioner_iin(99)})
    assert wrong.status_code == 404
    executor, head = (staff[r].display_name for r in (Role.AB_EXECUTOR, Role.AB_HEAD))
    assert _trail(desk, application.pk) == [
        ("application.accepted", "system"),
        ("workflow.portal_received", f"SIGNER ({iin})"),
        # The citizen is told by e-mail and SMS: accepted, with the result date ...
        ("message.sent", "system"),
        ("message.sent", "system"),
        ("workflow.take", executor),
        ("workflow.draft", executor),
        ("workflow.sign", head),
        ("workflow.register_result", executor),
        ("workflow.deliver", "system"),
        ("message.sent", "system"),  # ... and registered, with the queue number
        ("message.sent", "system"),
    ]
    assert dt.datetime.fromisoformat(cabinet["result"]["delivered_at"]).astimezone(ALMATY) == (
        MONDAY_10AM + dt.timedelta(hours=3)
    )


def test_the_api_is_in_the_openapi_document(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/workflow/applications",
        "/api/v1/workflow/applications/{application_id}/{action}",
        "/api/v1/workflow/registries/{registry_id}/receive",
        "/api/v1/workflow/portal/applications",
        "/api/v1/workflow/portal/applications/{request_number}",
    ):
        assert path in paths


def test_session_api_checks_csrf_on_writes(staff) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff[Role.AB_OFFICE_CLERK])
    body = json.dumps({**pensioner_payload(serial=9), "channel": "ab_desk"})
    refused = browser.post(f"{API}/applications", data=body, content_type="application/json")
    assert refused.status_code == 403
    assert not Application.objects.exists()
    browser.get("/office/")  # a page sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        f"{API}/applications", data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201
