"""The e-mail deliveries become the one outbox of messages: e-mail and SMS, with or without a
document, each with its rendered text and the file it concerns. Existing rows are kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_alter_application_status"),
        ("offices", "0002_annex1_district"),
        ("paperwork", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="EmailDelivery", new_name="OutboxMessage"),
        migrations.RenameField(model_name="outboxmessage", old_name="to", new_name="recipient"),
        migrations.AlterField(
            model_name="outboxmessage",
            name="recipient",
            field=models.CharField(max_length=254, verbose_name="recipient"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="emails",
                to="paperwork.issueddocument",
                verbose_name="document",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="channel",
            field=models.CharField(
                choices=[("email", "E-mail"), ("sms", "SMS")],
                default="email",
                max_length=10,
                verbose_name="channel",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="application",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="outbox_messages",
                to="applications.application",
                verbose_name="application",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="template",
            field=models.CharField(default="document", max_length=60, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="subject",
            field=models.CharField(blank=True, max_length=300, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="body",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to be sent"),
                    ("sending", "Being sent"),
                    ("sent", "Sent"),
                    ("failed", "Failed, will be retried"),
                    ("refused", "Refused: the address or number is wrong"),
                ],
                db_index=True,
                default="pending",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterModelOptions(
            name="outboxmessage",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "outgoing message",
                "verbose_name_plural": "outgoing messages",
            },
        ),
        migrations.RenameIndex(
            model_name="outboxmessage",
            new_name="paperwork_o_distric_b79266_idx",
            old_name="paperwork_e_distric_b87ae3_idx",
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                fields=["status", "next_attempt_at"], name="paperwork_o_status_5a32e4_idx"
            ),
        ),
    ]
