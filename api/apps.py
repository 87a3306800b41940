from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API ouverte")

    def ready(self):
        # Registers the OpenAPI extension for the shared FilterSets.
        from . import schema  # noqa: F401, PLC0415 — AppConfig.ready: the schema extension needs the loaded apps
