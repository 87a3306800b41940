from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data: exports, feeds, sitemaps, /donnees/, and the one definition of the public record."""

    name = "opendata"
    verbose_name = _("Données ouvertes")
