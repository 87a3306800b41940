from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Catalogue"
    default = True


class CatalogueAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the catalogue's site: editors' dashboard and invitation links."""

    default = False
    default_site = "catalogue.admin.CatalogueAdminSite"
