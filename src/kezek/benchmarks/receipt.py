"""kezek bench receipt: how long rendering a receipt PDF takes (target: median under 300 ms).

    kezek bench receipt [--renders 30] [--warmup 3] [--current-db]

By default the figures come from a fresh temporary SQLite database with the demo loaded (a
child process: migrate, demo, measure), so they do not depend on what the current database
holds. ``--current-db`` measures in the current database, on its oldest application.
Two figures: ``render`` (build the receipt's data from the application and the calendar,
template, WeasyPrint to PDF) and ``issue`` (paperwork_issue: the same plus number, code,
SHA-256, the stored row and the audit record; rolled back, nothing stays).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kezek bench receipt")
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--current-db", action="store_true")
    args = parser.parse_args(argv)
    if args.renders < 1 or args.warmup < 0:
        parser.error("--renders must be at least 1 and --warmup at least 0")
    return args


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    import logging

    from django.db import transaction
    from django.utils import timezone

    from kezek.applications.models import Application
    from kezek.paperwork.rendering import render_pdf
    from kezek.paperwork.services.issue import paperwork_issue
    from kezek.workflow.document_contexts import receipt_context

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    application = (
        Application.objects.select_related("applicant", "accepted_office", "district")
        .exclude(channel="portal")
        .order_by("accepted_at")
        .first()
    )
    if application is None:
        raise SystemExit("no application to render a receipt for: run `kezek demo` first")

    def render_once() -> int:
        context = receipt_context(application=application)
        rendered = render_pdf(
            kind="receipt",
            context=context,
            language=application.language,
            number="BENCH",
            code="0000000000",
            issued_at=timezone.now(),
        )
        return len(rendered.pdf)

    size = 0
    for _ in range(args.warmup):
        size = render_once()
    render_times = []
    for _ in range(args.renders):
        started = time.perf_counter()
        size = render_once()
        render_times.append((time.perf_counter() - started) * 1000)

    issue_times = []
    with transaction.atomic():
        for _ in range(min(args.renders, 10)):
            started = time.perf_counter()
            paperwork_issue(actor=None, kind="receipt", application=application, email=False)
            issue_times.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return {
        "suite": "receipt",
        "renders": args.renders,
        "warmup": args.warmup,
        "pdf_bytes": size,
        "render": _summary(render_times),
        "issue": _summary(issue_times),
        "target_median_ms": 300,
        "meets_target": statistics.median(render_times) < 300,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def run_benchmark(argv: list[str]) -> dict[str, Any]:
    args = _parse(argv)
    if args.current_db:
        measured = _measure(args)
        measured["database"] = "current"
        return measured
    with tempfile.TemporaryDirectory(prefix="kezek-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["KEZEK_VAR_DIR"] = tmp
        kezek = [sys.executable, "-c", "from kezek.cli import main; main()"]
        for step in (["migrate", "--noinput", "-v", "0"], ["demo"]):
            subprocess.run([*kezek, *step], env=env, check=True, capture_output=True)  # noqa: S603
        child = subprocess.run(  # noqa: S603
            [
                *kezek,
                "bench",
                "receipt",
                "--current-db",
                "--renders",
                str(args.renders),
                "--warmup",
                str(args.warmup),
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    result["database"] = "fresh SQLite with the demo"
    return result
