"""Background tasks of the registries, run by `kezek worker` (ADR 0011, ADR 0013)."""

from __future__ import annotations

from django_tasks import task

from .services import register_queries_due, register_queries_run


@task()
def register_queries_run_task(*, application_id: int) -> dict[str, int]:
    return register_queries_run(application_id=application_id)


@task()
def register_queries_sweep_task() -> dict[str, int]:
    """Every file with a fact due for a (re)try, and those a lost task left waiting."""
    return register_queries_due(limit=200)
