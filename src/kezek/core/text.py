"""Texts kept in both languages of the data, and the one rule that picks between them.

Data (office names, list names, the engine's sentences, documents) exist in Kazakh and Russian
only. A screen in English shows data in Russian (docs/adr/0007-language-of-data.md): one rule,
so an English screen never mixes the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DataLanguage = Literal["kk", "ru"]
DATA_LANGUAGES: tuple[DataLanguage, ...] = ("kk", "ru")


def data_language(language: str | None) -> DataLanguage:
    """The language data are shown in for a page or document in ``language``.

    Kazakh (the state language) when nothing is chosen; Russian for Russian and for English."""
    if not language:
        return "kk"
    return "kk" if language.lower().startswith("kk") else "ru"


@dataclass(frozen=True)
class Bi:
    """A text in Kazakh and in Russian."""

    kk: str
    ru: str

    def get(self, language: str | None) -> str:
        return self.kk if data_language(language) == "kk" else self.ru
