from django.contrib import admin

from .models import District, Office, Settlement


class OfficeInline(admin.TabularInline[Office, District]):
    model = Office
    extra = 0
    fields = ["code", "kind", "name_kk", "name_ru", "phones", "is_active"]


class SettlementInline(admin.TabularInline[Settlement, District]):
    model = Settlement
    extra = 0
    fields = ["kato", "kind", "name_kk", "name_ru"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name_kk", "name_ru", "region_kk"]
    inlines = [OfficeInline, SettlementInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["code", "name_kk", "kind", "district", "phones", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    search_fields = ["code", "name_kk", "name_ru"]
