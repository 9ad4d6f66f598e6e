"""Annex 1 of the regulation: the Aktogay district and its offices, the default tenant."""

from django.db import migrations

from kezek.offices.annex1 import DISTRICT, OFFICES


def load(apps, schema_editor):
    District = apps.get_model("offices", "District")
    Office = apps.get_model("offices", "Office")
    district, _ = District.objects.get_or_create(code=DISTRICT["code"], defaults=DISTRICT)
    for office in OFFICES:
        Office.objects.get_or_create(code=office["code"], defaults={**office, "district": district})


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
