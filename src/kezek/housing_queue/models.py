"""The housing queue: lists per district (reg:6), entries with an immutable sort key, the blocks
that keep positions exact and cheap (docs/adr/0003-queue-positions.md), and the append-only
history of every change to an entry.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kezek.applications.models import Application
from kezek.common.text import active_data_language
from kezek.offices.models import District

from .choices import EntryStatus, EventType, RemovalReason
from .keys import GENERAL_PRIORITY_RANK


class QueueList(models.Model):
    """One list of one district. Its row is the lock that serializes every change to the list."""

    class Code(models.TextChoices):
        SOCIALLY_VULNERABLE = (
            "socially_vulnerable",
            _("Socially vulnerable groups"),
        )  # reg:6.1, reg:6.2
        PUBLIC_SERVANTS = (
            "public_servants",
            _("Civil servants and employees of budget organizations"),
        )  # reg:6.3
        EMERGENCY_DWELLING = (
            "emergency_dwelling",
            _("Only dwelling in emergency condition"),
        )  # reg:6.4

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="queue_lists"
    )
    code = models.CharField(_("list"), max_length=30, choices=Code.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("queue list")
        verbose_name_plural = _("queue lists")
        ordering = ["district__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "code"], name="queue_list_unique_in_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district.code}: {self.get_code_display()}"


class QueuePriorityClass(models.Model):
    """An out-of-turn class of a list, set by a later rule version; lower rank sorts first."""

    queue_list = models.ForeignKey(
        QueueList, on_delete=models.PROTECT, related_name="priority_classes"
    )
    code = models.SlugField(_("code"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("rank"))
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    clause = models.CharField(_("legal basis"), max_length=200)

    class Meta:
        verbose_name = _("priority class")
        verbose_name_plural = _("priority classes")
        ordering = ["queue_list", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["queue_list", "code"], name="priority_class_code_unique"
            ),
            models.UniqueConstraint(
                fields=["queue_list", "rank"], name="priority_class_rank_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lt=GENERAL_PRIORITY_RANK),
                name="priority_class_rank_before_general",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ru if active_data_language() == "ru" else self.name_kk


class QueueSegment(models.Model):
    """A run of consecutive blocks of one list (by ordinal range) with its count of active
    entries: the top level of the counted tree, so that a position sums a few dozen segment
    counters and the counters of the blocks before it in its own segment (ADR 0003)."""

    queue_list = models.ForeignKey(
        QueueList, on_delete=models.PROTECT, related_name="segments", db_index=False
    )
    number = models.BigIntegerField()  # block ordinal // (ORDINAL_GAP * SEGMENT_BLOCKS)
    active_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["queue_list", "number"], name="queue_segment_number_unique"
            ),
        ]
        # Covering index: the SUM of earlier segments never touches the table.
        indexes = [
            models.Index(
                fields=["queue_list", "number", "active_count"], name="queue_segment_prefix_sum"
            )
        ]

    def __str__(self) -> str:
        return f"segment {self.number} of list {self.queue_list_id}: {self.active_count}"


class QueueBlock(models.Model):
    """A run of consecutive entries of one list (in sort-key order) with its count of active ones.

    Position = active entries of the earlier segments + of the earlier blocks of its segment
    (a few dozen counters each) + active entries of this block before the key (a short index
    range). See ADR 0003.
    """

    queue_list = models.ForeignKey(
        QueueList, on_delete=models.PROTECT, related_name="blocks", db_index=False
    )
    ordinal = models.BigIntegerField()  # blocks of a list in key order; gaps leave room for splits
    segment = models.BigIntegerField(default=0)  # follows from the ordinal (QueueSegment.number)
    size = models.PositiveIntegerField(default=0)  # entries in the block, active or not
    active_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["queue_list", "ordinal"], name="queue_block_ordinal_unique"
            ),
        ]
        # Covering index: the SUM of the earlier counters of a segment never touches the table.
        indexes = [
            models.Index(
                fields=["queue_list", "segment", "ordinal", "active_count"],
                name="queue_block_segment_sum",
            )
        ]

    def __str__(self) -> str:
        return f"block {self.ordinal} of list {self.queue_list_id}: {self.active_count}/{self.size}"


class QueueEntry(models.Model):
    """One family on one list. Imported entries have no Application: the entry holds the data."""

    # No database-level FK on the four high-volume links (entry -> list, entry -> block,
    # event -> entry, event -> list): PostgreSQL checks each with a per-row trigger, which at a
    # million imported rows cost more than the load itself (ADR 0003). Rows are never deleted,
    # the links are written only by this app under the list lock, and `kezek queue verify`
    # checks them.
    queue_list = models.ForeignKey(
        QueueList,
        verbose_name=_("list"),
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
        db_constraint=False,
    )
    block = models.ForeignKey(
        QueueBlock, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queue_entries",
        db_index=False,
    )
    iin = models.CharField(_("IIN"), max_length=12)
    last_name = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    request_number = models.CharField(_("request number"), max_length=40)
    accepted_at = models.DateTimeField(_("documents accepted at"))
    registered_at = models.DateTimeField(_("registered at"))
    priority_rank = models.PositiveSmallIntegerField(default=GENERAL_PRIORITY_RANK)
    priority_class = models.CharField(_("priority class"), max_length=40, blank=True)
    # (priority rank, accepted_at, request number) as bytes: immutable, compared with memcmp.
    sort_key = models.BinaryField(max_length=300, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("queue entry")
        verbose_name_plural = _("queue entries")
        constraints = [
            models.UniqueConstraint(
                fields=["queue_list", "request_number"], name="queue_entry_request_unique_in_list"
            ),
            models.UniqueConstraint(
                fields=["queue_list", "sort_key"], name="queue_entry_list_order"
            ),
            # Imported entries have no application: they stay out of this index.
            models.UniqueConstraint(
                fields=["application", "queue_list"],
                condition=models.Q(application__isnull=False),
                name="queue_entry_one_per_application_list",
            ),
        ]
        indexes = [
            # The citizen's lookup (public API and page).
            models.Index(fields=["iin", "request_number"], name="queue_entry_lookup"),
            # Rank inside a block: a range of this index, active entries only.
            models.Index(fields=["block", "status", "sort_key"], name="queue_entry_block_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.request_number} ({self.queue_list_id})"

    @property
    def is_active(self) -> bool:
        return self.status == EntryStatus.ACTIVE

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class QueueEventQuerySet(models.QuerySet["QueueEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("queue history is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("queue history is append-only")


class QueueEvent(models.Model):
    """One change to one entry: why, on what legal basis, and where the entry stood before/after.

    `behind_count` is how many active entries stood behind it at that moment (those whose
    position the event changed); when it is not 0, `sort_key` is the entry's key, so that
    "families ahead of you" is a range condition (empty otherwise: never compared).
    Append-only, enforced by the ORM and by database triggers.
    """

    entry = models.ForeignKey(
        QueueEntry,
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
        db_constraint=False,  # see QueueEntry.queue_list
    )
    queue_list = models.ForeignKey(
        QueueList, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=RemovalReason.choices, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    clauses = models.JSONField(_("regulation clauses"), default=list)
    position_before = models.PositiveIntegerField(_("position before"), null=True, blank=True)
    position_after = models.PositiveIntegerField(_("position after"), null=True, blank=True)
    behind_count = models.PositiveIntegerField(default=0)
    sort_key = models.BinaryField(max_length=300, editable=False)
    act_id = models.UUIDField(default=uuid.uuid4)  # events written by one act share it
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = QueueEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("queue event")
        verbose_name_plural = _("queue events")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["entry", "id"], name="queue_event_entry"),
            # Only events that moved somebody: "N families ahead of you since ..." scans these.
            models.Index(
                fields=["queue_list", "occurred_at"],
                name="queue_event_moves_by_time",
                condition=models.Q(behind_count__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.event_type} {self.entry_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("queue history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("queue history is append-only")
