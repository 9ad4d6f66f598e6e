"""kezek paperwork render|sample|deliver: documents from the command line.

    kezek paperwork render KIND REQUEST_NUMBER --lang kk|ru --out FILE.pdf [--new]
    kezek paperwork sample --out DIR [--lang kk|ru] [--issue]
    kezek paperwork deliver [--limit N]

Bad arguments end with exit status 2 and one line naming the argument.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kezek.applications.models import Application
from kezek.common.errors import KezekError

from ...choices import DocumentKind
from ...rendering import render_pdf
from ...selectors import latest_document
from ...services.issue import paperwork_issue
from ...services.outbox import outbox_deliver_due
from ...sources import samples_source, subject_finder

#: What is said when an application has no record a document of this kind is made from.
NO_SUBJECT: dict[str, str] = {
    DocumentKind.DISPATCH_REGISTRY: "{number} was not sent in a registry",
    DocumentKind.BATCH_RECEIPT: "{number} was not sent in a registry",
    DocumentKind.ISSUE_JOURNAL: "the result of {number} was not issued yet",
    DocumentKind.QUEUE_LIST: "{number} is not in the housing queue",
}


class OneLineParser(CommandParser):
    """argparse errors as one line (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            self.exit(2, f"{self.prog}: error: {message}\n")
        raise CommandError(f"Error: {message}", returncode=2)


def _fail(message: str) -> NoReturn:
    raise CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Render documents (render, sample) and send the queued e-mails (deliver)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="action",
            required=True,
            parser_class=OneLineParser,
            metavar="{render,sample,deliver}",
        )
        render = commands.add_parser("render", help="render a document of an application")
        render.add_argument("kind", choices=DocumentKind.values, metavar="KIND")
        render.add_argument("request_number", metavar="REQUEST_NUMBER")
        render.add_argument("--lang", choices=["kk", "ru"], default=None)
        render.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
        render.add_argument(
            "--new", action="store_true", help="issue a new document even if one was issued"
        )
        sample = commands.add_parser("sample", help="every kind, both languages, for the demo")
        sample.add_argument("--out", required=True, type=Path, metavar="DIR")
        sample.add_argument("--lang", choices=["kk", "ru"], action="append", default=None)
        sample.add_argument(
            "--issue",
            action="store_true",
            help="store the samples as issued documents, so their QR codes verify",
        )
        deliver = commands.add_parser(
            "deliver", help="send the messages that are due now (the worker does it every minute)"
        )
        deliver.add_argument("--limit", type=int, default=100)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "render":
                self._render(options)
            elif action == "sample":
                self._sample(options)
            else:
                counts = outbox_deliver_due(limit=max(1, options["limit"]))
                self.stdout.write(
                    f"due {counts['due']}, sent {counts['sent']}, failed {counts['failed']}, "
                    f"refused {counts['refused']}"
                )
        except KezekError as exc:
            _fail(f"{exc.field}: {exc.message}" if exc.field else str(exc.message))

    # ------------------------------------------------------------------ render

    def _render(self, options: dict[str, Any]) -> None:
        kind, number, out = options["kind"], options["request_number"], options["out"]
        if out.is_dir() or not out.parent.exists():
            _fail(f"--out: cannot write {out}")
        application = (
            Application.objects.select_related("applicant", "district", "accepted_office")
            .filter(request_number=number.strip().upper())
            .first()
        )
        if application is None:
            _fail(f"REQUEST_NUMBER: no application {number}")
        language = options["lang"] or application.language
        document = None
        if not options["new"] and kind not in self.SUBJECT_KINDS:
            document = latest_document(application=application, kind=kind, language=language)
        if document is None:
            document = paperwork_issue(
                actor=None,
                kind=kind,
                application=None if kind in self.SUBJECT_KINDS else application,
                subject=self._subject(kind, application),
                language=language,
                email=False,
            )
        out.write_bytes(bytes(document.pdf))
        self.stdout.write(
            f"{out}: {document.get_kind_display()} {document.number}, code {document.display_code},"
            f" sha256 {document.sha256[:16]}…, {document.size} bytes"
        )

    SUBJECT_KINDS = (
        DocumentKind.DISPATCH_REGISTRY,
        DocumentKind.BATCH_RECEIPT,
        DocumentKind.ISSUE_JOURNAL,
        DocumentKind.QUEUE_LIST,
    )

    def _subject(self, kind: str, application: Application) -> Any:
        """The record a registry, journal or list document of this application is made from:
        the app that keeps it finds it (paperwork knows no record above it, ADR 0008)."""
        if kind not in self.SUBJECT_KINDS:
            return None
        finder = subject_finder(kind)
        if finder is None:
            _fail(f"REQUEST_NUMBER: no installed app keeps the records of {kind} documents")
        subject = finder(application=application)
        if subject is None:
            _fail("REQUEST_NUMBER: " + NO_SUBJECT[kind].format(number=application.request_number))
        return subject

    # ------------------------------------------------------------------ sample

    def _sample(self, options: dict[str, Any]) -> None:
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            _fail(f"--out: {out} is not a directory")
        out.mkdir(parents=True, exist_ok=True)
        languages = options["lang"] or ["kk", "ru"]
        source = samples_source()
        if source is None:
            _fail("sample: the demo app is not installed (kezek.demo)")
        for sample in source():
            for language in languages:
                path = out / f"{sample.kind}-{language}.pdf"
                if options["issue"]:
                    document = paperwork_issue(
                        actor=None,
                        kind=sample.kind,
                        application=sample.application,
                        subject=sample.context,
                        language=language,
                        email=False,
                    )
                    pdf, label = (
                        bytes(document.pdf),
                        f"{document.number}, code {document.display_code}",
                    )
                else:
                    pdf = render_pdf(
                        kind=sample.kind,
                        context=sample.context,
                        language=language,
                        number="SAMPLE",
                        code="0000000000",
                        issued_at=timezone.now(),
                    ).pdf
                    label = "not issued (sample)"
                path.write_bytes(pdf)
                note = f" [{sample.note}]" if sample.note else ""
                self.stdout.write(f"{path}: {label}, {len(pdf)} bytes{note}")

    def execute(self, *args: Any, **options: Any) -> Any:
        # Logging of WeasyPrint's progress is noise on a terminal.
        import logging

        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        return super().execute(*args, **options)
