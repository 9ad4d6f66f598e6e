from django.contrib import admin

from kezek.common.admin import ReadOnlyAdmin

from .models import Applicant, Application, AttachedDocument, FamilyMember, Representative


class FamilyInline(admin.TabularInline[FamilyMember, Application]):
    model = FamilyMember
    extra = 0


class DocumentInline(admin.TabularInline[AttachedDocument, Application]):
    model = AttachedDocument
    extra = 0
    readonly_fields = ["sha256", "size", "added_by", "added_at"]


class RepresentativeInline(admin.StackedInline[Representative, Application]):
    model = Representative
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["request_number", "applicant", "channel", "status", "accepted_at", "district"]
    list_filter = ["district", "channel", "status"]
    search_fields = ["request_number", "applicant__iin", "applicant__last_name"]
    inlines = [RepresentativeInline, FamilyInline, DocumentInline]
    readonly_fields = ["request_number", "accepted_at", "accepted_by", "status"]
    # Files change only through the audited workflow services (ReadOnlyAdmin).


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin[Applicant]):
    list_display = ["iin", "last_name", "first_name", "patronymic", "birth_date"]
    search_fields = ["iin", "last_name", "first_name"]
