"""The owner apps tell paperwork where each kind of document gets its data (ADR 0008)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from kezek.paperwork import sources
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.services.issue import REPORT_KINDS


def test_every_kind_has_its_source_registered_at_start_up() -> None:
    from kezek.demo.samples import demo_samples
    from kezek.housing_queue.documents import queue_list_of
    from kezek.workflow.document_contexts import journal_of, registry_of

    for kind in DocumentKind.values:
        if kind not in REPORT_KINDS:
            assert sources.context_builder(kind).__module__ == "kezek.workflow.document_contexts"
    assert sources.subject_finder(DocumentKind.DISPATCH_REGISTRY) is registry_of
    assert sources.subject_finder(DocumentKind.BATCH_RECEIPT) is registry_of
    assert sources.subject_finder(DocumentKind.ISSUE_JOURNAL) is journal_of
    assert sources.subject_finder(DocumentKind.QUEUE_LIST) is queue_list_of
    assert sources.subject_finder(DocumentKind.RECEIPT) is None
    assert sources.samples_source() is demo_samples


def test_a_second_app_may_not_claim_a_kind(monkeypatch) -> None:
    monkeypatch.setattr(sources, "_BUILDERS", dict(sources._BUILDERS))
    owner = sources.context_builder(DocumentKind.RECEIPT)
    sources.register_context_builder(kind=DocumentKind.RECEIPT, build=owner)  # ready() again

    def other(*, application, subject):  # pragma: no cover - never called
        raise AssertionError

    with pytest.raises(ImproperlyConfigured, match="two apps"):
        sources.register_context_builder(kind=DocumentKind.RECEIPT, build=other)
    with pytest.raises(ImproperlyConfigured, match="unknown kind"):
        sources.register_context_builder(kind="passport", build=other)
    assert sources.context_builder(DocumentKind.RECEIPT) is owner


def test_a_kind_nobody_builds_is_a_configuration_error(monkeypatch) -> None:
    monkeypatch.setattr(sources, "_BUILDERS", {})
    with pytest.raises(ImproperlyConfigured, match="no installed app"):
        sources.context_builder(DocumentKind.RECEIPT)
