"""Filters and tags of the document templates: Almaty dates and the bilingual wording."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from kezek.core.calendar import ALMATY

register = template.Library()


@register.filter
def dmy(value: dt.date | dt.datetime | None) -> str:
    """dd.mm.yyyy; a moment is shown as its Almaty date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(ALMATY) if value.tzinfo else value
    return f"{value:%d.%m.%Y}"


@register.filter
def dmy_hm(value: dt.datetime | None) -> str:
    """dd.mm.yyyy HH:MM in Asia/Almaty."""
    if value is None:
        return ""
    local = value.astimezone(ALMATY) if value.tzinfo else value
    return f"{local:%d.%m.%Y %H:%M}"


@register.filter
def pick(value: Any, language: str) -> str:
    """A Bi/Clause value in the given language (``{{ doc.office.name|pick:lang }}``)."""
    if hasattr(value, "get") and not isinstance(value, dict):
        return str(value.get(language))
    if hasattr(value, "sentence"):
        return str(value.sentence(language))
    return str(value)


@register.simple_tag(takes_context=True)
def say(context: template.Context, key: str, **values: Any) -> SafeString:
    """The wording ``key`` of the document's language with ``%(name)s`` filled in, escaped."""
    text = context["w"][key]
    if values:
        text = text % {name: str(value) for name, value in values.items()}
    return mark_safe(conditional_escape(text))  # noqa: S308 (escaped on the line above)
