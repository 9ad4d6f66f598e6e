"""The data of the published queue list document (ADR 0008): the queue's own rows.

Sequence number, masked name, registration date and request number; never a full name or IIN.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kezek.applications.models import Application
from kezek.core.text import Bi
from kezek.offices.models import District
from kezek.paperwork.choices import DocumentKind
from kezek.paperwork.context_parts import authorized_body, list_names, office_info
from kezek.paperwork.contexts import QueueListContext, QueueListRow
from kezek.paperwork.sources import register_context_builder

from .selectors import publication_rows, queue_list_public, queue_positions_for_application


def queue_list_context(*, district: District, list_code: str, as_of: dt.date) -> QueueListContext:
    """The published list as it stood at the end of ``as_of``."""
    queue_list = queue_list_public(district_code=district.code, list_code=list_code)
    names = list_names(as_of)
    return QueueListContext(
        office=office_info(authorized_body(district)),
        list_code=list_code,
        list_name=names.get(list_code, Bi(list_code, list_code)),
        as_of=as_of,
        rows=tuple(
            QueueListRow(
                position=row.number,
                full_name=row.name_masked,
                registered_on=row.registered_on,
                request_number=row.request_number,
            )
            for row in publication_rows(queue_list=queue_list, as_of=as_of)
        ),
    )


def queue_list_of(*, application: Application) -> QueueListContext | None:
    """Today's first list the application stands in (``kezek paperwork render``)."""
    positions = queue_positions_for_application(application=application)
    if not positions:
        return None
    return queue_list_context(
        district=application.district, list_code=positions[0][0], as_of=timezone.localdate()
    )


def queue_documents_register() -> None:
    """Tell paperwork where the queue list document gets its data (HousingQueueConfig.ready)."""
    register_context_builder(kind=DocumentKind.QUEUE_LIST, subject_of=queue_list_of)
