"""The language data are shown in on the current request (kezek.core.text has the rule)."""

from __future__ import annotations

from django.utils.translation import get_language

from kezek.core.text import DataLanguage, data_language


def active_data_language() -> DataLanguage:
    """Kazakh or Russian, for the language of the current page (English pages: Russian)."""
    return data_language(get_language())
