from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from backoffice.spreadsheet import Action, FileRejected, apply, parse, validate


class Command(BaseCommand):
    help = (
        "Import projects from a CSV or XLSX file (docs/import_format.md). Shows the dry run; "
        "writes only with --confirm, all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--publish", action="store_true", help="Publish created and changed projects (default: drafts)."
        )
        parser.add_argument("--confirm", action="store_true", help="Write the import (default: dry run only).")

    def handle(self, *args, file, publish, confirm, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            data = handle.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            plan = validate(parse(data), publish=publish)
        except FileRejected as error:
            raise CommandError(str(error.message)) from None
        for row in plan.rows:
            detail = "; ".join(f"{column}: {message}" if column else message for column, message in row.errors)
            if not detail and row.changes:
                detail = ", ".join(row.changes)
            self.stdout.write(f"line {row.line}\t{row.slug}\t{row.action}\t{detail}")
        summary = ", ".join(f"{action}: {count}" for action, count in plan.counts.items())
        if plan.has_errors:
            raise CommandError(f"{len(plan.error_rows)} rows with errors, nothing imported ({summary}).")
        if not confirm:
            self.stdout.write(f"Dry run, nothing written ({summary}). Add --confirm to import.")
            return
        try:
            apply(plan)
        except DatabaseError as error:
            raise CommandError(f"Import failed, nothing written: {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Imported ({summary})."))
        if plan.count(Action.CREATE) + plan.count(Action.UPDATE) == 0:
            self.stdout.write("Nothing changed.")
