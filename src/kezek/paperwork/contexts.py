"""The data each document is rendered from: plain frozen dataclasses, no database.

A document is made from one of these, whoever built it: the app that owns the record (the
workflow's ``document_contexts``, the queue's ``documents``, the demo's ``samples``; ADR 0008),
or a caller with a context in hand. Texts that exist in two languages are ``Bi`` pairs; everything else is
language-neutral (names, numbers, dates). The same context gives the Kazakh and the Russian
document, so both carry the same data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kezek.core.text import Bi, data_language


@dataclass(frozen=True)
class OfficeInfo:
    """The issuing (or receiving) office as it heads a document."""

    code: str
    name: Bi
    address: Bi
    district: Bi
    region: Bi
    phones: str = ""
    emails: str = ""


@dataclass(frozen=True)
class Person:
    full_name: str
    phone: str = ""


@dataclass(frozen=True)
class RepresentativeInfo:
    full_name: str
    phone: str
    power_of_attorney_number: str
    power_of_attorney_date: dt.date


@dataclass(frozen=True)
class Clause:
    """One clause with the engine's sentence in both languages (a basis or a ground)."""

    clause: str  # reg:12.2
    kk: str
    ru: str

    def sentence(self, language: str) -> str:
        return self.kk if data_language(language) == "kk" else self.ru


@dataclass(frozen=True)
class Signatory:
    """Who signs a document on paper and, for results sent electronically, with the EDS."""

    full_name: str
    position: Bi
    username: str = ""


@dataclass(frozen=True)
class ReceiptContext:
    """reg:16.1: the receipt given at the AB or the PSC when the set of documents is complete."""

    office: OfficeInfo  # the accepting office (heads the receipt)
    request_number: str
    accepted_at: dt.datetime  # aware
    service_name: Bi
    documents: tuple[Bi, ...]  # names of the documents handed in
    result_date: dt.date  # reg:9.1 (the time-limit calendar)
    result_hours: Bi  # the office hours of that day at the place of issue
    result_place: OfficeInfo
    accepted_by: str  # full name of the employee
    applicant: Person
    representative: RepresentativeInfo | None = None

    @property
    def document_count(self) -> int:
        return len(self.documents)


@dataclass(frozen=True)
class AcceptanceReportContext:
    """reg:16.2: the portal's notification-report in the personal cabinet."""

    office: OfficeInfo  # the authorized body
    request_number: str
    submitted_at: dt.datetime
    ab_accepted_at: dt.datetime  # when the AB accepted the documents
    result_date: dt.date  # when the result will be ready
    service_name: Bi
    applicant: Person
    documents: tuple[Bi, ...] = ()


@dataclass(frozen=True)
class QueuePosition:
    list_code: str
    list_name: Bi
    position: int


@dataclass(frozen=True)
class NoticeContext:
    """reg:5: the notification of registration with the sequence number in the queue."""

    office: OfficeInfo  # the authorized body
    request_number: str
    application_date: dt.date
    applicant: Person
    registered_on: dt.date
    positions: tuple[QueuePosition, ...]
    basis: tuple[Clause, ...]  # the clauses that make the registration lawful, with sentences
    rules_version: str
    signatory: Signatory
    outgoing_number: str = ""


@dataclass(frozen=True)
class RefusalContext:
    """reg:5, reg:12: the motivated refusal: every ground with its clause and sentence."""

    office: OfficeInfo
    request_number: str
    application_date: dt.date
    applicant: Person
    decided_on: dt.date
    grounds: tuple[Clause, ...]
    rules_version: str
    signatory: Signatory
    outgoing_number: str = ""


@dataclass(frozen=True)
class RegistryItem:
    request_number: str
    applicant_name: str
    accepted_at: dt.datetime
    document_count: int


@dataclass(frozen=True)
class RegistryContext:
    """Annex 3, action 3: the registry (тізілім) of files a PSC branch sends to the AB."""

    office: OfficeInfo  # the PSC branch that sends
    recipient: OfficeInfo  # the authorized body
    registry_number: str
    sent_at: dt.datetime
    prepared_by: str  # the accumulation (back-office) inspector
    items: tuple[RegistryItem, ...]


@dataclass(frozen=True)
class BatchReceiptContext:
    """Annex 3, action 4: the AB's receipt for a registry from the PSC."""

    office: OfficeInfo  # the authorized body that receives
    sender: OfficeInfo  # the PSC branch
    registry_number: str
    sent_at: dt.datetime
    received_at: dt.datetime
    received_by: str  # the responsible executor
    items: tuple[RegistryItem, ...]


@dataclass(frozen=True)
class JournalRow:
    request_number: str
    document: Bi  # the kind, e.g. "registration notice"
    document_number: str  # e.g. "AKT-N-2026-00003" (the outgoing number)
    issued_at: dt.datetime
    recipient_name: str
    recipient_kind: Bi  # in person / representative / personal cabinet
    power_of_attorney: str  # "№ … of …" or ""
    issued_by: str


@dataclass(frozen=True)
class JournalContext:
    """reg:18: the journal of issued documents for a period, as a printable report."""

    office: OfficeInfo
    period_start: dt.date
    period_end: dt.date
    rows: tuple[JournalRow, ...]
    prepared_by: str = ""


@dataclass(frozen=True)
class QueueListRow:
    position: int
    full_name: str
    registered_on: dt.date
    request_number: str = ""


@dataclass(frozen=True)
class QueueListContext:
    """The published housing queue list (the queue code produces the rows)."""

    office: OfficeInfo
    list_code: str
    list_name: Bi
    as_of: dt.date
    rows: tuple[QueueListRow, ...]
    notes: tuple[Bi, ...] = field(default_factory=tuple)


DocumentContext = (
    ReceiptContext
    | AcceptanceReportContext
    | NoticeContext
    | RefusalContext
    | RegistryContext
    | BatchReceiptContext
    | JournalContext
    | QueueListContext
)
