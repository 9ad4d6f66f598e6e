"""The demo district (Annex 1), one account per role and about twenty applicants.

Idempotent: accounts are found by login, applicants by IIN; nothing is created twice.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction

from kezek.accounts.models import Role, User
from kezek.applications.choices import Channel
from kezek.applications.models import Applicant, Application
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    FamilyMemberInput,
    PersonInput,
    RepresentativeInput,
)
from kezek.core.iin import Sex, make_iin
from kezek.offices.models import Office
from kezek.signatures.testing import sign_as_citizen
from kezek.workflow.portal import Upload, portal_application_receive
from kezek.workflow.services.checking import application_take, result_draft
from kezek.workflow.services.dispatch import (
    application_collect,
    dispatch_registry_receive,
    dispatch_registry_send,
)
from kezek.workflow.services.intake import application_intake
from kezek.workflow.services.results import (
    result_issue,
    result_receive_at_psc,
    result_register,
    result_sign,
)

from .people import (
    COMMON_DOCS,
    DEMO_PASSWORD,
    RUSSIAN_SPEAKERS,
    STAFF,
    D,
    DemoApplicant,
)
from .registers import applicant_iins, member_iin

#: Operators' mobile codes only: a demo landline would be refused an SMS (kezek.paperwork.sms).
DEMO_MOBILE_CODES = ("701", "702", "705", "707", "747", "771", "777", "778")


def _staff(office_by_code: dict[str, Office]) -> list[tuple[User, bool]]:
    result = []
    for username, role, office_code, last, first, patronymic in STAFF:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.role = role
        user.office = office_by_code[office_code]
        user.last_name, user.first_name, user.patronymic = last, first, patronymic
        user.is_staff = role in (Role.ADMINISTRATOR, Role.AUDITOR)
        user.is_superuser = role == Role.ADMINISTRATOR
        user.save()
        result.append((user, created))
    return result


def _application_input(person: DemoApplicant, serial: int, iin: str) -> ApplicationInput:
    facts: dict[str, Any] = {
        "citizen_of_kz": True,
        "permanent_resident_in_locality": True,
        "housing": dict.fromkeys(person.housing, True),
        "history": list(person.history),
        "military_service_months": 0,
    }
    if person.income is not None:
        # Whole months of contributions, as the pension register will say (demo/registers.py).
        facts["income_12_months"] = person.income // 12 * 12
    representative = None
    if person.representative:
        representative = RepresentativeInput(
            full_name="Төлеубаева Сания Мұратқызы",
            iin=make_iin(D(1960, 1, 15), Sex.FEMALE, 900 + serial),
            phone="+7 701 555 01 01",
            power_of_attorney_number="НТ-2025-0142",
            power_of_attorney_date=D(2025, 1, 10),
        )
    return ApplicationInput(
        applicant=PersonInput(
            iin=iin,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            birth_date=person.birth_date,
            phone=f"+7 {DEMO_MOBILE_CODES[serial % len(DEMO_MOBILE_CODES)]} {serial:03d} "
            f"{serial % 97:02d} {serial % 89:02d}",
            address="Ақтоғай ауылы",
        ),
        claimed_groups=person.groups,
        family=[
            FamilyMemberInput(
                relation=rel,
                full_name=name,
                birth_date=born,
                # The IIN the registers' simulator knows the member by (demo/registers.py).
                iin=member_iin(serial, index, rel, name, born, person.sex),
                disabled=name in person.disabled_members,
            )
            for index, (rel, name, born) in enumerate(person.family)
        ],
        representative=representative,
        documents=[DocumentInput(doc_type=code) for code in (*COMMON_DOCS, *person.extra_docs)],
        facts=facts,
        language="ru" if person.last_name in RUSSIAN_SPEAKERS else "kk",
    )


def _portal_request(data: ApplicationInput) -> tuple[bytes, dict[str, Upload]]:
    """The signed request a citizen's browser would send (reg:15.2): two scans, the rest fetched."""
    scans = {
        "form": b"%PDF-1.4\n% demo application form\n",
        "id": b"%PDF-1.4\n% demo identity card\n",
    }
    kinds = {"form": "application_form", "id": "id_documents"}
    person = data.applicant
    body: dict[str, Any] = {
        "district": "akt",
        "applicant": {
            "iin": person.iin,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "phone": person.phone,
        },
        "claimed_groups": list(data.claimed_groups),
        "fund": data.fund,
        "family": [
            {
                "relation": m.relation,
                "full_name": m.full_name,
                "birth_date": m.birth_date.isoformat(),
                "iin": m.iin,
                "disabled": m.disabled,
            }
            for m in data.family
        ],
        "facts": data.facts,
        "language": data.language,
        "attachments": [
            {"doc_type": kinds[name], "file": name, "sha256": hashlib.sha256(content).hexdigest()}
            for name, content in scans.items()
        ],
        "fetched_documents": [
            d.doc_type for d in data.documents if d.doc_type not in kinds.values()
        ],
    }
    request_bytes = json.dumps(body, ensure_ascii=False).encode("utf-8")
    uploads = {
        name: Upload(name=name, filename=f"{name}.pdf", content=content)
        for name, content in scans.items()
    }
    return request_bytes, uploads


def _advance(application: Application, *, stage: str, people: dict[str, User]) -> None:
    """Move a file through the real workflow services up to `stage` (draft, sign or issue)."""
    executor, head = people["executor"], people["head"]
    if application.channel == Channel.PSC:
        branch = application.accepted_office.code
        back_office = people["backoffice1" if branch == "akt-psc-1" else "backoffice2"]
        application_collect(actor=back_office, application=application)
        registry = dispatch_registry_send(actor=back_office, applications=[application])
        dispatch_registry_receive(actor=executor, registry=registry)
    else:
        application_take(actor=executor, application=application)
    application.refresh_from_db()
    result_draft(actor=executor, application=application)
    if stage == "draft":
        return
    result_sign(actor=head, application=application)
    if stage == "sign":
        return
    result_register(actor=executor, application=application)
    if application.channel == Channel.PSC:
        inspector = (
            people["psc1"] if application.accepted_office.code == "akt-psc-1" else people["psc2"]
        )
        result_receive_at_psc(actor=inspector, application=application)
        result_issue(actor=inspector, application=application)
    elif application.channel == Channel.AB_DESK:
        result_issue(actor=people["clerk"], application=application)


def demo_load() -> dict[str, Any]:
    """Load the demo and return what exists: logins (with created flags) and request numbers.

    Files are accepted through the real intake services (a PSC window, the AB desk, a signed
    portal request) and the older ones are moved through the workflow, so the queue, the
    documents and the audit trail are as real use would leave them.
    """
    with transaction.atomic():
        office_by_code = {o.code: o for o in Office.objects.filter(district__code="akt")}
        staff = _staff(office_by_code)
    people = {u.username: u for u, _created in staff}
    applications: list[tuple[Application, bool]] = []
    for serial, person, iin in applicant_iins():
        applicant = Applicant.objects.filter(iin=iin).first()
        existing = applicant.applications.order_by("accepted_at").first() if applicant else None
        if existing is not None:
            applications.append((existing, False))
            continue
        data = _application_input(person, serial, iin)
        if person.channel == Channel.PORTAL:
            request_bytes, uploads = _portal_request(data)
            signature = sign_as_citizen(
                request_bytes, iin=iin, name=f"{person.last_name} {person.first_name}".upper()
            )
            application = portal_application_receive(
                request_bytes=request_bytes, signature=signature, uploads=uploads
            )
        else:
            actor = (
                people["psc1" if person.office == "akt-psc-1" else "psc2"]
                if person.channel == Channel.PSC
                else people["clerk"]
            )
            application = application_intake(actor=actor, channel=person.channel, data=data)
        if person.stage:
            _advance(application, stage=person.stage, people=people)
        application.refresh_from_db()
        applications.append((application, True))
    return {
        "password": DEMO_PASSWORD,
        "staff": [
            (u.username, u.get_role_display(), u.office.code if u.office else "", created)
            for u, created in staff
        ],
        "applications": [
            (a.request_number, a.applicant.full_name, a.channel, a.get_status_display(), created)
            for a, created in applications
        ],
    }
