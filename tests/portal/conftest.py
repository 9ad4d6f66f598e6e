"""Portal tests: their own test CA, the EICAR-refusing scanner double, the translations of the
TSV tables compiled (the shared .po files get them when the tables are merged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import compile_catalogues


@pytest.fixture(scope="session")
def _portal_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogues(tmp_path_factory.mktemp("locale"))


@pytest.fixture(scope="session")
def _pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path: Path, _pki: Path, _portal_locale: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the accepted scans, not under var/
    settings.KEZEK_SIGNING_BACKEND = "local"
    settings.KEZEK_LOCAL_SIGNING_DIR = str(_pki)
    settings.KEZEK_VIRUS_SCANNER = "kezek.portal.scanning.reject_eicar"
    settings.LOCALE_PATHS = [str(_portal_locale)]


# The registers' simulator, one definition for every suite (tests/registries/conftest.py).
from tests.registries.conftest import gateway, population, signer  # noqa: E402, F401
