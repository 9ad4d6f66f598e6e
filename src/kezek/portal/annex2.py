"""The application form of Annex 2 (reg:15.1.a), filled in from the portal answers, as a PDF.

The portal request is itself the application (reg:15.2.a); this form gives the authorized body
the usual paper-shaped page for the file. It is attached to the request with its SHA-256, so the
citizen's signature covers it. Rendered with WeasyPrint and the vendored Noto Sans of
kezek.paperwork (Kazakh letters ә ғ қ ң ө ұ ү һ і must render).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils import translation

from kezek.offices.models import Office
from kezek.paperwork.context_parts import head_of
from kezek.paperwork.rendering import FONTS_DIR
from kezek.rules.clause_words import html_tokens_to_words

from .case import birth_date_of

# The form's own wording, in the language of the documents (not the language of the screen).
WORDING: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "to": "{body} басшысына",
        # Annex 2: the head's name under the addressee, or a blank line for handwriting.
        "head_caption": "(тегі, аты-жөні)",
        "from": "азамат(ша) {name}",
        "iin": "ЖСН",
        "birth": "туған күні",
        "living": "мекенжайы: {address}",
        "phone": "телефоны",
        "title": "Өтініш",
        "text": (
            "Мені мемлекеттік тұрғын үй қорынан тұрғын үй/жеке тұрғын үй қорынан жергілікті "
            "атқарушы орган жалдаған тұрғын үй алу үшін есепке қоюды сұраймын."
        ),
        "family": "Менімен бірге тұрақты тұратын отбасы мүшелері",
        "attachments": "Қоса берілетін құжаттар",
        "signed": "Электрондық цифрлық қолтаңбамен қол қойылды (ЭЦҚ), {date}",
        "portal": "Электрондық үкімет порталы арқылы берілген өтініш (Регламенттің 15-тармағының 2) тармақшасы)",
    },
    "ru": {
        "to": "Руководителю {body}",
        "head_caption": "(фамилия, имя, отчество)",
        "from": "от гражданина(ки) {name}",
        "iin": "ИИН",
        "birth": "дата рождения",
        "living": "проживающего(ей) по адресу: {address}",
        "phone": "телефон",
        "title": "Заявление",
        "text": (
            "Прошу поставить меня на учет для получения жилища из государственного жилищного "
            "фонда/жилища, арендованного местным исполнительным органом в частном жилищном фонде."
        ),
        "family": "Члены семьи, постоянно проживающие со мной",
        "attachments": "Прилагаемые документы",
        "signed": "Подписано электронной цифровой подписью (ЭЦП), {date}",
        "portal": "Заявление подано через портал электронного правительства (подпункт 2) пункта 15 Регламента)",
    },
}
RELATIONS: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "spouse": "жұбайы",
        "child": "баласы",
        "parent": "ата-анасы",
        "other": "басқа (сот шешімімен)",
    },
    "ru": {
        "spouse": "супруг(а)",
        "child": "ребенок",
        "parent": "родитель",
        "other": "иное лицо (по решению суда)",
    },
}

CSS = """
@font-face { font-family: "Noto Sans"; src: url("{fonts}/NotoSans-Regular.ttf"); }
@font-face { font-family: "Noto Sans"; font-weight: bold; src: url("{fonts}/NotoSans-Bold.ttf"); }
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Sans"; font-size: 11pt; line-height: 1.4; }
.addressee { margin-left: 50%; }
h1 { text-align: center; font-size: 14pt; margin: 1.5em 0 1em; }
.note { font-size: 9pt; color: #444; margin-top: 2em; }
.caption { font-size: 8pt; color: #444; }
"""


@cache
def _fetcher() -> Any:
    """Only the vendored fonts: the form never loads anything else (answers are escaped text)."""
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme != "file" or not parts.path.startswith(str(FONTS_DIR)):
                raise ValueError(f"the application form loads only the vendored fonts: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"}, fail_on_errors=True)


def application_form_pdf(
    *,
    iin: str,
    data: Mapping[str, Any],
    document_names: Sequence[str],
    signed_on: dt.date,
) -> bytes:
    """The filled-in Annex 2 form in the language of the documents the citizen chose."""
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    applicant = data.get("applicant") or {}
    language = str(applicant.get("language") or "kk")
    if language not in WORDING:
        language = "kk"
    office = (
        Office.objects.filter(
            district__code=applicant.get("district") or "",
            kind=Office.Kind.AUTHORIZED_BODY,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    body_name = (office.name_kk if language == "kk" else office.name_ru) if office else ""
    # Annex 2 is addressed to the head of the authorized body by name: the district's active
    # head (the account that signs results); none known, the line stays blank.
    head = head_of(office.district) if office else None
    head_name = (
        head.display_name if head is not None and (head.last_name or head.first_name) else ""
    )
    name = " ".join(
        p for p in (applicant.get(k, "") for k in ("last_name", "first_name", "patronymic")) if p
    )
    words = WORDING[language]
    birth = birth_date_of(iin)
    family = [
        {
            "full_name": m.get("full_name", ""),
            "relation": RELATIONS[language].get(m.get("relation", ""), ""),
            "birth_date": dt.date.fromisoformat(m["birth_date"]).strftime("%d.%m.%Y"),
        }
        for m in data.get("family") or []
    ]
    with translation.override(language):
        html = render_to_string(
            "portal/annex2.html",
            {
                "lang": language,
                "to": words["to"].format(body=body_name),
                "head_name": head_name,
                "from_line": words["from"].format(name=name),
                "living": words["living"].format(address=applicant.get("address", "")),
                "w": words,
                "iin": iin,
                "birth_date": birth.strftime("%d.%m.%Y") if birth else "",
                "phone": applicant.get("phone", ""),
                "family": family,
                "documents": list(document_names),
                "signed": words["signed"].format(date=signed_on.strftime("%d.%m.%Y")),
            },
        )
    # Clauses in words on paper too (ADR 0012).
    stylesheet = WeasyCSS(string=CSS.replace("{fonts}", FONTS_DIR.as_uri()), url_fetcher=_fetcher())
    pdf = HTML(string=html_tokens_to_words(html, language), url_fetcher=_fetcher()).write_pdf(
        stylesheets=[stylesheet]
    )
    return bytes(pdf)
