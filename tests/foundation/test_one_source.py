"""Facts, events, states and roles are written once; these tests hold each list to its source."""

from __future__ import annotations

import dataclasses

from kezek.applications.choices import (
    FINAL_STATUSES,
    PENDING_STATUSES,
    ApplicationStatus,
    DocumentType,
    HistoryEventKind,
    HousingFact,
)
from kezek.rules.model import Housing
from kezek.rules.versions import DEFAULT_VERSIONS


def test_housing_facts_are_the_fields_the_rules_engine_reads() -> None:
    assert [c for c, _label in HousingFact.choices] == [f.name for f in dataclasses.fields(Housing)]


def test_history_events_are_the_events_of_every_rule_version() -> None:
    for version in DEFAULT_VERSIONS:
        assert set(HistoryEventKind.values) == set(version.events), version.id


def test_document_types_are_the_documents_of_every_rule_version() -> None:
    """reg:15.1: the staff's and the portal's document types are the engine's codes, in order."""
    for version in DEFAULT_VERSIONS:
        assert list(DocumentType.values) == list(version.documents), version.id


def test_every_state_is_either_pending_or_final() -> None:
    assert set(ApplicationStatus) == PENDING_STATUSES | FINAL_STATUSES
    assert not PENDING_STATUSES & FINAL_STATUSES
