from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import photos  # noqa: F401 — photo files follow their rows (signals)
        from .search import set_trigram_threshold

        connection_created.connect(set_trigram_threshold, dispatch_uid="projects.trigram_threshold")
