from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = _("Cache public")

    def ready(self):
        from .triggers import on_post_migrate  # noqa: PLC0415 — AppConfig.ready: triggers imports models

        # After every `migrate` (and test-database flush): the version row exists and every
        # table of public data carries the trigger that bumps it, new tables included.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="caching.install_triggers")
        # Any write through Django makes this process read the catalogue version again (version.py).
        from django.db import connections  # noqa: PLC0415
        from django.db.backends.signals import connection_created  # noqa: PLC0415

        from .version import install_write_watch  # noqa: PLC0415

        connection_created.connect(install_write_watch, dispatch_uid="caching.write_watch")
        for connection in connections.all(initialized_only=True):
            install_write_watch(None, connection)
