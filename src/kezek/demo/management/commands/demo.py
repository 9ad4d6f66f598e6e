from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kezek.accounts.models import User
from kezek.demo.loader import demo_load
from kezek.demo.people import DEMO_PASSWORD, STAFF


class Command(BaseCommand):
    help = "Load the demo district (Annex 1), one account per role and about twenty applicants. Safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-new",
            action="store_true",
            help="load only into a database without staff (used by `make run`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_new"] and User.objects.exclude(role="").exists():
            self.stdout.write("The database already has staff; the demo was not loaded again.")
            logins = ", ".join(row[0] for row in STAFF)
            self.stdout.write(
                f"Demo logins, if the demo was loaded before: {logins} (password {DEMO_PASSWORD})"
            )
            return
        result = demo_load()
        created_staff = sum(1 for *_, created in result["staff"] if created)
        created_apps = sum(1 for *_, created in result["applications"] if created)
        self.stdout.write(f"Demo logins (password for all: {result['password']}):")
        for username, role, office, _created in result["staff"]:
            self.stdout.write(f"  {username:<12} {role} ({office})")
        self.stdout.write("Demo applications:")
        for number, name, channel, status, _created in result["applications"]:
            self.stdout.write(f"  {number}  {channel:<8} {status:<40} {name}")
        self.stdout.write(
            f"Created now: {created_staff} accounts, {created_apps} applications (the rest existed)."
        )
