"""Errors that carry a field name and a translatable message for the user."""

from __future__ import annotations

from django.utils.functional import Promise

from kezek.core.errors import ErrorCode


class KezekError(Exception):
    """A refusal the user can understand: `field` names the input, `message` is translatable."""

    def __init__(
        self,
        message: str | Promise,
        *,
        field: str | None = None,
        code: ErrorCode | str = ErrorCode.INVALID,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        # A code outside the enumeration is a programming error: refuse it at once.
        self.code = ErrorCode(code)

    def __str__(self) -> str:
        text = str(self.message)
        return f"{self.field}: {text}" if self.field else text


class PermissionDeniedError(KezekError):
    """The actor may not see or change the object (the gate said no)."""


class NotFoundError(KezekError):
    """No such object in the actor's scope (we do not tell them whether it exists elsewhere)."""
