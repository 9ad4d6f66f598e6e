"""Every string of the portal is translated to Kazakh and Russian: in the committed catalogues,
or in a tools/translations/*.tsv table (portal.tsv for the portal's own), with the same
%(name)s placeholders; and the pages use them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from .support import LOCALE, ROOT, TABLES, _table

PORTAL = ROOT / "src" / "kezek" / "portal"
KAZAKH_LETTERS = set("әғқңөұүі")  # һ is rare; the others appear in any Kazakh text


def _portal_msgids(tmp_path: Path) -> list[polib.POEntry]:
    """The portal's strings, extracted as `make messages` would (Python and templates)."""
    copy = tmp_path / "kezek"
    shutil.copytree(PORTAL, copy / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "kk", "-v", "0"],
        cwd=copy,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "kezek.settings.test",
            "KEZEK_LOCALE_DIR": str(copy / "locale"),
            "PATH": "/usr/bin:/bin",
        },
    )
    return list(polib.pofile(str(copy / "locale" / "kk" / "LC_MESSAGES" / "django.po")))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[polib.POEntry]:
    return _portal_msgids(tmp_path_factory.mktemp("messages"))


def test_every_portal_string_has_kazakh_and_russian(extracted) -> None:
    table = _table()
    committed = {
        lang: {
            e.msgid: e.msgstr
            for e in polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
        }
        for lang in ("kk", "ru")
    }
    missing = []
    for entry in extracted:
        kk = table.get(entry.msgid, (committed["kk"].get(entry.msgid, ""), ""))[0]
        ru = table.get(entry.msgid, ("", committed["ru"].get(entry.msgid, "")))[1]
        if not kk or not ru:
            missing.append(entry.msgid)
    assert missing == [], "add to tools/translations/portal.tsv:\n" + "\n".join(missing)


def test_the_portal_table_is_well_formed() -> None:
    path = TABLES / "portal.tsv"
    placeholder = re.compile(r"%\(\w+\)s")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 3, f"portal.tsv:{number}: three columns"
        msgid, kk, ru = parts
        assert kk.strip(), f"portal.tsv:{number}: empty Kazakh"
        assert ru.strip(), f"portal.tsv:{number}: empty Russian"
        assert kk != ru, f"portal.tsv:{number}: kk is ru"
        expected = sorted(placeholder.findall(msgid))
        assert sorted(placeholder.findall(kk)) == expected, f"portal.tsv:{number}: kk placeholders"
        assert sorted(placeholder.findall(ru)) == expected, f"portal.tsv:{number}: ru placeholders"
        braces = sorted(re.findall(r"\{\{ ?\w+ ?\}\}|%\(\w+\)s", msgid))
        assert braces == sorted(re.findall(r"\{\{ ?\w+ ?\}\}|%\(\w+\)s", kk)), number
    text = path.read_text(encoding="utf-8")
    assert set(text) >= KAZAKH_LETTERS  # Kazakh, not Russian, in the Kazakh column


def test_no_table_row_is_left_unused(extracted) -> None:
    used = {entry.msgid for entry in extracted}
    rows = []
    for line in (TABLES / "portal.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t")[0].replace("\\n", "\n"))
    assert [r for r in rows if r not in used] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "button"),
    [
        ("kk", "Жеке кабинетке кіру", "ЭЦҚ арқылы кіру"),
        ("ru", "Вход в личный кабинет", "Войти с ЭЦП"),
    ],
)
def test_the_sign_in_page_is_in_the_chosen_language(client, language, title, button) -> None:
    client.cookies["kezek_language"] = language
    html = client.get("/portal/sign-in/").content.decode()
    assert title in html
    assert button in html
