from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.db import connections
from django.db.backends.signals import connection_created

from common.validators import refuse_control_characters

from .prepared_statements import install_replanning


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"
    default = True

    # Every text field of these apps refuses control characters (common/validators.py).
    TEXT_APPS = ("accounts", "geo", "organisms", "projects", "caching", "feedback")

    def ready(self):
        for label in self.TEXT_APPS:
            refuse_control_characters(apps.get_app_config(label).get_models())
        # PostgreSQL: a statement prepared before a schema change is prepared again (prepared_statements.py).
        connection_created.connect(install_replanning, dispatch_uid="catalogue.replanning")
        for connection in connections.all(initialized_only=True):
            install_replanning(None, connection)


class CatalogueAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the catalogue's site: editors' dashboard and invitation links."""

    default = False
    default_site = "backoffice.site.CatalogueAdminSite"
