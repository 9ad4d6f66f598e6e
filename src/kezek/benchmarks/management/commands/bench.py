"""kezek bench SUITE [options]: benchmarks that print numbers (docs/performance.md records them).

Each suite lives beside its code as `run_benchmark(argv) -> dict` and parses its own options.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

SUITES = {
    "queue": "kezek.benchmarks.queue.run",
    "receipt": "kezek.benchmarks.receipt",
    "registries": "kezek.benchmarks.registries",
}


class Command(BaseCommand):
    help = "Run a benchmark suite and print its figures: kezek bench queue --entries N --json"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("suite", choices=sorted(SUITES))
        parser.add_argument(
            "options", nargs="*", help="the suite's own options (see kezek bench SUITE -- --help)"
        )

    def run_from_argv(self, argv: list[str]) -> None:
        # Pass everything after the suite name through untouched, so suites own their flags.
        if len(argv) >= 3 and argv[2] in SUITES:
            self._run(argv[2], argv[3:])
            return
        super().run_from_argv(argv)

    def handle(self, *args: Any, **options: Any) -> None:
        self._run(options["suite"], options["options"])

    def _run(self, suite: str, argv: list[str]) -> None:
        module = importlib.import_module(SUITES[suite])
        result = module.run_benchmark(argv)
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
