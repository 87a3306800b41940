from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The editors' back-office: every admin class, forms, dashboard, spreadsheet round-trip."""

    name = "backoffice"
    verbose_name = _("Back-office")
