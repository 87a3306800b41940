from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from common import lookups
from common.collation import register_sqlite_collation


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which the app registry
        # loads only after every AppConfig is created (Django's rule for signal registration).
        from . import photos  # noqa: F401, PLC0415 — photo files follow their rows (signals); imports models
        from .search import signals as search_signals  # noqa: PLC0415 — AppConfig.ready: imports models

        # Names sorted in French order on SQLite too (common/collation.py).
        connection_created.connect(register_sqlite_collation, dispatch_uid="projects.sqlite_collation")
        search_signals.connect()
        lookups.register()  # field__any_of=[ids]: one array parameter on PostgreSQL
