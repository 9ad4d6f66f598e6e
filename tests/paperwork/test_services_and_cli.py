"""Issuing: who may, numbering, the stored record and its audit; the command line; the bench."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kezek.audit.models import AuditRecord
from kezek.benchmarks.receipt import run_benchmark
from kezek.common.errors import KezekError, PermissionDeniedError
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.models import IssuedDocument
from kezek.paperwork.services.issue import paperwork_issue

pytestmark = pytest.mark.django_db


def test_issue_stores_pdf_hash_version_context_and_audit(psc_application, staff) -> None:
    document = paperwork_issue(
        actor=staff["psc_inspector"], kind="receipt", application=psc_application
    )
    document.refresh_from_db()
    pdf = bytes(document.pdf)
    assert pdf.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.size == len(pdf)
    assert document.template_version.startswith("receipt/2026.1+")
    assert document.context["_type"] == "ReceiptContext"
    assert document.context["request_number"] == psc_application.request_number
    assert document.office.code == "akt-psc-1"
    assert document.language == "kk"
    assert document.signature is None
    assert len(document.code) == 10
    record = AuditRecord.objects.get(action="document.issued", object_id=str(document.pk))
    assert record.clauses == ["reg:16.1"]
    assert record.after["sha256"] == document.sha256
    assert record.actor == staff["psc_inspector"]


def test_numbers_follow_each_other_per_kind(psc_application, staff) -> None:
    first = paperwork_issue(actor=None, kind="receipt", application=psc_application)
    second = paperwork_issue(actor=None, kind="receipt", application=psc_application, language="ru")
    year = first.issued_at.year
    assert first.number == f"AKT-R-{year}-00001"
    assert second.number == f"AKT-R-{year}-00002"
    assert first.code != second.code
    # Both stay valid: a reprint in the other language does not cancel the first.
    assert first.is_valid
    assert IssuedDocument.objects.filter(status="valid").count() == 2


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("psc_back_office", "receipt"),
        ("auditor", "receipt"),
        ("psc_inspector", "motivated_refusal"),
    ],
)
def test_roles_that_may_not_issue(psc_application, refused_application, staff, role, kind) -> None:
    application = refused_application if kind == "motivated_refusal" else psc_application
    with pytest.raises(PermissionDeniedError):
        paperwork_issue(actor=staff[role], kind=kind, application=application, email=False)
    assert not IssuedDocument.objects.exists()


def test_bad_input_names_the_field(psc_application, refused_application, staff) -> None:
    cases = [
        ({"kind": "passport", "application": psc_application}, "kind"),
        ({"kind": "receipt", "application": psc_application, "language": "en"}, "language"),
        ({"kind": "receipt"}, "application"),
        ({"kind": "dispatch_registry"}, "subject"),
        ({"kind": "issue_journal"}, "subject"),
        # The engine refuses this file: there is no registration to notify.
        ({"kind": "registration_notice", "application": refused_application}, "kind"),
        # The engine registers this one: there is no refusal to motivate.
        ({"kind": "motivated_refusal", "application": psc_application}, "kind"),
        # Not in the housing queue yet: no number to state.
        ({"kind": "registration_notice", "application": psc_application}, "positions"),
    ]
    for kwargs, field in cases:
        with pytest.raises(KezekError) as caught:
            paperwork_issue(actor=staff["ab_head"], **kwargs)
        assert caught.value.field == field, kwargs
    assert not IssuedDocument.objects.exists()


def test_api_errors_are_422_with_the_field(client, db) -> None:
    response = client.post("/api/v1/documents/verify", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "pdf"


def test_staff_download_the_stored_pdf_in_scope_only(psc_application, staff, client) -> None:
    document = paperwork_issue(actor=None, kind="receipt", application=psc_application)
    client.force_login(staff["psc_inspector"])
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200
    assert response.content == bytes(document.pdf)
    client.force_login(staff["psc_back_office"])  # same PSC office: in scope
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 200
    client.logout()
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 302  # to sign-in
    from tests.factories import StaffFactory

    other_psc = StaffFactory(
        role="psc_inspector", office=staff["ab_head"].office.district.offices.get(code="akt-psc-2")
    )
    client.force_login(other_psc)
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404


# --------------------------------------------------------------------------- CLI


def test_render_command_issues_once_and_reprints_the_same_bytes(psc_application, tmp_path) -> None:
    out = tmp_path / "receipt.pdf"
    call_command(
        "paperwork",
        "render",
        "receipt",
        psc_application.request_number,
        "--lang",
        "ru",
        "--out",
        str(out),
    )
    first = out.read_bytes()
    document = IssuedDocument.objects.get()
    assert first == bytes(document.pdf)
    assert document.language == "ru"
    call_command(
        "paperwork",
        "render",
        "receipt",
        psc_application.request_number.lower(),
        "--lang",
        "ru",
        "--out",
        str(out),
    )
    assert out.read_bytes() == first
    assert IssuedDocument.objects.count() == 1
    call_command(
        "paperwork",
        "render",
        "receipt",
        psc_application.request_number,
        "--lang",
        "ru",
        "--out",
        str(out),
        "--new",
    )
    assert IssuedDocument.objects.count() == 2


def test_render_command_errors_name_the_argument(psc_application, tmp_path) -> None:
    out = str(tmp_path / "x.pdf")
    with pytest.raises(
        CommandError, match="REQUEST_NUMBER: no application AKT-1999-99999"
    ) as caught:
        call_command("paperwork", "render", "receipt", "AKT-1999-99999", "--out", out)
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="positions") as caught:
        call_command(
            "paperwork",
            "render",
            "registration_notice",
            psc_application.request_number,
            "--out",
            out,
        )
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="--out") as caught:
        call_command(
            "paperwork",
            "render",
            "receipt",
            psc_application.request_number,
            "--out",
            str(tmp_path / "no" / "x.pdf"),
        )
    assert caught.value.returncode == 2


def test_bad_arguments_exit_2_with_one_line(tmp_path) -> None:
    """From a shell: exit status 2 and one line naming the argument (no usage block)."""
    env = {
        **os.environ,
        "KEZEK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kezek.settings.test",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kezek.cli import main; main()",
            "paperwork",
            "render",
            "passport",
            "AKT-2026-00001",
            "--out",
            "x.pdf",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "KIND" in lines[0]
    assert "passport" in lines[0]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["render", "receipt", "AKT-2026-00001", "--lang", "en", "--out", "x.pdf"], "--lang"),
        (["render", "receipt", "AKT-2026-00001"], "--out"),
        (["sample"], "--out"),
        (["print"], "print"),
    ],
)
def test_bad_arguments_name_the_argument(argv, named) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("paperwork", *argv)
    assert caught.value.returncode == 2
    assert named in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.slow
def test_sample_renders_every_kind_in_both_languages(db, tmp_path, capsys) -> None:
    from kezek.demo.loader import demo_load

    demo_load()
    call_command("paperwork", "sample", "--out", str(tmp_path / "samples"))
    files = sorted(p.name for p in (tmp_path / "samples").iterdir())
    assert files == sorted(
        f"{kind}-{lang}.pdf" for kind in DocumentKind.values for lang in ("kk", "ru")
    )
    for path in (tmp_path / "samples").iterdir():
        assert path.read_bytes().startswith(b"%PDF-")
    out = capsys.readouterr().out
    assert out.count("not issued (sample)") == len(files)  # each sample says it is a review copy
    assert not IssuedDocument.objects.exists()  # review copies are not issued documents


def test_sample_without_the_demo_is_a_clear_error(db, tmp_path) -> None:
    with pytest.raises(CommandError, match="kezek demo") as caught:
        call_command("paperwork", "sample", "--out", str(tmp_path))
    assert caught.value.returncode == 2


def test_benchmark_reports_median_and_p95(psc_application) -> None:
    result = run_benchmark(["--current-db", "--renders", "3", "--warmup", "1"])
    assert result["suite"] == "receipt"
    assert 0 < result["render"]["median_ms"] <= result["render"]["p95_ms"]
    assert result["pdf_bytes"] > 5000
    assert not IssuedDocument.objects.exists()  # the issue figures are rolled back


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_get_distinct_numbers(psc_application) -> None:
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            paperwork_issue(actor=None, kind="receipt", application=psc_application)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(IssuedDocument.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 4


def test_psc_staff_issue_only_for_their_own_branch(psc_application, offices) -> None:
    from tests.factories import StaffFactory

    other_branch = StaffFactory(role="psc_inspector", office=offices["akt-psc-2"])
    with pytest.raises(PermissionDeniedError) as caught:
        paperwork_issue(actor=other_branch, kind="receipt", application=psc_application)
    assert caught.value.field == "office"
    assert not IssuedDocument.objects.exists()
