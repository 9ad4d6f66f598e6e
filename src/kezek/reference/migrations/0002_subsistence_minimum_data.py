"""The subsistence minimum table (subsistence-minimum.md), from the data file shipped with the rules."""

import datetime as dt
import json
from importlib import resources

from django.db import migrations


def load(apps, schema_editor):
    SubsistenceMinimum = apps.get_model("reference", "SubsistenceMinimum")
    text = resources.files("kezek.rules").joinpath("data/subsistence_minimum.json").read_text(encoding="utf-8")
    for row in json.loads(text):
        SubsistenceMinimum.objects.get_or_create(
            effective_from=dt.date.fromisoformat(row["effective_from"]),
            defaults={"amount": row["amount"], "confidence": row.get("confidence", ""), "source": row["source"]},
        )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
