"""The registers' records in the admin, read-only: the access log is evidence, never edited."""

from django.contrib import admin

from kezek.common.admin import ReadOnlyAdmin

from .models import GatewayCall, RegisterQuery


@admin.register(GatewayCall)
class GatewayCallAdmin(ReadOnlyAdmin):
    list_display = [
        "requested_at",
        "register",
        "subject_iin",
        "purpose",
        "requested_by",
        "application",
        "outcome",
    ]
    list_filter = ["register", "purpose", "outcome"]
    search_fields = ["subject_iin", "message_id", "application__request_number"]
    date_hierarchy = "requested_at"
    list_select_related = ["requested_by", "application"]


@admin.register(RegisterQuery)
class RegisterQueryAdmin(ReadOnlyAdmin):
    list_display = ["application", "register", "subject_iin", "subject_role", "status", "attempts"]
    list_filter = ["register", "status"]
    search_fields = ["subject_iin", "application__request_number"]
    list_select_related = ["application"]
