"""Every kind of document for the demo data (``kezek paperwork sample``), for review and checks.

Each sample is built the way the real document is: from the demo applications and, where the
workflow or the queue hold the data (a registry, the journal, queue positions), from their
records. Where those records do not exist (yet) in the database, the sample is built from a
context dataclass with demo values, and says so (``Sample.note``). The demo app registers
``demo_samples`` with paperwork (DemoConfig.ready), which knows no app above it (ADR 0008).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kezek.applications.models import Application
from kezek.common.errors import KezekError
from kezek.core.text import Bi
from kezek.housing_queue.documents import queue_list_context
from kezek.housing_queue.selectors import queue_positions_for_application
from kezek.offices.models import District, Office
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.context_parts import RECIPIENT_KINDS, authorized_body, office_info
from kezek.paperwork.contexts import (
    BatchReceiptContext,
    JournalContext,
    JournalRow,
    QueueListContext,
    QueueListRow,
    RegistryContext,
)
from kezek.paperwork.sources import Sample
from kezek.paperwork.wording import kind_name
from kezek.workflow.document_contexts import (
    acceptance_report_context,
    batch_receipt_context,
    journal_context,
    notice_context,
    receipt_context,
    refusal_context,
    registry_context,
    registry_items,
    result_decision,
)
from kezek.workflow.models import DispatchRegistry

#: The demo applicants each sample is made for (kezek.demo.loader).
DEMO = {
    DocumentKind.RECEIPT: "Төлеубаев",  # AB desk, with a representative
    DocumentKind.ACCEPTANCE_REPORT: "Иванова",  # portal
    DocumentKind.REGISTRATION_NOTICE: "Серікова",  # a pensioner the engine registers
    DocumentKind.MOTIVATED_REFUSAL: "Петренко",  # sold a flat in 2023: reg:12.2
}


class DemoMissing(KezekError):
    """The demo is not loaded (``kezek demo``)."""


def _demo_application(district: District, last_name: str) -> Application:
    application = (
        Application.objects.select_related("applicant", "accepted_office", "district")
        .filter(district=district, applicant__last_name=last_name)
        .order_by("accepted_at")
        .first()
    )
    if application is None:
        raise DemoMissing(
            f"no demo application of {last_name}: run `kezek demo` first", field="demo"
        )
    return application


def _psc_applications(district: District) -> list[Application]:
    return list(
        Application.objects.select_related("applicant")
        .filter(district=district, accepted_office__code="akt-psc-1")
        .order_by("accepted_at")[:4]
    )


def _workflow_registry(district: District) -> DispatchRegistry | None:
    return (
        DispatchRegistry.objects.filter(district=district, received_at__isnull=False)
        .order_by("-sent_at")
        .first()
    )


def demo_samples(*, district_code: str = "akt") -> list[Sample]:
    district = District.objects.filter(code=district_code).first()
    if district is None:
        raise DemoMissing(f"no district {district_code!r}: run `kezek demo` first", field="demo")
    samples: list[Sample] = []
    receipt_app = _demo_application(district, DEMO[DocumentKind.RECEIPT])
    samples.append(
        Sample(DocumentKind.RECEIPT, receipt_context(application=receipt_app), receipt_app)
    )
    portal_app = _demo_application(district, DEMO[DocumentKind.ACCEPTANCE_REPORT])
    samples.append(
        Sample(
            DocumentKind.ACCEPTANCE_REPORT,
            acceptance_report_context(application=portal_app),
            portal_app,
        )
    )

    notice_app = _demo_application(district, DEMO[DocumentKind.REGISTRATION_NOTICE])
    note = ""
    positions = queue_positions_for_application(application=notice_app)
    if not positions:
        decision = result_decision(notice_app)
        positions = [(code, 17 + i) for i, code in enumerate(decision.get("lists", []))]
        note = "queue positions are demo values (the application has no queue entry yet)"
    samples.append(
        Sample(
            DocumentKind.REGISTRATION_NOTICE,
            notice_context(application=notice_app, positions=positions),
            notice_app,
            note,
        )
    )
    refusal_app = _demo_application(district, DEMO[DocumentKind.MOTIVATED_REFUSAL])
    samples.append(
        Sample(
            DocumentKind.MOTIVATED_REFUSAL, refusal_context(application=refusal_app), refusal_app
        )
    )

    registry = _workflow_registry(district)
    if registry is not None:
        samples.append(
            Sample(DocumentKind.DISPATCH_REGISTRY, registry_context(registry=registry), None)
        )
        samples.append(
            Sample(DocumentKind.BATCH_RECEIPT, batch_receipt_context(registry=registry), None)
        )
    else:
        psc = Office.objects.select_related("district").get(code="akt-psc-1")
        ab = authorized_body(district)
        apps = _psc_applications(district)
        sent_at = timezone.now().replace(hour=7, minute=0, second=0, microsecond=0)
        items = registry_items(apps)
        note = "built from demo values (no dispatch registry recorded by the workflow yet)"
        number = f"AKT-PSC-1-{sent_at.year}-0001"
        samples.append(
            Sample(
                DocumentKind.DISPATCH_REGISTRY,
                RegistryContext(
                    office=office_info(psc),
                    recipient=office_info(ab),
                    registry_number=number,
                    sent_at=sent_at,
                    prepared_by="Ахметова Гүлнұр Қайратқызы",
                    items=items,
                ),
                None,
                note,
            )
        )
        samples.append(
            Sample(
                DocumentKind.BATCH_RECEIPT,
                BatchReceiptContext(
                    office=office_info(ab),
                    sender=office_info(psc),
                    registry_number=number,
                    sent_at=sent_at,
                    received_at=sent_at + dt.timedelta(minutes=45),
                    received_by="Сейітов Нұрлан Ғаниұлы",
                    items=items,
                ),
                None,
                note,
            )
        )

    ab = authorized_body(district)
    today = timezone.localdate()
    journal = journal_context(
        office=ab,
        start=today - dt.timedelta(days=30),
        end=today,
        prepared_by="Исаева Айгүл Маратқызы",
    )
    note = ""
    if not journal.rows:
        note = "rows are demo values (no results issued in the workflow's journal yet)"
        journal = JournalContext(
            office=journal.office,
            period_start=journal.period_start,
            period_end=journal.period_end,
            prepared_by=journal.prepared_by,
            rows=(
                JournalRow(
                    request_number=notice_app.request_number,
                    document=Bi(
                        kind_name("registration_notice", "kk"),
                        kind_name("registration_notice", "ru"),
                    ),
                    document_number=f"AKT-N-{today.year}-00001",
                    issued_at=timezone.now().replace(hour=6, minute=15, second=0, microsecond=0),
                    recipient_name=notice_app.applicant.full_name,
                    recipient_kind=RECIPIENT_KINDS["applicant"],
                    power_of_attorney="",
                    issued_by="Исаева Айгүл Маратқызы",
                ),
                JournalRow(
                    request_number=receipt_app.request_number,
                    document=Bi(
                        kind_name("motivated_refusal", "kk"), kind_name("motivated_refusal", "ru")
                    ),
                    document_number=f"AKT-MR-{today.year}-00001",
                    issued_at=timezone.now().replace(hour=9, minute=40, second=0, microsecond=0),
                    recipient_name="Төлеубаева Сания Мұратқызы",
                    recipient_kind=RECIPIENT_KINDS["representative"],
                    power_of_attorney="№ НТ-2025-0142, 10.01.2025",
                    issued_by="Исаева Айгүл Маратқызы",
                ),
            ),
        )
    samples.append(Sample(DocumentKind.ISSUE_JOURNAL, journal, None, note))

    try:
        queue = queue_list_context(district=district, list_code="socially_vulnerable", as_of=today)
    except KezekError:
        queue = None
    if queue is not None and queue.rows:
        samples.append(Sample(DocumentKind.QUEUE_LIST, queue, None))
    else:
        names = {
            "socially_vulnerable": Bi("әлеуметтік жағынан осал топтар", "социально уязвимые слои")
        }
        rows = tuple(
            QueueListRow(
                position=i,
                full_name=f"{a.applicant.last_name[:1]}*** {a.applicant.first_name[:1]}. {a.applicant.patronymic[:1]}.",
                registered_on=timezone.localtime(a.accepted_at).date() + dt.timedelta(days=30),
                request_number=a.request_number,
            )
            for i, a in enumerate(
                Application.objects.filter(district=district).order_by("accepted_at")[:12], start=1
            )
        )
        samples.append(
            Sample(
                DocumentKind.QUEUE_LIST,
                QueueListContext(
                    office=office_info(ab),
                    list_code="socially_vulnerable",
                    list_name=names["socially_vulnerable"],
                    as_of=today,
                    rows=rows,
                ),
                None,
                "rows are demo values (the housing queue has no entries in this list yet)",
            )
        )
    return samples
