"""factory_boy factories for the models the tests create."""

from __future__ import annotations

import datetime as dt

import factory

from kezek.accounts.models import User
from kezek.core.iin import Sex, make_iin


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Айжан"
    last_name = factory.Sequence(lambda n: f"Қызметкер{n}")
    password = factory.django.Password("test-password-1")


def iin_for(birth_date: dt.date, serial: int = 1, sex: Sex = Sex.MALE) -> str:
    return make_iin(birth_date, sex, serial)
