"""Send the queued e-mails that are due (cron, every minute or so); ``--purge`` also deletes
the messages sent more than ``OUTBOX_RETENTION_DAYS`` ago."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from outbox.mail import purge_sent, send_due


class Command(BaseCommand):
    help = "Envoie les courriels en attente (et réessaie ceux qui ont échoué) ; --purge supprime les anciens envoyés."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="Nombre maximal de courriels envoyés.")
        parser.add_argument(
            "--purge", action="store_true", help="Supprimer aussi les courriels envoyés au-delà de la rétention."
        )

    def handle(self, *args: Any, limit: int, purge: bool, **options: Any) -> None:
        if purge:
            self.stdout.write(f"{purge_sent()} sent message(s) purged.")
        outcome = send_due(limit=limit)
        self.stdout.write(f"{outcome.sent} message(s) sent.")
        if outcome.failed:
            # Non-zero exit for cron and monitoring; the messages stay queued and are retried.
            raise CommandError(
                f"{len(outcome.failed)} message(s) not sent, kept for a later attempt:\n" + "\n".join(outcome.failed)
            )
