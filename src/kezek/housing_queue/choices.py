"""Codes of the housing queue, with labels for people (kk/ru via gettext) and their legal basis."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("In the queue")
    ALLOCATED = "allocated", _("Dwelling provided")
    REMOVED = "removed", _("Removed from the register")


class EventType(models.TextChoices):
    """What happened to an entry; every change is one event in the append-only history."""

    REGISTERED = "registered", _("Registered in the queue")  # reg:5
    IMPORTED = "imported", _("Taken over from the district's list")
    ALLOCATED = "allocated", _("Dwelling provided")
    REMOVED = "removed", _("Removed from the register")
    REINSTATED = "reinstated", _("Reinstated in the queue")
    HOLDER_REPLACED = "holder_replaced", _("Place kept by a family member")


# How an event moves the entries behind it: +1 one more family ahead, -1 one fewer.
EVENT_SHIFT: dict[str, int] = {
    EventType.REGISTERED: 1,
    EventType.IMPORTED: 1,
    EventType.REINSTATED: 1,
    EventType.ALLOCATED: -1,
    EventType.REMOVED: -1,
    EventType.HOLDER_REPLACED: 0,
}
ACTIVATING_EVENTS = (EventType.REGISTERED, EventType.IMPORTED, EventType.REINSTATED)


class RemovalReason(models.TextChoices):
    """Grounds of removal from the register (есептен шығару), Law «On housing relations» art. 73."""

    HOUSING_OBTAINED = "housing_obtained", _("Obtained a dwelling by own means")
    MOVED_AWAY = "moved_away", _("Moved to another locality")
    FALSE_INFORMATION = "false_information", _("False information at registration")
    NO_LONGER_IN_NEED = "no_longer_in_need", _("No longer in need of housing")
    OWN_REQUEST = "own_request", _("The citizen's own request")
    DEATH = "death", _("Death of the citizen")


@dataclass(frozen=True)
class LegalBasis:
    text: Promise  # the article of the law, translated
    clauses: tuple[str, ...]  # the regulation's clauses it rests on


# reg:4 names the Law «On housing relations»; its art. 73 lists the grounds of removal and
# art. 74 the order in which dwellings are provided. Own request: the registration rules
# (Government decree No. 856, cited by reg:4) let a citizen leave the register at will.
REMOVAL_BASIS: dict[str, LegalBasis] = {
    RemovalReason.HOUSING_OBTAINED: LegalBasis(
        _("Law «On housing relations», art. 73 p. 1 sp. 4"), ("reg:4", "reg:8.1")
    ),
    RemovalReason.MOVED_AWAY: LegalBasis(
        _("Law «On housing relations», art. 73 p. 1 sp. 2"), ("reg:4", "reg:6")
    ),
    RemovalReason.FALSE_INFORMATION: LegalBasis(
        _("Law «On housing relations», art. 73 p. 1 sp. 3"), ("reg:4", "reg:12.6")
    ),
    RemovalReason.NO_LONGER_IN_NEED: LegalBasis(
        _("Law «On housing relations», art. 73 p. 1 sp. 1"), ("reg:4", "reg:8")
    ),
    RemovalReason.OWN_REQUEST: LegalBasis(
        _("The citizen's written request; Government decree No. 856 of 26.06.2012"), ("reg:4",)
    ),
    RemovalReason.DEATH: LegalBasis(_("Law «On housing relations», art. 73 p. 2"), ("reg:4",)),
}
ALLOCATION_BASIS = LegalBasis(
    _("Law «On housing relations», art. 74: dwellings are provided in the order of the queue"),
    ("reg:4", "reg:5"),
)
SUCCESSION_BASIS = LegalBasis(
    _(
        "Law «On housing relations», art. 73 p. 2: the place is kept by the family members who remain, with the original date"
    ),
    ("reg:4",),
)
REINSTATEMENT_BASIS = LegalBasis(
    _("The removal was annulled; the entry returns to its original place"), ("reg:4", "reg:5")
)
IMPORT_BASIS = LegalBasis(
    _("Queue kept by the district before Kezek, taken over with the original dates"),
    ("reg:5", "reg:6"),
)
