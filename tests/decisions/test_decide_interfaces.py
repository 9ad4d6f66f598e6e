"""The same engine through `kezek decide` and POST /api/v1/decisions/preview (decision-case.md).

Every case file in tests/data/decision_cases/ (the spec's examples and ours) goes through both.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from kezek.reference.models import SubsistenceMinimum
from tests.rules.rules_support import REPO_ROOT, assert_meets_expectation

CASES = sorted((REPO_ROOT / "tests" / "data" / "decision_cases").glob("*.json"))
# The cases are dated up to 2025; the clock is set inside the 2026 row of the minimum table.
TODAY = "2026-06-01 12:00:00+05:00"

pytestmark = pytest.mark.django_db


def _decide_cli(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("decide", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _case(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
@time_machine.travel(TODAY, tick=False)
def test_case_through_the_cli(path: Path, tmp_path: Path) -> None:
    data = _case(path)
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(data["input"], ensure_ascii=False), encoding="utf-8")
    code, out, err = _decide_cli(case_file)
    if data["expect"].get("error"):
        assert code == 2
        assert out == ""
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err
        return
    assert code == 0, err
    assert_meets_expectation(json.loads(out), data["expect"])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
@time_machine.travel(TODAY, tick=False)
def test_case_through_the_api(path: Path, client) -> None:
    data = _case(path)
    response = client.post(
        "/api/v1/decisions/preview", data=data["input"], content_type="application/json"
    )
    if data["expect"].get("error"):
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert detail[0]["loc"][0] == "body"
        assert detail[0]["msg"]
        return
    assert response.status_code == 200, response.content
    assert_meets_expectation(response.json(), data["expect"])


@time_machine.travel(TODAY, tick=False)
def test_api_names_the_unknown_field(client) -> None:
    case = _case(REPO_ROOT / "tests/data/decision_cases/e1_pensioner_registered.json")["input"]
    case["housing"] = {"owns_flat": True}
    response = client.post("/api/v1/decisions/preview", data=case, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "housing", "owns_flat"]


def test_api_refuses_a_body_that_is_not_json(client) -> None:
    response = client.post(
        "/api/v1/decisions/preview", data="{not json", content_type="application/json"
    )
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"][0]["msg"]


@time_machine.travel(TODAY, tick=False)
def test_no_subsistence_minimum_is_a_clear_error_never_a_default(tmp_path: Path, client) -> None:
    """reg:6.2: the minimum of the application's year must be configured; 2025 is removed here."""
    from kezek.reference.models import SubsistenceMinimum as SM

    SM.objects.filter(effective_from__year=2025).delete()
    case = _case(REPO_ROOT / "tests/data/decision_cases/e1_pensioner_registered.json")["input"]
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case), encoding="utf-8")
    code, _out, err = _decide_cli(case_file)
    assert code == 2
    assert err.strip() == "application_date: no subsistence minimum configured for 2025-03-11"
    response = client.post("/api/v1/decisions/preview", data=case, content_type="application/json")
    assert response.status_code == 422
    assert "no subsistence minimum configured for 2025-03-11" in response.json()["detail"][0]["msg"]


@time_machine.travel(TODAY, tick=False)
def test_an_administrator_change_of_the_minimum_changes_the_decision(client) -> None:
    """The table is data: raising the 2025 value moves the threshold (3.1 × SM), nothing in code."""
    row = SubsistenceMinimum.objects.get(effective_from="2025-01-01")
    row.amount = 50_000
    row.save()
    case = _case(REPO_ROOT / "tests/data/decision_cases/e1_pensioner_registered.json")["input"]
    response = client.post("/api/v1/decisions/preview", data=case, content_type="application/json")
    assert response.json()["income_test"]["threshold"] == pytest.approx(155_000.0)


def test_cli_reports_unreadable_and_invalid_files(tmp_path: Path) -> None:
    code, _, err = _decide_cli(tmp_path / "missing.json")
    assert code == 2
    assert err.startswith("case: cannot read")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = _decide_cli(bad)
    assert code == 2
    assert err.startswith("case: not valid JSON")


def test_an_unmigrated_database_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    """`kezek decide` on a database never migrated: no traceback, what to do, exit status 2."""
    kezek = Path(sys.executable).parent / "kezek"
    database = tmp_path / "empty.sqlite3"
    env = {
        **os.environ,
        "KEZEK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kezek.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    case_file = tmp_path / "case.json"
    case = _case(REPO_ROOT / "tests/data/decision_cases/e1_pensioner_registered.json")["input"]
    case_file.write_text(json.dumps(case), encoding="utf-8")
    result = subprocess.run(
        [kezek, "decide", case_file], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "database: not migrated (no reference data); run `kezek migrate` first"
    )


@pytest.mark.slow
def test_the_console_script_itself(tmp_path: Path) -> None:
    """`.venv/bin/kezek decide` as a user runs it: JSON on stdout, or exit 2 and one line."""
    kezek = Path(sys.executable).parent / "kezek"
    env = {
        **os.environ,
        "KEZEK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kezek.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([kezek, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    good = REPO_ROOT / "tests/data/decision_cases/e2_sold_flat_refused.json"
    bad = REPO_ROOT / "tests/data/decision_cases/e5_invalid_iin.json"
    for path, code in ((good, 0), (bad, 2)):
        case_file = tmp_path / path.name
        case_file.write_text(json.dumps(_case(path)["input"]), encoding="utf-8")
        result = subprocess.run(
            [kezek, "decide", case_file], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == code
        assert "Traceback" not in result.stderr
        if code == 0:
            assert json.loads(result.stdout)["grounds"] == ["reg:12.2"]
        else:
            assert result.stderr.startswith("applicant.")
            assert len(result.stderr.strip().splitlines()) == 1
