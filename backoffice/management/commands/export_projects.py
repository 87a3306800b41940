import sys

from django.core.management.base import BaseCommand, CommandError

from backoffice.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from projects.models import Project


class Command(BaseCommand):
    help = (
        "Export projects (all, drafts included, or those given by slug) in the import format (docs/import_format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these projects (default: all).")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, slugs, format, output, **options):
        projects = Project.objects.filter(revision_of__isnull=True)  # pending revisions are not projects
        if slugs:
            projects = projects.filter(slug__in=slugs)
            missing = set(slugs) - set(projects.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Unknown projects: {', '.join(sorted(missing))}")
        data = (spreadsheet_xlsx if format == "xlsx" else spreadsheet_csv)(projects)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"{projects.count()} projects written to {output}")
        else:
            sys.stdout.buffer.write(data)
