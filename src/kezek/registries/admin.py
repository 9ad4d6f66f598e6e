"""The registers' records in the admin, read-only: the access log is evidence, never edited."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import GatewayCall, RegisterQuery


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GatewayCall)
class GatewayCallAdmin(ReadOnly, admin.ModelAdmin[GatewayCall]):
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
class RegisterQueryAdmin(ReadOnly, admin.ModelAdmin[RegisterQuery]):
    list_display = ["application", "register", "subject_iin", "subject_role", "status", "attempts"]
    list_filter = ["register", "status"]
    search_fields = ["subject_iin", "application__request_number"]
    list_select_related = ["application"]
