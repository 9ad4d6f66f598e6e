"""kezek worker: run background tasks and the periodic jobs (ADR 0011).

The database worker of django-tasks-db (`db_worker`), with the scheduler between batches of
tasks: run as many as you like, on as many machines as reach the database. Ctrl-C (SIGINT) or
SIGTERM lets the current task finish; a second one stops at once. `--batch` runs what is due and
exits (for a cron-only deployment, or a test).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import DatabaseError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from kezek.worker.scheduler import tick

logger = logging.getLogger("kezek.worker")


class _BatchChatter(logging.Filter):
    """The parent logs a start and an end for every batch: once a second in `make run`. Keep
    the first start; tasks, errors and the final stop are logged as before."""

    def __init__(self) -> None:
        super().__init__()
        self.started = False

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("No more tasks to run"):
            return False
        if message.startswith("Starting worker"):
            seen, self.started = self.started, True
            return not seen
        return True


class SchedulingWorker(Worker):
    """Between batches of tasks, enqueue the periodic jobs that are due."""

    def __init__(self, *, schedule: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schedule = schedule
        self.once = kwargs["batch"]

    def _tick(self) -> None:
        if not self.schedule:
            return
        try:
            tick()
        except DatabaseError:
            logger.exception("the scheduler could not reach the database; trying again later")

    def run(self) -> None:
        self.batch = True  # the parent loop returns when no task is ready
        chatter = _BatchChatter()
        logging.getLogger("django_tasks_db").addFilter(chatter)
        try:
            self._loop()
        finally:
            logging.getLogger("django_tasks_db").removeFilter(chatter)

    def _loop(self) -> None:
        while self.running:
            self._tick()
            super().run()
            self.startup_delay = False
            if self.once or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                return
            if self.running:
                time.sleep(self.interval)


class Command(DbWorkerCommand):
    help = "Run background tasks (e-mail, SMS, documents) and the periodic jobs."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Run tasks only; another worker enqueues the periodic jobs.",
        )
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = SchedulingWorker(
            schedule=options["schedule"],
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
