from typing import Any

from django.core.management.base import BaseCommand

from projects.seed import load_catalogue


class Command(BaseCommand):
    help = "Load the catalogue built from the seed documents (fixtures/*.json). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_catalogue()
        if not report.changed:
            self.stdout.write("Catalogue already up to date: nothing changed.")
            return
        for kind in ("created", "updated", "deleted"):
            for name, count in sorted(getattr(report, kind).items()):
                self.stdout.write(f"{kind}: {count} {name}")
