from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"
    default = True

    # Every text field of these apps refuses control characters (catalogue/validators.py).
    TEXT_APPS = ("accounts", "geo", "organisms", "projects", "caching")

    def ready(self):
        from django.apps import apps

        from .validators import refuse_control_characters

        for label in self.TEXT_APPS:
            refuse_control_characters(apps.get_app_config(label).get_models())


class CatalogueAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the catalogue's site: editors' dashboard and invitation links."""

    default = False
    default_site = "backoffice.site.CatalogueAdminSite"
