from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import CalendarDay, SubsistenceMinimum
from .services import reference_row_delete, reference_row_save


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Admin edits go through the audited services, like every other write."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        reference_row_save(actor=request.user, obj=obj)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        reference_row_delete(actor=request.user, obj=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            reference_row_delete(actor=request.user, obj=obj)  # type: ignore[arg-type]


@admin.register(SubsistenceMinimum)
class SubsistenceMinimumAdmin(AuditedAdmin):
    list_display = ["effective_from", "amount", "confidence", "source"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
