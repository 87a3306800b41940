"""Delete the alert subscriptions never confirmed (personal data: retention setting)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.services import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete alert subscriptions not confirmed within ALERTS_UNCONFIRMED_RETENTION_DAYS days."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        self.stdout.write(
            f"{deleted} unconfirmed alert subscription(s) deleted "
            f"(older than {getattr(settings, 'ALERTS_UNCONFIRMED_RETENTION_DAYS', 7)} days)."
        )
