from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = _("Plafonds de ressources et éligibilité")
    default_auto_field = "django.db.models.BigAutoField"
