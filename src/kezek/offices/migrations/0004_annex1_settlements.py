"""The settlements of the Annex 1 district (kezek.offices.annex1.SETTLEMENTS)."""

from django.db import migrations

from kezek.offices.annex1 import DISTRICT, SETTLEMENTS


def load(apps, schema_editor):
    District = apps.get_model("offices", "District")
    Settlement = apps.get_model("offices", "Settlement")
    district = District.objects.filter(code=DISTRICT["code"]).first()
    if district is None:
        return
    for kato, kind, name_kk, name_ru in SETTLEMENTS:
        Settlement.objects.update_or_create(
            kato=kato,
            defaults={"district": district, "kind": kind, "name_kk": name_kk, "name_ru": name_ru},
        )


def unload(apps, schema_editor):
    apps.get_model("offices", "Settlement").objects.filter(
        kato__in=[row[0] for row in SETTLEMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("offices", "0003_settlement")]
    operations = [migrations.RunPython(load, unload)]
