"""``loaddata`` that restores history as it was saved (scripts/restore.sh).

django-simple-history skips raw saves but not many-to-many changes: without this, loading a
backup adds a history row per project with intervention modes. The loaded history rows are
the project's real history; nothing else is recorded while they load.
"""

from django.conf import settings
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = False
        try:
            return super().handle(*fixture_labels, **options)
        finally:
            settings.SIMPLE_HISTORY_ENABLED = enabled
