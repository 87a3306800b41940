from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which the app registry
        # loads only after every AppConfig is created (Django's rule for signal registration).
        from django.db.backends.signals import connection_created

        from . import photos  # noqa: F401 — photo files follow their rows (signals)
        from .search import signals as search_signals
        from .search.query import set_trigram_threshold

        connection_created.connect(set_trigram_threshold, dispatch_uid="projects.trigram_threshold")
        search_signals.connect()
