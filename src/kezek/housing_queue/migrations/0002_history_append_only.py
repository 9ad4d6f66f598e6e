"""The database refuses changes to the queue history, as it does for the audit log (ADR 0002)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER queue_event_no_update BEFORE UPDATE ON housing_queue_queueevent
       BEGIN SELECT RAISE(ABORT, 'queue history is append-only'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION queue_event_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'queue history is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER queue_event_no_change BEFORE UPDATE OR DELETE ON housing_queue_queueevent
       FOR EACH ROW EXECUTE FUNCTION queue_event_append_only();""",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    for sql in POSTGRES if vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS queue_event_no_change ON housing_queue_queueevent")
        schema_editor.execute("DROP FUNCTION IF EXISTS queue_event_append_only()")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS queue_event_no_update")


class Migration(migrations.Migration):
    dependencies = [("housing_queue", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
