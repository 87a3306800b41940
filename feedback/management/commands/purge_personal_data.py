"""Delete the contact messages and error reports older than their retention period (cron, daily)."""

from django.core.management.base import BaseCommand

from feedback.retention import purge


class Command(BaseCommand):
    help = (
        "Supprime les messages de contact et signalements d'erreur plus anciens que leur durée de "
        "conservation (CONTACT_RETENTION_DAYS, REPORT_RETENTION_DAYS). À lancer chaque jour (cron)."
    )

    def handle(self, *args, **options):
        purged = purge()
        # Counts only: nothing personal is written.
        self.stdout.write(
            f"{purged.contact_messages} message(s) de contact et {purged.error_reports} signalement(s) supprimé(s)."
        )
