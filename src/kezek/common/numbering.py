"""The one way a running number is given: request numbers, documents, registries, journals.

Each counter is a row (a key, e.g. district/office, kind, year, and `last_value`) locked while it
counts, so two clerks never get the same number and no number is skipped on commit.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def counter_next(model: type[models.Model], **key: Any) -> int:
    """Lock the counter of `key` (made at zero on first use), add one, return the new value.

    Call it inside the transaction that uses the number: the row stays locked until commit."""
    manager = model._default_manager.select_for_update()
    counter, _created = manager.get_or_create(**key)
    # Read again under the lock: get_or_create may have returned a row another transaction held.
    counter = manager.get(pk=counter.pk)
    counter.last_value += 1  # type: ignore[attr-defined]
    counter.save(update_fields=["last_value"])
    return int(counter.last_value)  # type: ignore[attr-defined]
