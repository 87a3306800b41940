from django.core.management.base import BaseCommand

from eligibility.loader import load_ceilings


class Command(BaseCommand):
    help = "Charge les plafonds de ressources (eligibility/data/ceilings.json) ; relançable sans effet de bord."

    def handle(self, *args, **options):
        report = load_ceilings()
        self.stdout.write(
            f"ceilings: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.removed} removed"
        )
        for gap in report.missing:
            self.stdout.write(f"not loaded: {gap['tenure']} {gap['year']} — {gap['why']}")
