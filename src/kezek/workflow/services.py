"""Writes of the service workflow: intake with the receipt, one function per transition.

Each function locks the rows it changes, checks the actor's role and office, moves the file
through a row of the transition table (kezek.workflow.transitions), writes the audit record
(actor, old and new state, comment, clauses) in the same transaction and schedules side
effects (e-mail) with `transaction.on_commit`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kezek.accounts.models import Role
from kezek.accounts.permissions import AB_ROLES, PSC_ROLES
from kezek.applications.choices import FINAL_STATUSES, Channel, Decision, DocumentType
from kezek.applications.models import Application
from kezek.applications.services import (
    ApplicationInput,
    DocumentInput,
    application_submit,
    document_attach,
)
from kezek.audit.services import audit_record_write
from kezek.common.errors import KezekError, NotFoundError, PermissionDeniedError
from kezek.core.calendar import AB_HOURS, PSC_HOURS, local_date, service_deadlines
from kezek.core.iin import IINError, parse_iin
from kezek.offices.models import Office
from kezek.reference.selectors import working_calendar
from kezek.rules.versions import DEFAULT_VERSIONS

from . import queue_link
from .deadlines import step_due
from .documents import document_issue_after_commit
from .models import (
    Counter,
    DispatchRegistry,
    DispatchRegistryItem,
    IssueJournalEntry,
    Receipt,
    ResultDraft,
    Timeline,
)
from .selectors import decide_application
from .transitions import (
    SYSTEM,
    Transition,
    find_transition,
    intake_channel_for,
    is_assigned_only,
    transitions_for,
)

if TYPE_CHECKING:
    from kezek.accounts.models import User

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- helpers


def _lock(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return Application.objects.select_for_update().get(pk=pk)


def _check_comment(transition: Transition, comment: str) -> str:
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise KezekError(_("Write a comment: it says why."), field="comment", code="required")
    return comment


def _authorize(*, actor: User | None, action: str, application: Application) -> Transition:
    """Scope first (out of scope is 'not found'), then the role, then the state."""
    if actor is None or not actor.is_active or not actor.role or actor.office is None:
        raise NotFoundError(_("No such application."), field="application_id", code="not_found")
    office = actor.office
    if office.district_id != application.district_id:
        raise NotFoundError(_("No such application."), field="application_id", code="not_found")
    if actor.role in PSC_ROLES and actor.office_id != application.accepted_office_id:
        raise NotFoundError(_("No such application."), field="application_id", code="not_found")
    rows = transitions_for(action)
    if actor.role not in {role for row in rows for role in row.roles}:
        raise PermissionDeniedError(
            _("Your role may not do this: %(action)s.")
            % {"action": rows[0].label if rows else action},
            field="action",
            code="role",
        )
    if actor.role in AB_ROLES and office.kind != Office.Kind.AUTHORIZED_BODY:
        raise PermissionDeniedError(
            _("Only staff of the authorized body may do this."), field="action", code="office"
        )
    transition = find_transition(
        action=action, status=application.status, channel=application.channel
    )
    if actor.role not in transition.roles:
        raise PermissionDeniedError(
            _("Your role may not do this: %(action)s.") % {"action": transition.label},
            field="action",
            code="role",
        )
    if is_assigned_only(action=action, role=actor.role) and application.executor_id != actor.pk:
        if application.executor_id is None:
            raise KezekError(
                _("Take the file for checking first."), field="executor", code="not_assigned"
            )
        raise NotFoundError(_("No such application."), field="application_id", code="not_found")
    return transition


def _calendar_deadlines(application: Application) -> tuple[dt.date, dt.date | None]:
    deadlines = service_deadlines(application.accepted_at, application.channel, working_calendar())
    return deadlines.result_due, deadlines.handover_due


def _timeline(application: Application) -> Timeline:
    """The file's timeline, locked; made on first use for files accepted outside the workflow."""
    timeline = Timeline.objects.select_for_update().filter(application=application).first()
    if timeline is None:
        result_due, handover_due = _calendar_deadlines(application)
        timeline = Timeline.objects.create(
            application=application,
            result_due=result_due,
            handover_due=handover_due,
            ab_accepted_at=None if application.channel == Channel.PSC else application.accepted_at,
            step_status=application.status,
            step_started_at=application.accepted_at,
        )
    return timeline


def _enter_step(application: Application, timeline: Timeline, now: dt.datetime) -> None:
    timeline.step_status = application.status
    timeline.step_started_at = now
    timeline.step_due_at = step_due(
        status=application.status,
        channel=application.channel,
        started=now,
        calendar=working_calendar(),
        ab_accepted=timeline.ab_accepted_at,
        result_due=timeline.result_due,
        handover_due=timeline.handover_due,
    )
    timeline.finished_at = now if application.status in FINAL_STATUSES else None
    timeline.save()


def _move(
    *,
    actor: User | None,
    application: Application,
    transition: Transition,
    now: dt.datetime,
    comment: str = "",
    after: dict[str, Any] | None = None,
    timeline: Timeline | None = None,
    actor_label: str | None = None,
) -> None:
    """Apply one row of the table: the new state, the step's limit, the audit record."""
    before = application.status
    application.status = transition.target
    application.save(update_fields=["status", "executor", "updated_at"])
    _enter_step(application, timeline or _timeline(application), now)
    audit_record_write(
        actor=actor,
        action=f"workflow.{transition.action}",
        obj=application,
        before={"status": before},
        after={"status": transition.target, **(after or {})},
        comment=comment,
        clauses=transition.clauses,
        district_code=application.district.code,
        actor_label=actor_label,
    )


def _next_number(*, kind: str, office: Office, year: int) -> int:
    counter, _created = Counter.objects.select_for_update().get_or_create(
        kind=kind, office=office, year=year
    )
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def notify_after_commit(recipients: Sequence[tuple[str, str]], render: Any) -> None:
    """E-mail after commit; `render(language)` gives (subject, body) in each recipient's language."""
    messages = []
    for address, language in recipients:
        if not address:
            continue
        with translation.override(language):
            subject, body = render(language)
        messages.append((str(subject), str(body), address))

    def send() -> None:
        for subject, body, address in messages:
            try:
                send_mail(subject, body, None, [address])
            except OSError:
                # The change is committed; a lost notification must not undo it. Logged for ops.
                logger.exception("could not send the workflow e-mail to %s", address)

    if messages:
        transaction.on_commit(send)


def _staff(district_id: int, *roles: str, office: Office | None = None) -> list[User]:
    from kezek.accounts.models import User

    qs = User.objects.filter(is_active=True, role__in=roles, office__district_id=district_id)
    if office is not None:
        qs = qs.filter(office=office)
    return list(qs.order_by("pk"))


def _user_language(user: User) -> str:
    return user.preferred_language or "kk"


# --------------------------------------------------------------------------- intake


def _document_names(codes: Sequence[str]) -> str:
    return "; ".join(str(DocumentType(c).label) if c in DocumentType.values else c for c in codes)


def check_documents_complete(application: Application) -> None:
    """reg:16: the receipt is given only for a complete set (reg:15.1 for this case)."""
    decision = decide_application(application=application)
    missing = decision["missing_documents"]
    if missing:
        raise KezekError(
            _(
                "The set of documents is not complete, so it cannot be accepted (reg:16). "
                "Missing: %(documents)s."
            )
            % {"documents": _document_names(missing)},
            field="documents",
            code="documents_incomplete",
        )


def _claimed_lists(claimed_groups: Sequence[str], day: dt.date) -> set[str]:
    version = DEFAULT_VERSIONS.version_on(day)
    return {version.groups[g].list_code for g in claimed_groups if g in version.groups}


def refuse_if_on_claimed_list(data: ApplicationInput, district_id: int, today: dt.date) -> None:
    """A person already on the list they claim is refused at the window, naming the file."""
    claimed = _claimed_lists(data.claimed_groups, today)
    if not claimed:
        return
    entries = queue_link.active_entries(
        iin=data.applicant.iin, district_id=district_id, lists=claimed
    )
    if entries:
        lists = sorted({code for code, _number, _at in entries})
        _code, number, accepted_at = entries[0]
        raise KezekError(
            _(
                "This citizen is already in the housing queue on the list they claim "
                "(%(lists)s), by application %(number)s of %(date)s."
            )
            % {
                "lists": ", ".join(lists),
                "number": number,
                "date": timezone.localtime(accepted_at).strftime("%d.%m.%Y"),
            },
            field="applicant.iin",
            code="duplicate_on_list",
        )


def _receipt_documents(application: Application) -> list[dict[str, str]]:
    version = DEFAULT_VERSIONS.version_on(local_date(application.accepted_at))
    items = []
    for document in application.documents.all():
        spec = version.documents.get(document.doc_type)
        items.append(
            {
                "doc_type": document.doc_type,
                "name_kk": spec.names.kk if spec else document.doc_type,
                "name_ru": spec.names.ru if spec else document.doc_type,
                "clause": spec.clause if spec else "reg:15.1",
                "source": document.source,
            }
        )
    return items


def _receipt_create(application: Application, actor: User, timeline: Timeline) -> Receipt:
    office = application.accepted_office
    hours = PSC_HOURS if office.is_psc else AB_HOURS
    representative = getattr(application, "representative", None)
    return Receipt.objects.create(
        application=application,
        request_number=application.request_number,
        accepted_at=application.accepted_at,
        office=office,
        documents=_receipt_documents(application),
        result_date=timeline.result_due,
        result_time_from=hours[0][0],
        result_time_to=hours[-1][1],
        result_office=office,
        result_place_kk=f"{office.name_kk}, {office.address_kk}",
        result_place_ru=f"{office.name_ru}, {office.address_ru}",
        accepted_by=actor,
        accepted_by_name=actor.display_name,
        applicant_name=application.applicant.full_name,
        applicant_iin=application.applicant.iin,
        applicant_phone=application.contact_phone or application.applicant.phone,
        representative_name=representative.full_name if representative else "",
        representative_phone=representative.phone if representative else "",
    )


def timeline_start(application: Application) -> Timeline:
    result_due, handover_due = _calendar_deadlines(application)
    timeline = Timeline(
        application=application,
        result_due=result_due,
        handover_due=handover_due,
        # For the AB desk and the portal the AB accepts the file at intake (actions 1–4 skipped).
        ab_accepted_at=None if application.channel == Channel.PSC else application.accepted_at,
        step_status=application.status,
        step_started_at=application.accepted_at,
    )
    _enter_step(application, timeline, application.accepted_at)
    return timeline


def application_intake(
    *,
    actor: User,
    channel: str,
    data: ApplicationInput,
    executor: User | None = None,
) -> Application:
    """Accept a complete application at the PSC window or the AB desk and give the receipt.

    reg:13.1: the applicant applies to the AB or submits to the PSC.

    reg:15.1 (the checklist for the claimed groups, through the rules engine), reg:16.1 (the
    receipt), reg:17; duplicates (a pending file, or already on the claimed list) are refused.
    At the AB desk the file goes straight to an executor: `executor`, or the accepting
    executor themselves.
    """
    if not actor.is_active or actor.office is None:
        raise PermissionDeniedError(_("Your account may not accept applications."), field="actor")
    office = actor.office
    if channel == Channel.PSC:
        allowed = intake_channel_for(actor.role) == channel and office.is_psc
    elif channel == Channel.AB_DESK:
        allowed = (
            intake_channel_for(actor.role) == channel and office.kind == Office.Kind.AUTHORIZED_BODY
        )
    elif channel == Channel.PORTAL:
        raise KezekError(
            _("Portal applications arrive signed through the portal API."), field="channel"
        )
    else:
        raise KezekError(_("Unknown channel."), field="channel")
    if not allowed:
        raise PermissionDeniedError(
            _("Your role may not accept applications on this channel."),
            field="channel",
            code="role",
        )
    if executor is not None and channel != Channel.AB_DESK:
        raise KezekError(_("Only AB desk files go straight to an executor."), field="executor_id")
    now = timezone.now()
    with transaction.atomic():
        refuse_if_on_claimed_list(data, office.district_id, local_date(now))
        application = application_submit(
            actor=actor, office=office, channel=channel, data=data, accepted_at=now
        )
        check_documents_complete(application)
        timeline = timeline_start(application)
        receipt = _receipt_create(application, actor, timeline)
        audit_record_write(
            actor=actor,
            action="workflow.receipt_given",
            obj=application,
            after={
                "receipt": receipt.pk,
                "documents": [d["doc_type"] for d in receipt.documents],
                "result_date": receipt.result_date.isoformat(),
                "handover_due": timeline.handover_due.isoformat()
                if timeline.handover_due
                else None,
            },
            clauses=["reg:16.1"] + (["reg:17"] if channel == Channel.AB_DESK else ["reg:13.2"]),
            district_code=office.district.code,
        )
        document_issue_after_commit(actor=actor, kind="receipt", application=application)
        if channel == Channel.AB_DESK and (executor is not None or actor.role == Role.AB_EXECUTOR):
            target = executor or actor
            _check_executor(target, application)
            application.executor = target
            transition = find_transition(action="take", status=application.status, channel=channel)
            _move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"executor": target.display_name},
                timeline=timeline,
            )
    return application


def _check_executor(user: User, application: Application) -> None:
    if not (
        user.is_active
        and user.role == Role.AB_EXECUTOR
        and user.office is not None
        and user.office.district_id == application.district_id
    ):
        raise KezekError(
            _("Choose an active responsible executor of this district."),
            field="executor_id",
            code="invalid_executor",
        )


# --------------------------------------------------------------------------- PSC back office


def applications_collect(*, actor: User, applications: Sequence[Application]) -> list[Application]:
    """Annex 3, action 2: the back office collects accepted files of its branch (all or none)."""
    if not applications:
        raise KezekError(_("Choose at least one file."), field="application_ids", code="required")
    now = timezone.now()
    done = []
    with transaction.atomic():
        for pk in sorted({a.pk for a in applications}):
            application = _lock(pk)
            transition = _authorize(actor=actor, action="collect", application=application)
            _move(actor=actor, application=application, transition=transition, now=now)
            done.append(application)
    return done


def application_collect(*, actor: User, application: Application) -> Application:
    return applications_collect(actor=actor, applications=[application])[0]


def dispatch_registry_send(*, actor: User, applications: Sequence[Application]) -> DispatchRegistry:
    """Annex 3, action 3 / reg:13.3: a numbered, dated registry of collected files, sent to the
    AB as one batch."""
    if not applications:
        raise KezekError(_("Choose at least one file."), field="application_ids", code="required")
    now = timezone.now()
    with transaction.atomic():
        locked = []
        for pk in sorted({a.pk for a in applications}):
            application = _lock(pk)
            transition = _authorize(actor=actor, action="dispatch", application=application)
            locked.append((application, transition))
        office = actor.office
        assert office is not None
        year = local_date(now).year
        registry = DispatchRegistry.objects.create(
            district_id=office.district_id,
            office=office,
            year=year,
            number=_next_number(kind=Counter.Kind.REGISTRY, office=office, year=year),
            sent_at=now,
            sent_by=actor,
        )
        for position, (application, transition) in enumerate(
            sorted(locked, key=lambda pair: (pair[0].accepted_at, pair[0].pk)), start=1
        ):
            DispatchRegistryItem.objects.create(
                registry=registry, application=application, position=position
            )
            _move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"registry": registry.display_number},
            )
        audit_record_write(
            actor=actor,
            action="registry.sent",
            obj=registry,
            after={"files": [a.request_number for a, _t in locked], "office": office.code},
            clauses=["reg:13.3"],
            district_code=office.district.code,
        )
        document_issue_after_commit(actor=actor, kind="dispatch_registry", subject=registry)
    return registry


def dispatch_registry_receive(*, actor: User, registry: DispatchRegistry) -> DispatchRegistry:
    """Annex 3, action 4: the executor accepts the batch (the receipt of the files); the files
    become theirs to check."""
    now = timezone.now()
    with transaction.atomic():
        registry = DispatchRegistry.objects.select_for_update().get(pk=registry.pk)
        if actor.office is None or actor.office.district_id != registry.district_id:
            raise NotFoundError(_("No such registry."), field="registry_id", code="not_found")
        if actor.role != Role.AB_EXECUTOR:
            raise PermissionDeniedError(
                _("Your role may not do this: %(action)s.") % {"action": _("Accept the batch")},
                field="action",
                code="role",
            )
        if registry.received_at is not None:
            raise KezekError(
                _("This registry was already accepted on %(date)s by %(name)s.")
                % {
                    "date": timezone.localtime(registry.received_at).strftime("%d.%m.%Y %H:%M"),
                    "name": registry.received_by.display_name if registry.received_by else "",
                },
                field="registry_id",
                code="illegal_transition",
            )
        files = []
        for item in registry.items.order_by("application_id"):
            application = _lock(item.application_id)
            transition = _authorize(actor=actor, action="receive", application=application)
            application.executor = actor
            timeline = _timeline(application)
            timeline.ab_accepted_at = now
            _move(
                actor=actor,
                application=application,
                transition=transition,
                now=now,
                after={"registry": registry.display_number, "executor": actor.display_name},
                timeline=timeline,
            )
            files.append(application.request_number)
        registry.received_at = now
        registry.received_by = actor
        registry.save(update_fields=["received_at", "received_by"])
        audit_record_write(
            actor=actor,
            action="registry.received",
            obj=registry,
            after={"files": files},
            clauses=["reg:13.4"],
            district_code=registry.district.code,
        )
        document_issue_after_commit(actor=actor, kind="batch_receipt", subject=registry)
    return registry


# --------------------------------------------------------------------------- AB


def application_take(*, actor: User, application: Application) -> Application:
    """An AB desk or portal file goes to the executor who takes it."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="take", application=application)
        application.executor = actor
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"executor": actor.display_name},
        )
    return application


def application_assign(*, actor: User, application: Application, executor: User) -> Application:
    """The head gives a file at the AB to an executor (reg:22: the head answers for timeliness)."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="assign", application=application)
        _check_executor(executor, application)
        before = application.executor.display_name if application.executor else None
        application.executor = executor
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"executor": executor.display_name, "previous_executor": before},
        )
        notify_after_commit(
            [(executor.email, _user_language(executor))],
            lambda _lang: (
                gettext("File %(number)s is assigned to you")
                % {"number": application.request_number},
                gettext("The head assigned file %(number)s to you for checking.")
                % {"number": application.request_number},
            ),
        )
    return application


def application_request_documents(
    *, actor: User, application: Application, comment: str
) -> Application:
    """Sent back: the executor asks for a missing page (the PSC, the AB desk or the portal)."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="request_documents", application=application)
        comment = _check_comment(transition, comment)
        _move(actor=actor, application=application, transition=transition, now=now, comment=comment)
        if application.channel == Channel.PSC:
            to = _staff(
                application.district_id, Role.PSC_INSPECTOR, office=application.accepted_office
            )
        elif application.channel == Channel.AB_DESK:
            to = _staff(application.district_id, Role.AB_OFFICE_CLERK)
        else:
            to = []
        number = application.request_number
        notify_after_commit(
            [(u.email, _user_language(u)) for u in to],
            lambda _lang: (
                gettext("File %(number)s: documents requested") % {"number": number},
                gettext("The executor asks for missing documents in file %(number)s: %(comment)s")
                % {"number": number, "comment": comment},
            ),
        )
    return application


def application_supply_documents(
    *,
    actor: User,
    application: Application,
    documents: Sequence[DocumentInput],
    comment: str = "",
) -> Application:
    """The missing documents are added; the file goes back to the executor's check."""
    if not documents:
        raise KezekError(_("Add at least one document."), field="documents", code="required")
    for i, document in enumerate(documents):
        if document.doc_type not in DocumentType.values:
            raise KezekError(_("Unknown document type."), field=f"documents[{i}].doc_type")
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="supply_documents", application=application)
        for document in documents:
            document_attach(actor=actor, application=application, document=document)
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            comment=(comment or "").strip(),
            after={"documents": [d.doc_type for d in documents]},
        )
    return application


def result_draft(*, actor: User, application: Application, comment: str = "") -> ResultDraft:
    """Annex 3, action 5: the executor drafts the notification or the motivated refusal that
    the rules engine decides, freezes the decision, and passes it to the head."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="draft", application=application)
        from .selectors import decision_case_for_application

        case = decision_case_for_application(application=application)
        decision = decide_application(application=application)
        draft = ResultDraft.objects.create(
            application=application,
            kind=decision["decision"],
            decision=decision,
            case=case,
            rules_version=decision["rules_version"],
            grounds=list(decision["grounds"]),
            lists=list(decision["lists"]),
            reasons_kk=list(decision["reasons"]["kk"]),
            reasons_ru=list(decision["reasons"]["ru"]),
            comment=(comment or "").strip(),
            drafted_by=actor,
            drafted_at=now,
        )
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            comment=draft.comment,
            after={
                "result": draft.kind,
                "draft": draft.pk,
                "rules_version": draft.rules_version,
                "grounds": draft.grounds,
                "lists": draft.lists,
                "basis": list(decision["basis"]),
            },
        )
    return draft


def _awaiting_draft(application: Application) -> ResultDraft:
    draft = (
        ResultDraft.objects.select_for_update()
        .filter(application=application, state=ResultDraft.State.AWAITING_SIGNATURE)
        .order_by("-drafted_at", "-id")
        .first()
    )
    if draft is None:
        raise KezekError(_("There is no draft awaiting signature."), field="status")
    return draft


def _signed_draft(application: Application) -> ResultDraft:
    draft = (
        ResultDraft.objects.select_for_update()
        .filter(application=application, state=ResultDraft.State.SIGNED)
        .order_by("-signed_at", "-id")
        .first()
    )
    if draft is None:
        raise KezekError(_("There is no signed result."), field="status")
    return draft


def result_sign(*, actor: User, application: Application) -> ResultDraft:
    """Annex 3, action 6: the head signs. A registration notice enters the applicant in the
    housing queue in the same transaction, ordered by the time of acceptance."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="sign", application=application)
        draft = _awaiting_draft(application)
        draft.state = ResultDraft.State.SIGNED
        draft.signed_by = actor
        draft.signed_at = now
        if draft.kind == Decision.REGISTER:
            queue_link.register(actor=actor, application=application, lists=list(draft.lists))
            draft.queue_positions = [list(p) for p in queue_link.positions(application=application)]
        draft.save()
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={
                "result": draft.kind,
                "draft": draft.pk,
                "grounds": draft.grounds,
                "lists": draft.lists,
                "queue_positions": draft.queue_positions,
            },
        )
    return draft


def result_return(*, actor: User, application: Application, comment: str) -> ResultDraft:
    """The head sends the draft back to the executor with a comment."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="return_draft", application=application)
        comment = _check_comment(transition, comment)
        draft = _awaiting_draft(application)
        draft.state = ResultDraft.State.RETURNED
        draft.returned_by = actor
        draft.returned_at = now
        draft.return_comment = comment
        draft.save()
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            comment=comment,
            after={"draft": draft.pk},
        )
        executor = application.executor
        if executor is not None:
            number = application.request_number
            notify_after_commit(
                [(executor.email, _user_language(executor))],
                lambda _lang: (
                    gettext("File %(number)s: the draft is sent back") % {"number": number},
                    gettext("The head sent back the draft of file %(number)s: %(comment)s")
                    % {"number": number, "comment": comment},
                ),
            )
    return draft


def result_register(*, actor: User, application: Application) -> ResultDraft:
    """Annex 3, action 7: the signed result is registered at the AB office (for a PSC file, the
    transfer to the PSC). A portal result goes on to the personal cabinet at once (reg:18)."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="register_result", application=application)
        draft = _signed_draft(application)
        office = actor.office
        assert office is not None
        year = local_date(now).year
        number = _next_number(kind=Counter.Kind.OUTGOING, office=office, year=year)
        draft.outgoing_number = f"{office.code.upper()}-{year}-{number:05d}"
        draft.registered_by = actor
        draft.registered_at = now
        draft.save()
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"outgoing_number": draft.outgoing_number, "result": draft.kind},
        )
        if application.channel == Channel.PORTAL:
            _deliver_to_cabinet(application=application, draft=draft, now=now)
        # The result document carries the outgoing number given here; the head's signature of
        # action 6 goes onto it as their EDS when it is sent electronically (reg:18).
        document_issue_after_commit(
            actor=actor,
            kind="registration_notice" if draft.kind == Decision.REGISTER else "motivated_refusal",
            application=application,
        )
    return draft


def _deliver_to_cabinet(*, application: Application, draft: ResultDraft, now: dt.datetime) -> None:
    transition = find_transition(
        action="deliver", status=application.status, channel=application.channel
    )
    assert SYSTEM in transition.roles
    email = application.contact_email or application.applicant.email
    entry = IssueJournalEntry.objects.create(
        application=application,
        result=draft,
        office=None,
        year=local_date(now).year,
        number=None,
        issued_at=now,
        issued_by=None,
        issued_by_name=gettext("E-government portal"),
        recipient=IssueJournalEntry.Recipient.PERSONAL_CABINET,
        recipient_name=application.applicant.full_name,
        recipient_iin=application.applicant.iin,
        delivered_to_email=email,
    )
    _move(
        actor=None,
        application=application,
        transition=transition,
        now=now,
        after={"issue_entry": entry.pk, "email": email},
        actor_label="system",
    )
    number = application.request_number
    kind = draft.kind
    notify_after_commit(
        [(email, application.language)],
        lambda _lang: (
            gettext("The result of your application %(number)s is ready") % {"number": number},
            gettext(
                "The result of your application %(number)s (%(result)s) is in your personal "
                "cabinet on the e-government portal."
            )
            % {"number": number, "result": Decision(kind).label},
        ),
    )


def result_receive_at_psc(*, actor: User, application: Application) -> ResultDraft:
    """The PSC receives the registered result from the AB (reg:9.1: one day before the term)."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="receive_result", application=application)
        draft = _signed_draft(application)
        draft.received_at_psc_by = actor
        draft.received_at_psc_at = now
        draft.save()
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={"outgoing_number": draft.outgoing_number},
        )
    return draft


@dataclass(frozen=True)
class RecipientInput:
    """Who takes the result (reg:18): the applicant in person, or a representative with a power
    of attorney (given here, or the one recorded at acceptance)."""

    kind: str = IssueJournalEntry.Recipient.APPLICANT
    full_name: str = ""
    iin: str = ""
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None


def _recipient(
    application: Application, recipient: RecipientInput, today: dt.date
) -> dict[str, Any]:
    if recipient.kind == IssueJournalEntry.Recipient.APPLICANT:
        return {
            "recipient": recipient.kind,
            "recipient_name": application.applicant.full_name,
            "recipient_iin": application.applicant.iin,
        }
    if recipient.kind != IssueJournalEntry.Recipient.REPRESENTATIVE:
        raise KezekError(_("Choose the applicant or a representative."), field="recipient")
    recorded = getattr(application, "representative", None)
    name = recipient.full_name.strip() or (recorded.full_name if recorded else "")
    iin = recipient.iin.strip() or (recorded.iin if recorded else "")
    number = recipient.power_of_attorney_number.strip() or (
        recorded.power_of_attorney_number if recorded else ""
    )
    date = recipient.power_of_attorney_date or (
        recorded.power_of_attorney_date if recorded else None
    )
    if not name:
        raise KezekError(_("This field is required."), field="recipient_name", code="required")
    try:
        parse_iin(iin)
    except IINError:
        raise KezekError(_("Give the representative's valid IIN."), field="recipient_iin") from None
    if not number or date is None:
        raise KezekError(
            _(
                "A representative takes the result only with a power of attorney: give its number and date."
            ),
            field="power_of_attorney_number",
            code="required",
        )
    if (
        recorded is not None
        and recorded.iin == iin
        and recorded.power_of_attorney_valid_until is not None
        and recorded.power_of_attorney_valid_until < today
    ):
        raise KezekError(
            _("The power of attorney expired on %(date)s.")
            % {"date": recorded.power_of_attorney_valid_until.strftime("%d.%m.%Y")},
            field="power_of_attorney_number",
            code="expired",
        )
    return {
        "recipient": recipient.kind,
        "recipient_name": name,
        "recipient_iin": iin,
        "power_of_attorney_number": number,
        "power_of_attorney_date": date,
    }


def result_issue(
    *, actor: User, application: Application, recipient: RecipientInput | None = None
) -> IssueJournalEntry:
    """Annex 3, action 8 / reg:18: the result is handed out, recorded in the issue journal."""
    recipient = recipient or RecipientInput()
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="issue", application=application)
        who = _recipient(application, recipient, local_date(now))
        draft = _signed_draft(application)
        office = actor.office
        assert office is not None
        year = local_date(now).year
        entry = IssueJournalEntry.objects.create(
            application=application,
            result=draft,
            office=office,
            year=year,
            number=_next_number(kind=Counter.Kind.ISSUE_JOURNAL, office=office, year=year),
            issued_at=now,
            issued_by=actor,
            issued_by_name=actor.display_name,
            **who,
        )
        _move(
            actor=actor,
            application=application,
            transition=transition,
            now=now,
            after={
                "issue_entry": entry.pk,
                "journal_number": entry.number,
                "recipient": entry.recipient,
                "recipient_name": entry.recipient_name,
                "office": office.code,
            },
        )
    return entry


def application_withdraw(*, actor: User, application: Application, comment: str) -> Application:
    """The applicant withdraws the application (a written request) before a result is signed."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock(application)
        transition = _authorize(actor=actor, action="withdraw", application=application)
        comment = _check_comment(transition, comment)
        _move(actor=actor, application=application, transition=transition, now=now, comment=comment)
    return application
