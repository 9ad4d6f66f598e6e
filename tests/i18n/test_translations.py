"""Every project string has its Kazakh and Russian translation, and the .po files are current.

The strings are extracted afresh from a copy of the sources, so a new string that nobody added
to the .po files fails here, not in front of a citizen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "kezek"
LANGUAGES = ("kk", "ru")
DOMAINS = ("django",)


def _problems(po: polib.POFile) -> list[str]:
    bad = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            bad.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                bad.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            bad.append(f"untranslated: {entry.msgid!r}")
    return bad


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_catalogues_are_complete(language: str) -> None:
    for domain in DOMAINS:
        path = SRC / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        assert path.exists(), f"missing {path}"
        assert _problems(polib.pofile(str(path))) == []


def test_catalogues_hold_every_string_of_the_current_code(tmp_path: Path) -> None:
    copy = tmp_path / "kezek"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    # -P: the copy's own `rules` package (kezek.rules) must not shadow the django-rules library.
    cmd = [
        sys.executable,
        "-P",
        "-m",
        "django",
        "makemessages",
        *(f"-l{lang}" for lang in LANGUAGES),
        "--no-obsolete",
        "-v",
        "0",
    ]
    subprocess.run(
        cmd,
        cwd=copy,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "kezek.settings.test",
            "KEZEK_LOCALE_DIR": str(copy / "locale"),
            "PATH": "/usr/bin:/bin",
        },
    )
    missing = []
    for language in LANGUAGES:
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(SRC / "locale" / language / "LC_MESSAGES" / "django.po"))
        known = {
            (e.msgctxt, e.msgid) for e in committed if e.msgstr or any(e.msgstr_plural.values())
        }
        missing += [f"{language}: {e.msgid!r}" for e in fresh if (e.msgctxt, e.msgid) not in known]
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)


def test_the_project_does_not_turn_djangos_disabled_into_a_person_with_a_disability() -> None:
    """Our "disabled" is a person (pgettext "person with a disability"); Django's admin's
    "Disabled" (a switched-off option) keeps Django's own translation, never «Мүгедек»."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    for language, person in (("kk", "Мүгедек"), ("ru", "Инвалид")):
        with translation.override(language):
            assert pgettext("person with a disability", "Disabled") == person
            assert gettext("Disabled") != person
            assert gettext("disabled").lower() != person.lower()
