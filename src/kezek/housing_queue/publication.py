"""The published list of a district (masked: never a full IIN or a full name) as XLSX, CSV and
PDF, in Kazakh or Russian. The rows come from `publication_rows`; this module only renders."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kezek.audit.actions import AuditAction
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.rules.clause_words import html_tokens_to_words

from .models import QueueList
from .selectors import PublishedRow, publication_rows, queue_list_public

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
LANGUAGES = ("kk", "ru")
# Noto Sans has every Kazakh letter (ә ғ қ ң ө ұ ү һ і); Debian's fonts-noto-core installs it.
FONT_DIR = "/usr/share/fonts/truetype/noto"


@dataclass(frozen=True)
class Publication:
    queue_list: QueueList
    as_of: dt.date
    rows: list[PublishedRow]
    lang: str


def _headers() -> list[str]:
    return [
        gettext("No."),
        gettext("Request number"),
        gettext("Documents accepted"),
        gettext("Registered"),
        gettext("Applicant (initials)"),
        gettext("IIN (masked)"),
        gettext("Priority class"),
    ]


def _cells(row: PublishedRow) -> list[object]:
    return [
        row.number,
        row.request_number,
        row.accepted_on.strftime("%d.%m.%Y"),
        row.registered_on.strftime("%d.%m.%Y"),
        row.name_masked,
        row.iin_masked,
        row.priority_class,
    ]


def _title(pub: Publication) -> str:
    return gettext("Housing queue of %(district)s: %(list)s, as of %(date)s") % {
        "district": pub.queue_list.district.name,
        "list": pub.queue_list.get_code_display(),
        "date": pub.as_of.strftime("%d.%m.%Y"),
    }


def render_csv(pub: Publication) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_title(pub)])
    writer.writerow(_headers())
    for row in pub.rows:
        writer.writerow(_cells(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def render_xlsx(pub: Publication) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = pub.queue_list.code[:31]
    sheet.append([_title(pub)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in pub.rows:
        sheet.append(_cells(row))
    for column, width in zip("ABCDEFG", (8, 22, 14, 14, 22, 16, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render_pdf(pub: Publication) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "housing_queue/publication_pdf.html",
        {
            "title": _title(pub),
            "headers": _headers(),
            "rows": [_cells(r) for r in pub.rows],
            "font_dir": FONT_DIR,
            "lang": pub.lang,
            "printed_at": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        },
    )
    # People read clauses in words (ADR 0012), in the list's language.
    return bytes(HTML(string=html_tokens_to_words(html, pub.lang)).write_pdf())


RENDERERS = {"xlsx": render_xlsx, "csv": render_csv, "pdf": render_pdf}


def publish(*, queue_list: QueueList, as_of: dt.date, fmt: str, lang: str) -> bytes:
    """The file of the published list in one format and language."""
    if fmt not in RENDERERS:
        raise KezekError(_("Choose XLSX, CSV or PDF."), field="format")
    if lang not in LANGUAGES:
        raise KezekError(_("The list is published in Kazakh or Russian."), field="lang")
    with translation.override(lang):
        pub = Publication(
            queue_list=queue_list,
            as_of=as_of,
            rows=publication_rows(queue_list=queue_list, as_of=as_of),
            lang=lang,
        )
        return RENDERERS[fmt](pub)


def publication_response(
    *, district_code: str, list_code: str, as_of: dt.date | None, fmt: str, lang: str
) -> HttpResponse:
    """The download of a published list (public: the content is masked)."""
    queue_list = queue_list_public(district_code=district_code, list_code=list_code)
    day = as_of or timezone.localdate()
    content = publish(queue_list=queue_list, as_of=day, fmt=fmt, lang=lang)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    name = f"kezek-{district_code}-{list_code}-{day.isoformat()}-{lang}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


#: The monthly archive: what the list was at the end of each month, in both languages, as PDF
#: (to print and post) and XLSX (to publish); kept for good in the default storage.
ARCHIVE_FORMATS = ("pdf", "xlsx")


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month before ``today``'s."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def archive_name(*, queue_list: QueueList, as_of: dt.date, lang: str, fmt: str) -> str:
    return (
        f"queue-publications/{queue_list.district.code}/{as_of.isoformat()}/"
        f"{queue_list.code}.{lang}.{fmt}"
    )


def queue_lists_publish_month(*, as_of: dt.date) -> dict[str, int]:
    """Publish every district's lists as they stood at the end of ``as_of`` into the archive,
    each file once (run again, it writes only what is missing), with an audit record a list."""
    written = kept = 0
    lists = QueueList.objects.select_related("district").filter(entries__isnull=False).distinct()
    for queue_list in lists:
        files: dict[str, str] = {}
        for lang in LANGUAGES:
            for fmt in ARCHIVE_FORMATS:
                name = archive_name(queue_list=queue_list, as_of=as_of, lang=lang, fmt=fmt)
                if default_storage.exists(name):
                    kept += 1
                    continue
                content = publish(queue_list=queue_list, as_of=as_of, fmt=fmt, lang=lang)
                default_storage.save(name, ContentFile(content))
                files[name] = hashlib.sha256(content).hexdigest()
                written += 1
        if files:
            audit_record_write(
                actor=None,
                action=AuditAction.QUEUE_PUBLISHED,
                obj=queue_list,
                after={"as_of": as_of.isoformat(), "files": files},
                # Practice, not the regulation: monthly lists without IINs (practice-2025.md).
                clauses=[],
                district_code=queue_list.district.code,
            )
    return {"written": written, "kept": kept}
