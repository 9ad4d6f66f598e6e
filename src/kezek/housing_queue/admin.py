"""The queue in the admin: read-only. Every change goes through the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import QueueEntry, QueueEvent, QueueList, QueuePriorityClass


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QueueList)
class QueueListAdmin(ReadOnly, admin.ModelAdmin[QueueList]):
    list_display = ["district", "code", "created_at"]
    list_filter = ["district"]


@admin.register(QueuePriorityClass)
class QueuePriorityClassAdmin(ReadOnly, admin.ModelAdmin[QueuePriorityClass]):
    list_display = ["queue_list", "code", "rank", "name_kk", "name_ru", "clause"]


@admin.register(QueueEntry)
class QueueEntryAdmin(ReadOnly, admin.ModelAdmin[QueueEntry]):
    list_display = ["request_number", "queue_list", "status", "accepted_at", "registered_at"]
    list_filter = ["queue_list__district", "queue_list__code", "status"]
    search_fields = ["request_number", "iin"]
    exclude = ["sort_key", "block"]
    show_full_result_count = False  # a million rows: no COUNT(*) on every page


@admin.register(QueueEvent)
class QueueEventAdmin(ReadOnly, admin.ModelAdmin[QueueEvent]):
    list_display = ["occurred_at", "event_type", "reason", "entry", "actor_label"]
    list_filter = ["event_type", "reason"]
    exclude = ["sort_key"]
    raw_id_fields = ["entry"]
    show_full_result_count = False
