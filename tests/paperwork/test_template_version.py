"""The template version changes with every byte that shapes a document, and with nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from kezek.paperwork import rendering

TAGS = rendering.PACKAGE_DIR / "templatetags" / "paperwork.py"


def _version_with_changed(monkeypatch: pytest.MonkeyPatch, changed: Path) -> str:
    real = rendering._read

    def read(path: Path) -> bytes:
        return real(path) + b"\n/* changed */" if path == changed else real(path)

    monkeypatch.setattr(rendering, "_read", read)
    rendering.template_version.cache_clear()
    try:
        return rendering.template_version("receipt")
    finally:
        rendering.template_version.cache_clear()


def test_changing_the_template_tags_source_changes_the_version(monkeypatch) -> None:
    rendering.template_version.cache_clear()
    before = rendering.template_version("receipt")
    after = _version_with_changed(monkeypatch, TAGS)
    assert after != before
    assert after.startswith("receipt/2026.1+")


@pytest.mark.parametrize(
    "changed",
    [
        rendering.TEMPLATES_DIR / "base.html",
        rendering.TEMPLATES_DIR / "receipt.html",
        rendering.TEMPLATES_DIR / "document.css",
        rendering.PACKAGE_DIR / "wording.py",
        rendering.FONTS_DIR / "NotoSans-Regular.ttf",
        rendering.FONTS_DIR / "NotoSans-Bold.ttf",
    ],
    ids=lambda path: path.name,
)
def test_every_shaping_file_changes_the_version(monkeypatch, changed: Path) -> None:
    rendering.template_version.cache_clear()
    before = rendering.template_version("receipt")
    assert _version_with_changed(monkeypatch, changed) != before


def test_what_does_not_shape_the_document_leaves_the_version(monkeypatch) -> None:
    rendering.template_version.cache_clear()
    before = rendering.template_version("receipt")
    # Another kind's template and the font licence are not part of a receipt.
    assert _version_with_changed(monkeypatch, rendering.TEMPLATES_DIR / "queue_list.html") == before
    assert _version_with_changed(monkeypatch, rendering.FONTS_DIR / "OFL.txt") == before
