from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismsConfig(AppConfig):
    name = "organisms"
    verbose_name = _("Organismes et acteurs")
