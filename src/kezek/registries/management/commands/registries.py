"""kezek registries …: the state registers from the console.

    kezek registries simulator --port PORT [--seed N] [--households N]
    kezek registries fetch IIN [--json] [--on YYYY-MM-DD] [--no-family]

`simulator` serves a fictitious population over the gateway's protocol on 127.0.0.1, checking
the senders' signatures with the project's backend (KEZEK_REGISTRIES_SIMULATOR_VERIFY), until
interrupted (Ctrl-C or SIGTERM). `fetch` prints what every register says of one person and their
family (the spouse and children the civil status records name), with each answer's source,
time and SHA-256; every call is recorded as the operator's (Purpose.OPERATOR). Each action is one subparser and one method, so that others
(`fetch`) sit beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import signal
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from kezek.core.iin import IINError, parse_iin
from kezek.signatures import get_backend

from ...client import CallResult, registries_configured
from ...models import Purpose
from ...services import facts_json, person_registers_consult
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
        actions = parser.add_subparsers(dest="action", required=True, metavar="{simulator,fetch}")
        sim = actions.add_parser(
            "simulator", help="serve a fictitious population over the gateway's protocol"
        )
        sim.add_argument("--port", required=True, type=_port, help="on 127.0.0.1 (0: any free)")
        sim.add_argument("--seed", type=int, default=DEFAULT_SEED)
        sim.add_argument("--households", type=_households, default=DEFAULT_HOUSEHOLDS)

        fetch = actions.add_parser(
            "fetch", help="what every register says of one person and their family"
        )
        fetch.add_argument("iin", help="the person's IIN (12 digits)")
        fetch.add_argument("--json", action="store_true", help="print JSON")
        fetch.add_argument("--on", help="the date the facts are asked for (income), YYYY-MM-DD")
        fetch.add_argument("--no-family", action="store_true", help="the person only")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {"simulator": self._simulator, "fetch": self._fetch}
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
        if settings.KEZEK_REGISTRIES_SIMULATOR_EXTRA:
            try:
                import_string(settings.KEZEK_REGISTRIES_SIMULATOR_EXTRA)(population)
            except (ImportError, ValueError) as exc:
                raise CommandError(
                    f"KEZEK_REGISTRIES_SIMULATOR_EXTRA: {exc}", returncode=2
                ) from None
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

    # ------------------------------------------------------------------ fetch

    def _fetch(self, options: dict[str, Any]) -> None:
        try:
            iin = parse_iin(options["iin"]).value
        except IINError as exc:
            raise CommandError(f"iin: {exc.message}", returncode=2) from None
        on = timezone.localdate()
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on: not a date (YYYY-MM-DD)", returncode=2) from None
        if not registries_configured():
            raise CommandError("KEZEK_REGISTRIES_URL is not set: no register to ask", returncode=2)
        results = person_registers_consult(
            iin=iin, on=on, purpose=Purpose.OPERATOR, family=not options["no_family"]
        )
        report = {
            subject: {register: _result_json(result) for register, result in answers.items()}
            for subject, answers in results.items()
        }
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"iin": iin, "on": on.isoformat(), "persons": report},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for subject, answers in report.items():
                self.stdout.write(f"{subject}:")
                for register, item in answers.items():
                    line = f"  {register}: {item['outcome']}"
                    if item["error"]:
                        line += f" ({item['error']})"
                    self.stdout.write(line)
        failed = [r for answers in results.values() for r in answers.values() if not r.settled]
        if failed:
            raise CommandError(f"{len(failed)} register call(s) did not settle", returncode=1)


def _result_json(result: CallResult) -> dict[str, Any]:
    return {
        "source": result.register.value,
        "outcome": result.outcome,
        "message_id": result.message_id,
        "obtained_at": result.answered_at.isoformat(),
        "sha256": result.sha256,
        "error": result.error,
        "facts": facts_json(result.facts),
    }
