"""kezek registries …: the state registers from the console.

    kezek registries simulator --port PORT [--seed N] [--households N]

`simulator` serves a fictitious population over the gateway's protocol on 127.0.0.1, checking
the senders' signatures with the project's backend (KEZEK_REGISTRIES_SIMULATOR_VERIFY), until
interrupted (Ctrl-C or SIGTERM). Each action is one subparser and one method, so that others
(`fetch`) sit beside it.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kezek.signatures import get_backend

from ...simulator.population import population_generate
from ...simulator.server import HOST, SimulatorServer, Verify

DEFAULT_SEED = 2013  # the year of the regulation: any seed will do, this one is the demo's
DEFAULT_HOUSEHOLDS = 5000


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise ValueError(value)
    return port


def _households(value: str) -> int:
    count = int(value)
    if count < 1:
        raise ValueError(value)
    return count


class Command(BaseCommand):
    help = "The state registers: a simulator of the e-government gateway's registers."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{simulator}")
        sim = actions.add_parser(
            "simulator", help="serve a fictitious population over the gateway's protocol"
        )
        sim.add_argument("--port", required=True, type=_port, help="on 127.0.0.1 (0: any free)")
        sim.add_argument("--seed", type=int, default=DEFAULT_SEED)
        sim.add_argument("--households", type=_households, default=DEFAULT_HOUSEHOLDS)

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {"simulator": self._simulator}
        handlers[options["action"]](options)

    # ------------------------------------------------------------------ simulator

    def _simulator(self, options: dict[str, Any]) -> None:
        seed, households = options["seed"], options["households"]
        try:
            population = population_generate(
                seed=seed, households=households, today=timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"--households: {exc}", returncode=2) from None
        verify: Verify | None = None
        if settings.KEZEK_REGISTRIES_SIMULATOR_VERIFY:
            backend = get_backend()

            def verify(data: bytes, signature: bytes) -> object:
                return backend.verify(data=data, signature=signature)

        try:
            server = SimulatorServer(population, port=options["port"], verify=verify)
        except OSError as exc:
            raise CommandError(
                f"--port: cannot listen on {HOST}:{options['port']}: {exc}"
            ) from None

        def interrupted(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        # SIGTERM (a service manager, a test) ends it as Ctrl-C does: the port is closed.
        signal.signal(signal.SIGTERM, interrupted)
        self.stdout.write(
            f"Registers' simulator on {server.url} ({len(population)} persons, seed {seed})"
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
