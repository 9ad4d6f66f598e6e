from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "last_name", "first_name", "role", "office", "is_active"]
    list_filter = ["role", "office__district", "office", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Kezek"), {"fields": ("patronymic", "phone", "role", "office", "preferred_language")}),
    )
