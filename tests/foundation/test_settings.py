"""Settings are declared once, and which settings run is chosen, never guessed in a deployment
(ADR 0009, docs/settings.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import kezek
from kezek.cli import DEPLOYMENT_MARKERS, DEV_SETTINGS, SettingsNotChosen, settings_module

SRC = Path(kezek.__file__).resolve().parent
SETTINGS_DIR = SRC / "settings"
DOCS = SRC.parents[1] / "docs" / "settings.md"
GOOD_SECRET = "tests-only-7Qh2LwN9vXe4RbK8sTzM3pYc6JdFgA1uHnV5oWiE0rUyZjCk"
ENV_READ = re.compile(r"\benv\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"")


def run(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Python in a child process with none of the settings' variables but those given."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KEZEK_", "EMAIL_", "DATABASE_"))
    }
    env.update(KEZEK_VAR_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def kezek_cli(tmp_path: Path, *argv: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return run(tmp_path, "-c", "from kezek.cli import main; main()", *argv, **variables)


def test_wsgi_without_the_settings_module_names_the_variable(tmp_path: Path) -> None:
    done = run(tmp_path, "-c", "import kezek.wsgi")
    assert done.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in done.stderr

    served = run(
        tmp_path,
        "-c",
        "import kezek.wsgi; print(kezek.wsgi.application.__class__.__name__)",
        DJANGO_SETTINGS_MODULE="kezek.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == "WSGIHandler"


@pytest.mark.parametrize("secret", [None, "", "too-short-for-production"])
def test_check_deploy_without_a_real_secret_says_what_is_missing(
    tmp_path: Path, secret: str | None
) -> None:
    variables = {"DJANGO_SETTINGS_MODULE": "kezek.settings.production"}
    if secret is not None:
        variables["DJANGO_SECRET_KEY"] = secret
    done = kezek_cli(tmp_path, "check", "--deploy", **variables)
    assert done.returncode == 1
    assert "DJANGO_SECRET_KEY must be set to 50 or more random characters" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_deploy_passes_with_the_production_environment(tmp_path: Path) -> None:
    done = kezek_cli(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="kezek.settings.production",
        DJANGO_SECRET_KEY=GOOD_SECRET,
        DJANGO_ALLOWED_HOSTS="kezek.example.kz",
        KEZEK_PUBLIC_URL="https://kezek.example.kz",
    )
    assert done.returncode == 0, done.stderr


def test_console_script_refuses_dev_settings_in_a_deployment(tmp_path: Path) -> None:
    done = kezek_cli(tmp_path, "check", DJANGO_ALLOWED_HOSTS="kezek.example.kz")
    assert done.returncode == 1
    assert "DJANGO_SETTINGS_MODULE is not set, but DJANGO_ALLOWED_HOSTS is" in done.stderr
    assert "Traceback" not in done.stderr


def test_console_script_runs_dev_settings_on_a_developer_machine(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
    done = kezek_cli(tmp_path, "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == DEV_SETTINGS


@pytest.mark.parametrize("marker", DEPLOYMENT_MARKERS)
def test_settings_module_rule(marker: str) -> None:
    assert settings_module(environ={}) == DEV_SETTINGS
    assert settings_module(environ={marker: ""}) == DEV_SETTINGS
    with pytest.raises(SettingsNotChosen, match=marker):
        settings_module(environ={marker: "x"})
    chosen = {"DJANGO_SETTINGS_MODULE": "kezek.settings.production", marker: "x"}
    assert settings_module(environ=chosen) == "kezek.settings.production"


def test_deployment_markers_are_what_only_production_reads() -> None:
    production = set(ENV_READ.findall((SETTINGS_DIR / "production.py").read_text()))
    assert set(DEPLOYMENT_MARKERS) == production


def test_defaults_of_each_settings_module(tmp_path: Path) -> None:
    names = ["SECRET_KEY", "DEBUG", "KEZEK_SIGNING_BACKEND", "KEZEK_VIRUS_SCANNER"]
    code = (
        "import importlib, json, os;"
        "m = importlib.import_module(os.environ['MODULE']);"
        f"print(json.dumps({{n: getattr(m, n, None) for n in {names!r}}}))"
    )
    seen = {}
    for module in ("base", "dev", "test", "production"):
        done = run(
            tmp_path, "-c", code, MODULE=f"kezek.settings.{module}", DJANGO_SECRET_KEY=GOOD_SECRET
        )
        assert done.returncode == 0, done.stderr
        seen[module] = json.loads(done.stdout)
    assert seen["base"]["SECRET_KEY"] is None  # no fallback key for a forgotten variable
    assert "dev-only" in seen["dev"]["SECRET_KEY"]
    assert "test-only" in seen["test"]["SECRET_KEY"]
    assert seen["production"]["SECRET_KEY"] == GOOD_SECRET
    assert [seen[m]["DEBUG"] for m in ("dev", "test", "production")] == [True, False, False]
    signing = [seen[m]["KEZEK_SIGNING_BACKEND"] for m in ("dev", "test", "production")]
    assert signing == ["local", "local", "ncanode"]
    assert {s["KEZEK_VIRUS_SCANNER"] for s in seen.values()} == {"kezek.portal.scanning.no_scan"}


def test_every_kezek_setting_the_code_reads_is_declared_in_base() -> None:
    base = (SETTINGS_DIR / "base.py").read_text()
    declared = set(re.findall(r"^(KEZEK_\w+)\b[^=\n]*=", base, flags=re.MULTILINE))
    read: set[str] = set()
    for path in SRC.rglob("*.py"):
        if SETTINGS_DIR in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        assert 'getattr(settings, "KEZEK_' not in text, f"{path}: read settings.KEZEK_… directly"
        read |= set(re.findall(r"\bsettings\.(KEZEK_\w+)", text))
    assert read, "the scan found nothing: the pattern is wrong"
    assert read - declared == set()


def test_every_environment_variable_is_read_once_and_documented() -> None:
    reads = Counter(
        name for path in SETTINGS_DIR.glob("*.py") for name in ENV_READ.findall(path.read_text())
    )
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "KEZEK_PUBLIC_URL"} <= set(reads)
    assert [name for name, count in reads.items() if count > 1] == []
    documented = set(re.findall(r"^\| `([A-Z_]+)`(?: / `([A-Z_]+)`)?", DOCS.read_text(), re.M))
    names = {n for pair in documented for n in pair if n} - {"DJANGO_SETTINGS_MODULE"}
    assert names == set(reads)
    for path in SETTINGS_DIR.glob("*.py"):
        assert "os.environ" not in path.read_text(), f"{path}: read the environment with env"
