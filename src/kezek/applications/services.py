"""Writes to applicants and applications. Each locks what it changes and writes the audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError
from kezek.common.numbering import counter_next
from kezek.core.errors import ErrorCode
from kezek.core.iin import IINError, parse_iin
from kezek.offices.models import District, Office

from .choices import (
    PENDING_STATUSES,
    Channel,
    ClaimedGroup,
    DocumentSource,
    DocumentType,
    Fund,
    Relation,
)
from .models import (
    Applicant,
    Application,
    AttachedDocument,
    FamilyMember,
    Representative,
    RequestNumberCounter,
)
from .validators import IIN_ERROR_MESSAGES

if TYPE_CHECKING:
    from kezek.accounts.models import User


@dataclass(frozen=True)
class PersonInput:
    iin: str
    last_name: str
    first_name: str
    patronymic: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class FamilyMemberInput:
    relation: str
    full_name: str
    birth_date: dt.date
    iin: str = ""
    disabled: bool = False
    recognized_by_court: bool = False


@dataclass(frozen=True)
class RepresentativeInput:
    full_name: str
    iin: str
    power_of_attorney_number: str
    power_of_attorney_date: dt.date
    phone: str = ""
    power_of_attorney_valid_until: dt.date | None = None


@dataclass(frozen=True)
class DocumentInput:
    doc_type: str
    source: str = DocumentSource.HANDED_IN
    content: bytes | None = None
    filename: str = ""
    fetched_at: dt.datetime | None = None  # when the register answered (source "fetched")


@dataclass(frozen=True)
class ApplicationInput:
    applicant: PersonInput
    claimed_groups: Sequence[str]
    fund: str = Fund.COMMUNAL
    family: Sequence[FamilyMemberInput] = ()
    representative: RepresentativeInput | None = None
    documents: Sequence[DocumentInput] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    language: str = "kk"
    contact_email: str = ""
    #: The channels the citizen chose for being told of each step; None: every channel whose
    #: contact is given (callers that do not ask, such as imports).
    notify_by_sms: bool | None = None
    notify_by_email: bool | None = None

    def email_address(self) -> str:
        return self.contact_email or self.applicant.email


def _check_iin(value: str, *, field_name: str) -> dt.date:
    try:
        return parse_iin(value).birth_date
    except IINError as exc:
        raise KezekError(
            IIN_ERROR_MESSAGES[exc.code], field=field_name, code=f"iin_{exc.code}"
        ) from exc


def _validate(data: ApplicationInput, channel: str) -> None:
    if channel not in Channel.values:
        raise KezekError(_("Unknown channel."), field="channel")
    birth_date = _check_iin(data.applicant.iin, field_name="applicant.iin")
    if data.applicant.birth_date and data.applicant.birth_date != birth_date:
        raise KezekError(_("The birth date does not match the IIN."), field="applicant.birth_date")
    if not data.applicant.last_name.strip():
        raise KezekError(
            _("This field is required."), field="applicant.last_name", code=ErrorCode.REQUIRED
        )
    if not data.applicant.first_name.strip():
        raise KezekError(
            _("This field is required."), field="applicant.first_name", code=ErrorCode.REQUIRED
        )
    if not data.claimed_groups:
        raise KezekError(
            _("Choose at least one group."), field="claimed_groups", code=ErrorCode.REQUIRED
        )
    for i, group in enumerate(data.claimed_groups):
        if group not in ClaimedGroup.values:
            raise KezekError(_("Unknown group."), field=f"claimed_groups[{i}]")
    if data.fund not in Fund.values:
        raise KezekError(_("Unknown housing fund."), field="fund")
    if data.language not in ("kk", "ru"):
        raise KezekError(_("Documents are issued in Kazakh or Russian."), field="language")
    if data.notify_by_sms and not data.applicant.phone.strip():
        raise KezekError(
            _("Give a phone number to be told by SMS, or untick SMS."),
            field="applicant.phone",
            code=ErrorCode.REQUIRED,
        )
    if data.notify_by_email and not data.email_address().strip():
        raise KezekError(
            _("Give an e-mail address to be told by e-mail, or untick e-mail."),
            field="contact_email",
            code=ErrorCode.REQUIRED,
        )
    for i, member in enumerate(data.family):
        if member.relation not in Relation.values:
            raise KezekError(_("Unknown relation."), field=f"family[{i}].relation")
        if member.relation == Relation.OTHER and not member.recognized_by_court:
            raise KezekError(
                _("Other persons count as family only by a court decision (reg:15.1.g)."),
                field=f"family[{i}].recognized_by_court",
            )
        if member.iin:
            _check_iin(member.iin, field_name=f"family[{i}].iin")
    if data.representative is not None:
        _check_iin(data.representative.iin, field_name="representative.iin")
    for i, doc in enumerate(data.documents):
        if doc.doc_type not in DocumentType.values:
            raise KezekError(_("Unknown document type."), field=f"documents[{i}].doc_type")
        if doc.source not in DocumentSource.values:
            raise KezekError(_("Unknown document source."), field=f"documents[{i}].source")


def _next_request_number(*, district: District, year: int) -> str:
    value = counter_next(RequestNumberCounter, district=district, year=year)
    return f"{district.code.upper()}-{year}-{value:05d}"


def applicant_upsert(*, actor: User | None, person: PersonInput) -> Applicant:
    """Find the applicant by IIN or create them; refresh contact details when given."""
    birth_date = _check_iin(person.iin, field_name="applicant.iin")
    applicant = Applicant.objects.select_for_update().filter(iin=person.iin).first()
    if applicant is None:
        applicant = Applicant(iin=person.iin, birth_date=birth_date)
        before = None
    else:
        before = {
            "last_name": applicant.last_name,
            "first_name": applicant.first_name,
            "phone": applicant.phone,
        }
    for attr in ("last_name", "first_name", "patronymic", "phone", "email", "address"):
        value = getattr(person, attr)
        if value:
            setattr(applicant, attr, value.strip())
    try:
        applicant.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise KezekError(messages[0], field=f"applicant.{name}") from exc
    applicant.save()
    audit_record_write(
        actor=actor,
        action="applicant.created" if before is None else "applicant.updated",
        obj=applicant,
        before=before,
        after={
            "last_name": applicant.last_name,
            "first_name": applicant.first_name,
            "phone": applicant.phone,
        },
    )
    return applicant


def application_submit(
    *,
    actor: User | None,
    office: Office,
    channel: str,
    data: ApplicationInput,
    accepted_at: dt.datetime | None = None,
) -> Application:
    """Accept a complete application (reg:15, reg:16): number it, store it, audit it.

    Refuses a second application while the same IIN has one pending in the district.
    """
    _validate(data, channel)
    accepted_at = accepted_at or timezone.now()
    with transaction.atomic():
        applicant = applicant_upsert(actor=actor, person=data.applicant)
        pending = (
            Application.objects.filter(
                applicant=applicant, district=office.district, status__in=PENDING_STATUSES
            )
            .order_by("accepted_at")
            .first()
        )
        if pending is not None:
            raise KezekError(
                _("This citizen already has a pending application %(number)s of %(date)s.")
                % {
                    "number": pending.request_number,
                    "date": timezone.localtime(pending.accepted_at).strftime("%d.%m.%Y"),
                },
                field="applicant.iin",
                code=ErrorCode.DUPLICATE,
            )
        year = timezone.localtime(accepted_at).year
        application = Application.objects.create(
            district=office.district,
            request_number=_next_request_number(district=office.district, year=year),
            channel=channel,
            accepted_office=office,
            accepted_at=accepted_at,
            accepted_by=actor,
            applicant=applicant,
            claimed_groups=list(data.claimed_groups),
            fund=data.fund,
            facts=dict(data.facts),
            contact_phone=data.applicant.phone,
            contact_email=data.email_address(),
            notify_by_sms=(
                bool(data.applicant.phone) if data.notify_by_sms is None else data.notify_by_sms
            ),
            notify_by_email=(
                bool(data.email_address()) if data.notify_by_email is None else data.notify_by_email
            ),
            language=data.language,
        )
        for member in data.family:
            FamilyMember.objects.create(
                application=application,
                relation=member.relation,
                full_name=member.full_name,
                iin=member.iin,
                birth_date=member.birth_date,
                disabled=member.disabled,
                recognized_by_court=member.recognized_by_court,
            )
        if data.representative is not None:
            rep = data.representative
            Representative.objects.create(
                application=application,
                full_name=rep.full_name,
                iin=rep.iin,
                phone=rep.phone,
                power_of_attorney_number=rep.power_of_attorney_number,
                power_of_attorney_date=rep.power_of_attorney_date,
                power_of_attorney_valid_until=rep.power_of_attorney_valid_until,
            )
        for doc in data.documents:
            document_attach(actor=actor, application=application, document=doc, audit=False)
        audit_record_write(
            actor=actor,
            action="application.accepted",
            obj=application,
            after={
                "status": application.status,
                "channel": channel,
                "office": office.code,
                "claimed_groups": list(data.claimed_groups),
                "documents": [d.doc_type for d in data.documents],
                "notify_by": application.notify_channels(),
            },
            clauses=["reg:15", "reg:16"],
            district_code=office.district.code,
        )
    return application


def document_attach(
    *, actor: User | None, application: Application, document: DocumentInput, audit: bool = True
) -> AttachedDocument:
    """Attach a document with its SHA-256; the content, if any, is stored as a file."""
    content = document.content or b""
    digest = hashlib.sha256(content).hexdigest()
    attached = AttachedDocument(
        application=application,
        doc_type=document.doc_type,
        source=document.source,
        sha256=digest,
        size=len(content),
        original_name=document.filename[:255],
        added_by=actor,
        fetched_at=document.fetched_at,
    )
    if document.content is not None:
        attached.file.save(
            document.filename or f"{document.doc_type}.bin", ContentFile(content), save=False
        )
    attached.save()
    if audit:
        audit_record_write(
            actor=actor,
            action="document.attached",
            obj=application,
            after={"doc_type": attached.doc_type, "sha256": digest, "source": attached.source},
            clauses=["reg:15.1"],
            district_code=application.district.code,
        )
    return attached
