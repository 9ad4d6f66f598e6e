"""The workflow's records in the admin: read-only (they change only through the services)."""

from django.contrib import admin

from kezek.common.admin import ReadOnlyAdmin

from .models import DispatchRegistry, IssueJournalEntry, Receipt, Reminder, ResultDraft, Timeline


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["request_number", "accepted_at", "office", "result_date", "accepted_by_name"]
    search_fields = ["request_number", "applicant_iin", "applicant_name"]


@admin.register(DispatchRegistry)
class DispatchRegistryAdmin(ReadOnlyAdmin):
    list_display = ["display_number", "office", "sent_at", "sent_by", "received_at", "received_by"]
    list_filter = ["office"]


@admin.register(ResultDraft)
class ResultDraftAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "state", "drafted_at", "signed_at", "outgoing_number"]
    list_filter = ["kind", "state"]


@admin.register(IssueJournalEntry)
class IssueJournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["application", "issued_at", "issued_by_name", "recipient", "recipient_name"]


@admin.register(Timeline)
class TimelineAdmin(ReadOnlyAdmin):
    list_display = ["application", "result_due", "handover_due", "step_status", "step_due_at"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["application", "step_status", "kind", "recipient", "due_at", "created_at"]
