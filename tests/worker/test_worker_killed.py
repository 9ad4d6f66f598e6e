"""A worker killed with SIGKILL at random points, again and again, loses no message: started
once more, it delivers every one. A duplicate can arise only when the kill falls between the
SMTP server's acceptance and the outbox's record of it (ADR 0011); the test counts them, and
each carries the same Message-ID as its first copy, so a mail client can drop it.

Real processes against one PostgreSQL database: `kezek worker` in a child process, the SMTP
server in this one. PostgreSQL only (a child cannot share SQLite's in-memory test database).
"""

from __future__ import annotations

import asyncio
import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from kezek.paperwork.choices import DeliveryStatus, MessageChannel
from kezek.paperwork.models import OutboxMessage
from kezek.paperwork.services.outbox import Outgoing, outbox_messages_queue
from tests.servers import Inbox, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MESSAGES = 80
KILLS = 6


class SlowInbox(Inbox):
    """An SMTP server that takes 40 ms to accept each recipient, so that kills land mid-delivery;
    the DATA it then accepts at once, as a real server does, so the window between its
    acceptance and the outbox's record is as short as in production."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        await asyncio.sleep(0.04)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _worker_settings(tmp_path: Path, smtp_port: int) -> dict[str, str]:
    """The child's settings: the test database, the database task backend, SMTP to our port."""
    (tmp_path / "worker_settings.py").write_text(
        "from kezek.settings.test import *  # noqa: F403\n"
        'TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}\n'
        'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\n'
        f"EMAIL_PORT = {smtp_port}\n"
        "EMAIL_TIMEOUT = 5\n"
        "KEZEK_OUTBOX_STALE_SECONDS = 2\n"
        "KEZEK_PERIODIC_TASKS = {\n"
        '    "outbox-sweep": {"task": "kezek.paperwork.tasks.outbox_sweep_task", "every_seconds": 1}\n'
        "}\n",
        encoding="utf-8",
    )
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="worker_settings",
        PYTHONPATH=f"{tmp_path}{os.pathsep}{env.get('PYTHONPATH', '')}",
        DATABASE_URL=url,
        EMAIL_HOST="127.0.0.1",
    )
    return env


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    kezek = Path(sys.executable).with_name("kezek")
    return subprocess.Popen(
        [str(kezek), "worker", "--interval", "0.2", "--no-startup-delay", "-v", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigkill_mid_delivery_loses_nothing(settings, district, tmp_path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    port = free_port()
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = _worker_settings(tmp_path, port)
    queued = outbox_messages_queue(
        messages=[
            Outgoing(
                MessageChannel.EMAIL, f"c{n}@example.kz", "kk", "citizen.accepted", f"S{n}", "B"
            )
            for n in range(MESSAGES)
        ],
        district_id=district.pk,
    )
    rng = random.Random(12)  # a fixed seed: the same kill points on every run
    try:
        for _ in range(KILLS):
            worker = _worker(env)
            received = len(inbox.messages)
            deadline = time.monotonic() + 30
            while len(inbox.messages) == received and time.monotonic() < deadline:
                time.sleep(0.01)  # until this worker is sending
            time.sleep(rng.uniform(0, 0.3))  # then a random point of its work
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        sent_before_the_last_start = OutboxMessage.objects.filter(
            status=DeliveryStatus.SENT
        ).count()
        worker = _worker(env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if not OutboxMessage.objects.exclude(status=DeliveryStatus.SENT).exists():
                break
            time.sleep(0.3)
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=30)
    finally:
        controller.stop()

    assert worker.returncode == 0, err.decode()[-2000:]
    statuses = collections.Counter(OutboxMessage.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.SENT: MESSAGES}
    assert 0 < sent_before_the_last_start < MESSAGES  # the kills did fall mid-delivery
    ids = collections.Counter(m["Message-ID"] for m in inbox.messages)
    expected = {m.message_id for m in OutboxMessage.objects.filter(pk__in=[q.pk for q in queued])}
    assert set(ids) == expected  # every message arrived, under its own Message-ID
    duplicates = sum(count - 1 for count in ids.values())
    # Each kill can catch at most one message between acceptance and record (one at a time).
    assert duplicates <= KILLS
    print(f"\n{MESSAGES} messages, {KILLS} kills: {duplicates} duplicate(s)")
