"""Queue the e-mail digests of the alerts that are due (cron: hourly or daily; see docs/operations.md)."""

from django.core.management.base import BaseCommand

from alerts.models import Frequency
from alerts.services import send_digests


class Command(BaseCommand):
    help = (
        "Queue one digest per confirmed alert that is due (daily: 23 h since the last one, weekly: 6 days 23 h), "
        "with only what is new or changed since; then send them with send_queued_mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Frequency.values, help="Only the alerts of this frequency.")

    def handle(self, *args, frequency=None, **options):
        checked, queued = send_digests(frequency=frequency)
        self.stdout.write(f"{checked} alert(s) due, {queued} digest(s) queued.")
