"""HTML template → PDF (WeasyPrint), with the vendored Noto Sans, a QR code and a footer.

Rendering is pure with respect to the database: it takes a context dataclass and returns bytes.
The template version names the exact templates, stylesheet, template tags, wording, fonts and
libraries used, so that a stored PDF can always be traced to what produced it.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import hashlib
import json
import logging
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from kezek.rules.clause_words import html_tokens_to_words

from .choices import DocumentKind
from .contexts import DocumentContext
from .wording import SERVICE_NAME, WORDING, kind_name, words

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
TEMPLATES_DIR = PACKAGE_DIR / "templates" / "paperwork" / "documents"
#: Raised by hand when a document's layout or wording changes in meaning; the digest below
#: changes by itself with any byte of what shapes a document (``shaping_files``).
TEMPLATE_REVISION = "2026.1"
LANGUAGES = ("kk", "ru")

# WeasyPrint logs every step of every document at INFO: noise in the service log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class RenderError(Exception):
    """The document could not be rendered (a bug or a broken install, never the user's input)."""


def public_url() -> str:
    return str(settings.KEZEK_PUBLIC_URL).rstrip("/")


def verification_url(code: str) -> str:
    return f"{public_url()}/verify/{code}/"


#: Python code that shapes a document's bytes beside the templates: the filters and tags, the
#: wording, and this module (the QR code, the stylesheet's font paths, the template context).
CODE_FILES = (
    PACKAGE_DIR / "templatetags" / "paperwork.py",
    PACKAGE_DIR / "wording.py",
    Path(__file__).resolve(),
)
#: The libraries that turn the HTML into PDF bytes and draw the QR code.
LIBRARIES = ("weasyprint", "segno")


def shaping_files(kind: str) -> tuple[Path, ...]:
    """Every file whose bytes shape a document of ``kind``."""
    return (
        TEMPLATES_DIR / "base.html",
        TEMPLATES_DIR / "document.css",
        TEMPLATES_DIR / f"{kind}.html",
        *CODE_FILES,
        *sorted(FONTS_DIR.glob("*.ttf")),
    )


def _read(path: Path) -> bytes:
    # The one read of what shapes a document (a test changes what it returns).
    return path.read_bytes()


@cache
def template_version(kind: str) -> str:
    """``receipt/2026.1+3f9a1c2b0d``: the revision and a digest of what shaped the document:
    the templates, the stylesheet, the template tags, the wording, the fonts, the libraries."""
    digest = hashlib.sha256()
    for path in shaping_files(kind):
        digest.update(path.name.encode())
        digest.update(_read(path))
    digest.update(json.dumps([WORDING, SERVICE_NAME], ensure_ascii=False, sort_keys=True).encode())
    for library in LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}".encode())
    return f"{kind}/{TEMPLATE_REVISION}+{digest.hexdigest()[:10]}"


def qr_svg_data_uri(url: str) -> str:
    # Error correction M survives a crease or a stamp over part of the code on paper.
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


@cache
def _url_fetcher() -> Any:
    """Only the vendored fonts and inline data: a document never loads anything from outside,
    and a font that cannot load stops the rendering (no silent fallback without ә ғ қ)."""
    from weasyprint.urls import URLFetcher

    class DocumentFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file" and Path(parts.path).resolve().parent != FONTS_DIR:
                raise ValueError(f"documents load no files but the vendored fonts: {url[:80]}")
            return super().fetch(url, headers)

    return DocumentFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


@cache
def _weasy() -> tuple[Any, Any]:
    """The font configuration and the stylesheet, made once per process (fonts load once)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = (TEMPLATES_DIR / "document.css").read_text(encoding="utf-8")
    css = css.replace("{{FONTS}}", FONTS_DIR.as_uri())
    # Drop them before the interpreter tears modules down (WeasyPrint's finalizer needs them).
    atexit.register(_weasy.cache_clear)
    return fonts, CSS(string=css, font_config=fonts, url_fetcher=_url_fetcher())


def context_json(context: DocumentContext) -> dict[str, Any]:
    """The context as JSON-ready data, stored beside the PDF (what the document was made from)."""

    def convert(value: Any) -> Any:
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    data = convert(dataclasses.asdict(context))
    data["_type"] = type(context).__name__
    return data  # type: ignore[no-any-return]


@dataclasses.dataclass(frozen=True)
class Rendered:
    pdf: bytes
    html: str
    template_version: str


def render_html(
    *,
    kind: str,
    context: DocumentContext,
    language: str,
    number: str,
    code: str,
    issued_at: dt.datetime,
    electronic_signatory: str = "",
) -> str:
    if kind not in DocumentKind.values:
        raise RenderError(f"unknown kind of document: {kind}")
    if language not in LANGUAGES:
        raise RenderError(f"documents are rendered in Kazakh or Russian, not {language!r}")
    url = verification_url(code)
    with translation.override(language):
        # People read clauses in words on paper too (ADR 0012): «Регламенттің 16-тармағы».
        html = render_to_string(
            f"paperwork/documents/{kind}.html",
            {
                "doc": context,
                "w": words(language),
                "lang": language,
                "kind": kind,
                "kind_name": kind_name(kind, language),
                "number": number,
                "code": f"{code[:5]}-{code[5:]}",
                "verify_url": url,
                "qr": qr_svg_data_uri(url),
                "issued_at": issued_at,
                "template_version": template_version(kind),
                "electronic_signatory": electronic_signatory,
            },
        )
    return html_tokens_to_words(html, language)


def render_pdf(
    *,
    kind: str,
    context: DocumentContext,
    language: str,
    number: str,
    code: str,
    issued_at: dt.datetime,
    electronic_signatory: str = "",
) -> Rendered:
    """The PDF of one document (A4, fonts embedded and subset, tagged with its language)."""
    from weasyprint import HTML

    html = render_html(
        kind=kind,
        context=context,
        language=language,
        number=number,
        code=code,
        issued_at=issued_at,
        electronic_signatory=electronic_signatory,
    )
    from weasyprint.urls import FatalURLFetchingError

    fonts, stylesheet = _weasy()
    try:
        pdf = HTML(string=html, url_fetcher=_url_fetcher(), base_url=FONTS_DIR.as_uri()).write_pdf(
            stylesheets=[stylesheet], font_config=fonts
        )
    except FatalURLFetchingError as exc:
        raise RenderError(str(exc)) from exc
    if not pdf:
        raise RenderError("WeasyPrint produced no PDF")
    return Rendered(pdf=bytes(pdf), html=html, template_version=template_version(kind))
