"""Template helpers of the portal: inputs linked to their hints and errors, local money."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from kezek.portal.case import format_money

register = template.Library()


def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def widget(field: BoundField, **attrs: Any) -> SafeString:
    """The input with aria-describedby (hint, error) and aria-invalid when it has an error."""
    extra = {k.replace("_", "-"): v for k, v in attrs.items()}
    ids = described_by(field)
    if ids:
        extra["aria-describedby"] = ids
    if field.errors:
        extra["aria-invalid"] = "true"
    return field.as_widget(attrs=extra)


@register.filter
def describedby(field: BoundField) -> str:
    return described_by(field)


@register.filter
def money(value: Any) -> str:
    """1200000 → "1 200 000" (no-break spaces between thousands)."""
    return format_money(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
