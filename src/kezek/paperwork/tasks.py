"""Background tasks of the paperwork app, run by `kezek worker` (ADR 0011).

A task carries only the row's id: the row is the truth, the task a prompt to act on it. A task
that is lost (a worker killed, an enqueue after a crash) is made up by the periodic sweep.
"""

from __future__ import annotations

from django_tasks import task

from .services.orders import document_order_make, document_orders_due
from .services.outbox import outbox_deliver_due, outbox_message_send


@task()
def outbox_message_send_task(*, message_id: int) -> str:
    message = outbox_message_send(message_id=message_id)
    return message.status if message is not None else "skipped"


@task()
def outbox_sweep_task() -> dict[str, int]:
    """Every message due for a (re)try, and those a dead worker left "being sent"."""
    return outbox_deliver_due(limit=500)


@task()
def document_order_make_task(*, order_id: int) -> str:
    order = document_order_make(order_id=order_id)
    return order.status if order is not None else "skipped"


@task()
def document_orders_sweep_task() -> dict[str, int]:
    """Every document order due for a (re)try, and those a dead worker left half made."""
    return document_orders_due(limit=200)
