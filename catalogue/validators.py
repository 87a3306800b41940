"""Web addresses typed by editors or imported: http(s) only.

Django's URLValidator also accepts ftp(s); nothing else (``javascript:``, ``data:``,
``vbscript:``) ever passes, and the database refuses it too (``web_address_constraint``).
"""

from django.core.validators import URLValidator
from django.db.models import CheckConstraint, Q
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")

validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES), message=_("Saisissez une adresse web complète commençant par https:// ou http://.")
)


def web_address_constraint(field, name):
    """A CHECK: the field is empty or starts with http:// or https:// (any case)."""
    return CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__istartswith": "http://"}) | Q(**{f"{field}__istartswith": "https://"}),
        name=name,
        violation_error_message=_("Seules les adresses web en http:// ou https:// sont acceptées."),
    )
