"""Where each kind of document gets its data: the app that owns the record says (ADR 0008).

Paperwork renders, numbers, signs, stores and sends documents; it reads no record of the apps
above it. The app that owns the record of a kind registers, in its ``AppConfig.ready()``, the
function that builds that kind's context, and, for ``kezek paperwork render``, the function
that finds the record of an application a registry, journal or list document is made from.
The demo app registers the review samples of ``kezek paperwork sample``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from .choices import DocumentKind

if TYPE_CHECKING:
    from kezek.applications.models import Application

    from .contexts import DocumentContext


class ContextBuilder(Protocol):
    """The context of one document from an application or the owner's record (``subject``);
    a KezekError naming the field when neither makes one."""

    def __call__(self, *, application: Application | None, subject: Any) -> DocumentContext: ...


class SubjectFinder(Protocol):
    """The record (or the built context) an application's document of this kind is made from;
    None when there is none."""

    def __call__(self, *, application: Application) -> Any: ...


@dataclass(frozen=True)
class Sample:
    """One review document of ``kezek paperwork sample``."""

    kind: str
    context: DocumentContext
    application: Application | None
    note: str = ""  # what came from demo values rather than records


SampleSource = Callable[[], list[Sample]]

_BUILDERS: dict[str, ContextBuilder] = {}
_FINDERS: dict[str, SubjectFinder] = {}
_SAMPLES: list[SampleSource] = []


def _register(table: dict[str, Any], kind: str, fn: Any) -> None:
    if kind not in DocumentKind.values:
        raise ImproperlyConfigured(f"unknown kind of document: {kind}")
    existing = table.get(kind)
    if existing is not None and existing is not fn:
        raise ImproperlyConfigured(f"two apps build the {kind} document: {existing} and {fn}")
    table[kind] = fn


def register_context_builder(
    *, kind: str, build: ContextBuilder | None = None, subject_of: SubjectFinder | None = None
) -> None:
    """The owner app of ``kind`` says how its context is built and where the command line finds
    an application's record of it. Registering the same function twice is harmless."""
    if build is not None:
        _register(_BUILDERS, kind, build)
    if subject_of is not None:
        _register(_FINDERS, kind, subject_of)


def register_samples(*, source: SampleSource) -> None:
    if source not in _SAMPLES:
        _SAMPLES.append(source)


def context_builder(kind: str) -> ContextBuilder:
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ImproperlyConfigured(f"no installed app builds the context of {kind} documents")
    return builder


def subject_finder(kind: str) -> SubjectFinder | None:
    return _FINDERS.get(kind)


def samples_source() -> SampleSource | None:
    return _SAMPLES[0] if _SAMPLES else None
