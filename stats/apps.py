from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics and comparison pages."""

    name = "stats"
    verbose_name = _("Statistiques")
