from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """Every page a visitor sees: home, list, project, territories, organisms, sources, glossary."""

    name = "public"
    verbose_name = _("Pages publiques")
